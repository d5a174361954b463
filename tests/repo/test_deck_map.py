"""data/deck_sections.csv maps every deck section to the notebook heading that teaches
it."""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import deck_map  # noqa: E402

ROWS = deck_map.read_rows()


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"{r['deck']}:{r['section'][:40]}")
def test_every_row_points_at_an_existing_heading(row: dict[str, str]) -> None:
    assert deck_map.problems(row) == []


def _row(
    deck: str, section: str, notebook: str, heading: str, status: str
) -> dict[str, str]:
    """One row of data/deck_sections.csv, with an empty note."""
    return {
        "deck": deck,
        "section": section,
        "notebook": notebook,
        "heading": heading,
        "status": status,
        "note": "",
    }


def test_a_wrong_heading_is_caught_and_names_its_row() -> None:
    row = _row("003", "Made-up section", "07_pooling_relu_xo", "Max pooling", "taught")
    found = deck_map.problems(row)
    assert (
        len(found) == 1 and "Made-up section" in found[0] and "Max pooling" in found[0]
    )
    ok = dict(row, heading="Max pooling: keep the best match in each window")
    assert deck_map.problems(ok) == []


def test_bad_deck_status_and_missing_notebook_are_caught() -> None:
    row = _row("005", "x", "99_none", "y", "partly")
    assert len(deck_map.problems(row)) == 3
    untaught = dict(row, deck="000", status="not taught")
    assert "leave notebook and heading empty" in deck_map.problems(untaught)[0]


def test_decks_are_000_to_004_and_sections_unique() -> None:
    assert {r["deck"] for r in ROWS} == set(deck_map.DECKS)
    keys = [(r["deck"], r["section"]) for r in ROWS]
    assert len(keys) == len(set(keys)), [k for k in keys if keys.count(k) > 1]
    assert {r["status"] for r in ROWS} <= set(deck_map.STATUSES)


def test_every_course_notebook_appears() -> None:
    course = {p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")}
    assert course - {r["notebook"] for r in ROWS} == set()


def test_the_readme_counts_are_the_maps() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    said = re.search(
        r"maps all (\d+)\s+sections .*?\((\d+) taught, (\d+) taught\s+with the deck's "
        r"error flagged, (\d+) cited, (\d+) not taught yet\)",
        readme,
        re.S,
    )
    assert said, "README: the sentence with the deck map's counts is missing"
    counts = Counter(r["status"] for r in ROWS)
    actual = [len(ROWS), *(counts[s] for s in deck_map.STATUSES)]
    assert [int(n) for n in said.groups()] == actual, "update README's deck-map counts"
