"""Alembic's entry point: migrations run on the connection bot.records.db hands over."""

from alembic import context
from sqlmodel import SQLModel

from bot.records import models  # noqa: F401  (registers the tables for autogenerate)

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=SQLModel.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
