"""The deck-section → notebook-cell map in data/deck_sections.csv: check it, print it.

    python tools/deck_map.py          # the table as Markdown, grouped by deck, with
                                      # counts
    python tools/deck_map.py --check  # list rows whose notebook or heading does not
                                      # exist

tests/repo/test_deck_map.py runs `problems` on every row, so a renamed heading names its
row.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TABLE = ROOT / "data" / "deck_sections.csv"
NOTEBOOKS = ROOT / "notebooks"
COLUMNS = ["deck", "section", "notebook", "heading", "status", "note"]
DECKS = ("000", "001", "002", "003", "004")
STATUSES = ("taught", "flagged", "cited", "not taught")
HEADING = re.compile(r"^#+\s+(.*?)\s*$")


def read_rows(path: Path = TABLE) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        if reader.fieldnames != COLUMNS:
            raise ValueError(
                f"{path.name}: columns {reader.fieldnames}, expected {COLUMNS}"
            )
        return list(reader)


def headings(notebook: Path) -> set[str]:
    """Every markdown heading's text (without the #'s) in one notebook."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    found = set()
    for cell in cells:
        if cell["cell_type"] == "markdown":
            for line in "".join(cell["source"]).splitlines():
                match = HEADING.match(line)
                if match:
                    found.add(match.group(1))
    return found


def problems(row: dict[str, str], notebooks: Path = NOTEBOOKS) -> list[str]:
    """What is wrong with one row (empty if nothing), each message naming the row."""
    name = f"deck {row['deck']} section {row['section']!r}"
    out = []
    if row["deck"] not in DECKS:
        out.append(f"{name}: deck must be one of {DECKS}")
    if row["status"] not in STATUSES:
        out.append(f"{name}: status {row['status']!r} is not one of {STATUSES}")
    if row["status"] == "not taught":
        if row["notebook"] or row["heading"]:
            out.append(f"{name}: 'not taught' rows leave notebook and heading empty")
        return out
    path = notebooks / f"{row['notebook']}.ipynb"
    if not row["notebook"] or not path.exists():
        out.append(f"{name}: notebook {row['notebook']!r} does not exist")
    elif row["heading"] not in headings(path):
        out.append(f"{name}: {row['notebook']} has no heading {row['heading']!r}")
    return out


def markdown(rows: list[dict[str, str]]) -> str:
    lines = []
    for deck in DECKS:
        mine = [r for r in rows if r["deck"] == deck]
        counts = Counter(r["status"] for r in mine)
        summary = ", ".join(f"{counts[s]} {s}" for s in STATUSES)
        lines += [f"### Deck {deck} ({len(mine)} sections: {summary})", ""]
        lines += [
            "| section | notebook | heading | status | note |",
            "|---|---|---|---|---|",
        ]
        for r in mine:
            cells = [r["section"], r["notebook"], r["heading"], r["status"], r["note"]]
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
        lines.append("")
    total = Counter(r["status"] for r in rows)
    lines.append(
        f"All decks: {len(rows)} sections, "
        + ", ".join(f"{total[s]} {s}" for s in STATUSES)
    )
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    rows = read_rows()
    if "--check" in argv:
        found = [p for r in rows for p in problems(r)]
        print("\n".join(found) or f"all {len(rows)} rows point at existing headings")
        return 1 if found else 0
    print(markdown(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
