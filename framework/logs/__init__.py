"""Stage 2 — bytes to a table: an exception log in whatever shape it was exported.

reading.py       read_log / read_log_file / sheet_names: sniff the format, dispatch
formats.py       which reader a file needs (magic bytes, extension, first characters)
encoding.py      the text encoding, and UTF-8 for the rest
delimited.py     CSV / TSV / semicolon / pipe, via pyarrow
json_records.py  JSON arrays, objects holding one, JSON Lines
workbooks.py     Excel .xlsx sheets (openpyxl with defusedxml; rows assembled cell by cell)
archive.py       a workbook's zip, sized up from its directory before any XML is read
json_scan.py     JSON nesting and number length, checked before any parser sees the text
limits.py        every limit one upload is held to (README.md's "Limits" table)
parquet.py       Parquet files
cells.py         any cell type as text
table.py         LogTable, LogError and the steps every format shares
samples.py       the sample logs in data/
"""
