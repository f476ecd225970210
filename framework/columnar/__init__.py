"""Arrow and numpy helpers the later stages share: columns as integer codes, byte-level
text masks, and timestamps parsed in whatever convention a log used.

    coded.py       Coded (codes per row into distinct labels), encode, relabel, combine
    textbytes.py   byte-level translate / squeeze / counts over Arrow UTF-8 buffers
    timestamps.py  a text column of timestamps to datetimes (the convention is detected)
    iso_times.py   ISO 8601 through pyarrow, pandas only where pyarrow refuses
"""
