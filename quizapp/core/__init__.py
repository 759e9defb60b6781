"""Pure-Python domain: packs, questions, quiz runs and scoring (no Qt, no SQLAlchemy)."""
