"""Alembic environment: runs migrations on the connection quizapp hands over."""

from alembic import context
from sqlalchemy import create_engine

from quizapp.bank.models import Base

config = context.config
target_metadata = Base.metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        context.configure(
            connection=connection, target_metadata=target_metadata, render_as_batch=True
        )
        with context.begin_transaction():
            context.run_migrations()
        return
    # Used by developers: `alembic -x db=PATH revision --autogenerate -m "..."`.
    url = "sqlite:///" + context.get_x_argument(as_dictionary=True).get("db", "bank.sqlite3")
    engine = create_engine(url)
    with engine.connect() as conn:
        context.configure(connection=conn, target_metadata=target_metadata, render_as_batch=True)
        with context.begin_transaction():
            context.run_migrations()


if context.is_offline_mode():
    raise SystemExit("offline migrations are not supported; run them on a bank file")
run_migrations_online()
