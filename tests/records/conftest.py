"""The records tests run on SQLite, and on the PostgreSQL server at 127.0.0.1:5432 when it answers."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.postgres import fresh_database


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:  # type: ignore[no-untyped-def]
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'records.db'}"
        return
    with fresh_database() as url:
        yield url
