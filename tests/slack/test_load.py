"""A burst of 50 events, then a steady rate, while supervision sessions write entries: every
mention answered once, every entry stored and marked once, no lock errors, on both databases.
The minute-long run is scripts/load; this is its short form."""

from __future__ import annotations

import pytest

from tests.slack.load import Plan, measure


@pytest.mark.parametrize("database", ["sqlite", "postgresql"])
def test_a_burst_and_a_steady_rate_lose_and_double_nothing(database, seed_settings, engine):  # type: ignore[no-untyped-def]
    figures = measure(Plan(burst=50, rate=8.0, seconds=3.0, settle=60.0), database, engine,
                      seed_settings)
    assert figures["ack_errors"] == 0
    assert figures["answered"] == figures["mentions"] == figures["asks_stored_once"]
    assert figures["answered_twice"] == 0 and figures["apologies"] == 0
    assert figures["entries_stored_once"] == figures["entries"] == figures["entries_marked_once"]
    assert figures["entry_refusals"] == 0
