"""Stage 6c — saved analyses behind share links, in SQLite or PostgreSQL.

saved_analyses.py  Store: create, revise, load, history (every save a new revision)
opening.py         a saved revision read back under the current questions.yaml
records.py         what the store takes and returns, its errors, id checks
config.py          which database, and its URL without the password
connection.py      engines: SQLite's locking and durability, PostgreSQL's isolation, timeouts
failures.py        every database failure as one clear sentence (no password, user, host, port)
transactions.py    a save as one write transaction, acknowledged only once committed
schema.py          the tables and their migrations
queries.py         the SQL, and the lock a save takes before numbering its revision
content.py         documents as checked JSON, logs compressed by hash
spec_change.py     whether questions.yaml changed since a save
revision_changes.py  who changed what between two revisions
"""
