"""Dates as people type them ("tomorrow", "next Friday", "15/12"), read by dateparser in the
British day-month order and always confirmed back in words."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

_MONTH_ALONE = re.compile(
    r"(?i)(?:%s)\.?(?:\s+\d{4})?|\d{4}" % "|".join(
        [m for m in calendar.month_name if m] + [m for m in calendar.month_abbr if m]))


def parse_date(text: str, today: date) -> date | None:
    """The date meant, reading forward from today; None when it names no single day (a month
    alone, a year, words that are no date)."""
    text = " ".join(text.split())
    if not text or _MONTH_ALONE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        pass
    import dateparser

    found = dateparser.parse(text, languages=["en"], settings={
        "PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime(today.year, today.month, today.day)})
    return found.date() if found else None
