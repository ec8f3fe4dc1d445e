"""Web pages keep their main content only (trafilatura): headings stay headings for the structure,
lists stay lists, and the site's cookie banner, menus, sidebar and footer are not indexed."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.ingest import chunk_document, parse_document
from bot.ingest.readers import read_text

PAGES = Path(__file__).resolve().parents[1] / "data" / "html"
CHROME = ("cookie", "Skip to", "Parents and carers", "Related pages", "Upcoming training", "rights reserved",
          "Privacy", "Search this site", "Quick exit", "About us", "In this section", "domestic abuse",
          "Sitemap", "Follow us", "Accessibility")


@pytest.mark.parametrize("name", ["sandford_scp_child_q_briefing.html",
                                  "rivermouth_scp_neglect_seven_minute_briefing.html"])
def test_a_partnership_page_is_read_without_the_sites_furniture(name: str):
    passages = chunk_document(parse_document(PAGES / name, PAGES))
    text = "\n".join(f"{p.section}\n{p.text}" for p in passages)
    left = [c for c in CHROME if c.lower() in text.lower()]
    assert not left, left


def test_headings_lists_and_roles_survive():
    document = parse_document(PAGES / "sandford_scp_child_q_briefing.html", PAGES)
    assert document.title == "Child Q" and document.meta["year"] == 2025  # the page's own date
    roles = {" › ".join(s.path): s.role for s in document.sections}
    assert roles == {"Learning briefing: Child Q": "other", "What happened": "incident",
                     "What we learned": "learning_point",
                     "What we learned › Professional curiosity": "learning_point",
                     "What needs to happen": "recommendation",
                     "Questions for practitioners": "reflection_question"}
    learned = next(s for s in document.sections if s.path[-1] == "What we learned")
    assert [b.kind for b in learned.blocks] == ["bullet"] * 4


def test_a_pages_table_comes_as_rows_its_header_as_context():
    passages = chunk_document(parse_document(PAGES / "rivermouth_scp_neglect_seven_minute_briefing.html",
                                             PAGES))
    good = [p for p in passages if p.section.endswith("4. What good practice looks like")]
    assert ("Tool | When to use it", "context") in [(p.text, p.role) for p in good]
    assert any("Graded care profile | At assessment and every review" in p.text and p.role == "finding"
               for p in good)
    text = read_text(PAGES / "rivermouth_scp_neglect_seven_minute_briefing.html")
    assert text.startswith("# 7 minute briefing: cumulative neglect\n")
    assert "\n## 3. What the review found\n" in text and "\n- What is a day like for this child?\n" in text
    found = {p.role for p in passages if p.section == "3. What the review found"}
    assert found == {"finding"}
    assert {p.role for p in passages if p.section == "6. Further information"} == {"context"}
