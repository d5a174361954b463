"""Slide structure by convention, so the decks cannot drift from the notebooks'
headings.

The convention (instructors present the notebooks as reveal.js decks):
- a markdown cell that starts with "# " or "## " opens a new slide;
- one that starts with "### " opens a sub-slide (a step down in reveal.js);
- the set-up cell (the first code cell) is skipped: imports are not lecture material;
- a markdown cell that starts with "Speaker notes:" is a note, shown only in speaker
  view;
- every other cell keeps the type its author chose ("-", "fragment" or "subslide"),
  and gets "-" (continue the current slide) when it has none.

    python tools/slide_metadata.py --check notebooks/*.ipynb  # exit 1 and list cells
                                                              # that differ
    python tools/slide_metadata.py --fix notebooks/*.ipynb    # rewrite the metadata in
                                                              # place
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FREE_CHOICES = {"-", "fragment", "subslide"}


def expected_slide_type(
    cell: dict, index: int, first_code_index: int | None
) -> str | None:
    """The type the convention requires for this cell, or None where the author
    chooses."""
    source = "".join(cell.get("source", ""))
    if cell["cell_type"] == "markdown":
        if source.startswith(("# ", "## ")):
            return "slide"
        if source.startswith("### "):
            return "subslide"
        if source.startswith("Speaker notes:"):
            return "notes"
    if cell["cell_type"] == "code" and index == first_code_index:
        return "skip"
    return None


def problems(notebook: dict) -> list[tuple[int, str | None, str]]:
    """(cell index, current type, required type) for every cell that breaks the
    convention."""
    cells = notebook["cells"]
    first_code = next(
        (i for i, c in enumerate(cells) if c["cell_type"] == "code"), None
    )
    found = []
    for i, cell in enumerate(cells):
        current = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        required = expected_slide_type(cell, i, first_code)
        if required is not None and current != required:
            found.append((i, current, required))
        elif required is None and current not in FREE_CHOICES:
            found.append((i, current, "-"))
    return found


def fix(notebook: dict) -> int:
    """Apply the convention in place; returns the number of cells changed."""
    changes = problems(notebook)
    for i, _, required in changes:
        notebook["cells"][i].setdefault("metadata", {}).setdefault("slideshow", {})[
            "slide_type"
        ] = required
    return len(changes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument(
        "--check", action="store_true", help="report cells that break the convention"
    )
    mode.add_argument(
        "--fix", action="store_true", help="rewrite the slide metadata in place"
    )
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    status = 0
    for path in args.notebooks:
        nb = json.loads(path.read_text(encoding="utf-8"))
        if args.check:
            for i, current, required in problems(nb):
                print(
                    f"{path}: cell {i} is {current!r}, the convention says {required!r}"
                )
                status = 1
        elif fix(nb):
            # nbformat's own layout (indent 1, keys sorted) keeps the diff to the
            # changed lines
            path.write_text(
                json.dumps(nb, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
    return status


if __name__ == "__main__":
    sys.exit(main())
