"""What supervision forms accept: dates as people type them at "By when", read forward from today
in British order; references for cases and for teams."""

from __future__ import annotations

from datetime import date

import pytest

from bot.reflection.present import in_words
from bot.supervision.dates import parse_date
from bot.supervision.plan import action_field_problem

TODAY = date(2026, 12, 2)  # a Wednesday


@pytest.mark.parametrize(("typed", "meant"), [
    ("tomorrow", date(2026, 12, 3)), ("friday", date(2026, 12, 4)), ("next Friday", date(2026, 12, 4)),
    ("15/12", date(2026, 12, 15)), ("01/02", date(2027, 2, 1)), ("15 Dec", date(2026, 12, 15)),
    ("in two weeks", date(2026, 12, 16)), ("2026-12-20", date(2026, 12, 20))])
def test_a_date_typed_as_people_type_it_is_read_forward_from_today(typed: str, meant: date):
    assert parse_date(typed, TODAY) == meant


@pytest.mark.parametrize("typed", ["", "soon", "December", "2027", "asap"])
def test_what_names_no_single_day_is_asked_for_again_with_examples(typed: str):
    assert parse_date(typed, TODAY) is None
    problem = action_field_problem("due", typed, TODAY)
    assert problem in ("This is needed.", "Give a day: 'tomorrow', 'next Friday', '15/12' or 2026-12-15.")


def test_a_day_that_has_passed_is_named_in_words():
    assert action_field_problem("due", "yesterday", TODAY) == (
        "Tuesday 1 December 2026 has passed: choose today or later.")
    assert in_words(date(2099, 1, 31)) == "Saturday 31 January 2099"


def test_a_team_session_is_referred_to_by_its_team_never_by_a_family():
    from bot.supervision.case_ref import case_ref_problem

    assert case_ref_problem("North CIN team", team=True) == ""
    assert case_ref_problem("Q4 learning: Child H", team=True) != ""  # ':' is not allowed
    assert "personal identifier" in case_ref_problem("the Smith family", team=True)
    assert "looks like a name" in case_ref_problem("North CIN team")  # a case needs its reference
    assert case_ref_problem("CR-2026-0042", team=True) == ""  # a case's reference may stand for it
