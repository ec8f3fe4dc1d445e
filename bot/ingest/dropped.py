"""What the reader leaves out of a document and why, counted while someone is looking
(`reflect index inspect`, an upload's summary); nothing is counted otherwise."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# what was left out: (one, many, why), in words for the admin
WHY: dict[str, tuple[str, str, str]] = {
    "page furniture": ("line of page furniture", "lines of page furniture",
                       "running heads, feet and page numbers printed on every page"),
    "footnotes": ("footnote line", "footnote lines", "footnotes at the foot of a page"),
    "footnote markers": ("footnote marker", "footnote markers", "raised footnote numbers in the text"),
    "contents lines": ("contents line", "contents lines", "the contents page"),
    "chart labels": ("line of chart labels", "lines of chart labels",
                     "runs of numbers from charts and their legends"),
    "front matter": ("block of front matter", "blocks of front matter",
                     "the markdown file's front matter (its title is kept as the title)"),
    "web page furniture": ("character of the site's furniture", "characters of the site's furniture",
                           "menus, banners, sidebars and footers outside the page's main content"),
    "cookie banners and navigation": ("cookie banner or menu", "cookie banners and menus",
                                      "cookie banners, breadcrumbs, menus, headers and footers"),
    "saved page navigation": ("navigation line", "navigation lines",
                              "a saved page's 'Skip to content', 'Toggle menu' and the like"),
    "source line": ("'Source:' line", "'Source:' lines", "kept as the source link, not as text"),
    "empty fields": ("empty field", "empty fields", "form fields and stray numbers with no words"),
}
_COUNTS: ContextVar[Counter[str] | None] = ContextVar("dropped", default=None)


def note(what: str, n: int = 1) -> None:
    """Count n things of this kind left out, when someone is counting."""
    counts = _COUNTS.get()
    if counts is not None and n:
        counts[what] += n


def counting_now() -> bool:
    return _COUNTS.get() is not None


@contextmanager
def counting() -> Iterator[Counter[str]]:
    """Count what is left out while reading inside this block."""
    counts: Counter[str] = Counter()
    token = _COUNTS.set(counts)
    try:
        yield counts
    finally:
        _COUNTS.reset(token)
