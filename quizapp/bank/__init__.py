"""The question bank: SQLAlchemy models, opening the SQLite file, queries, migrations."""
