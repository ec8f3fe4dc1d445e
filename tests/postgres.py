"""A throwaway database on the PostgreSQL server at 127.0.0.1:5432, for tests that need one."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

SERVER = "host=127.0.0.1 port=5432 user=postgres dbname=postgres"
URL = "postgresql+psycopg://postgres@{host}:{port}/{name}"


def answers() -> bool:
    try:
        import psycopg

        with psycopg.connect(SERVER, connect_timeout=2):
            return True
    except Exception:
        return False


@contextmanager
def fresh_database(host: str = "127.0.0.1", port: int = 5432) -> Iterator[str]:
    """A new, empty database's URL (reached through host:port), dropped afterwards; the test is
    skipped when no server answers."""
    if not answers():
        pytest.skip("no PostgreSQL server answers on 127.0.0.1:5432")
    import psycopg

    name = f"reflect_test_{uuid.uuid4().hex[:10]}"
    url = URL.format(host=host, port=port, name=name)
    with psycopg.connect(SERVER, autocommit=True) as c:
        c.execute(f'CREATE DATABASE "{name}"')
    try:
        yield url
    finally:
        from bot.records.db import get_engine

        get_engine(url).dispose()
        with psycopg.connect(SERVER, autocommit=True) as c:
            c.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
