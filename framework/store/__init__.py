"""Stage 6c — saved analyses behind share links, in SQLite or PostgreSQL.

saved_analyses.py  Store: create, revise, load, history (every save a new revision)
opening.py         a saved revision read back under the current questions.yaml
records.py         what the store takes and returns, its errors, id checks
config.py          which database, and its URL without the password
connection.py      engines, and connection failures as clear messages
schema.py          the tables and their migrations
queries.py         the SQL
content.py         documents as checked JSON, logs compressed by hash
spec_change.py     whether questions.yaml changed since a save
revision_changes.py  who changed what between two revisions
"""
