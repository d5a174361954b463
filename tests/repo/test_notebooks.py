"""Structure every notebook must keep: slide metadata, short cells, run-dependent output
not saved.

nbval checks what the notebooks compute; these tests check how they are built.
"""

import json
import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tools"))
import slide_metadata  # noqa: E402

NOTEBOOKS = sorted((Path(__file__).resolve().parents[2] / "notebooks").glob("*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def cells(path):
    return json.loads(path.read_text())["cells"]


def test_there_are_notebooks_and_they_are_numbered_in_teaching_order():
    assert NOTEBOOKS
    numbers = [
        int(re.fullmatch(r"(\d\d)_[a-z0-9_]+\.ipynb", p.name).group(1))
        for p in NOTEBOOKS
    ]
    assert numbers == list(range(1, len(NOTEBOOKS) + 1))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_saved_figure_carries_alt_text(path):
    # What the decks' <img alt> and a screen reader read: deepstep.plot stores it when
    # a notebook imports it (09 once did not, and make slides warned of 3 images).
    bare = [
        i
        for i, c in enumerate(cells(path))
        for o in c.get("outputs", [])
        if "image/png" in o.get("data", {})
        and not o.get("metadata", {}).get("image/png", {}).get("alt")
        and not c["metadata"].get("alt")
    ]
    assert bare == [], f"{path.name}: figures without alt text in cells {bare}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_cell_has_slide_metadata(path):
    missing = [
        i
        for i, c in enumerate(cells(path))
        if c["metadata"].get("slideshow", {}).get("slide_type") not in SLIDE_TYPES
    ]
    assert missing == [], f"cells without slideshow.slide_type: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_slide_structure_follows_the_headings(path):
    # tools/slide_metadata.py: "#"/"##" open slides, "###" sub-slides, set-up cell
    # skipped
    assert slide_metadata.problems(json.loads(path.read_text())) == []


def test_slide_convention_tool_fixes_what_it_reports():
    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "# Title", "metadata": {}},
            {
                "cell_type": "code",
                "source": "import numpy",
                "metadata": {"slideshow": {"slide_type": "-"}},
            },
            {
                "cell_type": "markdown",
                "source": "### Detail",
                "metadata": {"slideshow": {"slide_type": "slide"}},
            },
            {
                "cell_type": "markdown",
                "source": "Speaker notes: pause here",
                "metadata": {},
            },
            {"cell_type": "code", "source": "x = 1", "metadata": {}},
        ]
    }
    assert [(i, want) for i, _, want in slide_metadata.problems(nb)] == [
        (0, "slide"),
        (1, "skip"),
        (2, "subslide"),
        (3, "notes"),
        (4, "-"),
    ]
    assert slide_metadata.fix(nb) == 5 and slide_metadata.problems(nb) == []


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_opens_with_a_title_slide_and_closes_with_summary_exercises_and_deck_checks(
    path,
):
    # The GUIDE's order: the lesson, "## Summary", then only the closing sections a
    # lecture can stop before: the end-of-notebook exercises and "Checking the decks".
    sources = ["".join(c["source"]) for c in cells(path)]
    assert sources[0].startswith("# ")
    summary = next(i for i, s in enumerate(sources) if s.startswith("## Summary"))
    closing = [s.splitlines()[0] for s in sources[summary + 1 :] if s.startswith("## ")]
    assert all(h in ("## Exercises", "## Checking the decks") for h in closing), closing


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_code_cells_fit_on_a_projected_slide(path):
    long = [
        i
        for i, c in enumerate(cells(path))
        if c["cell_type"] == "code" and len("".join(c["source"]).splitlines()) > 15
    ]
    assert long == [], f"code cells over 15 lines: {long}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_run_dependent_cells_are_saved_without_output(path):
    # Their output differs on every run; saving it would make `make execute` dirty git.
    for i, c in enumerate(cells(path)):
        if c["cell_type"] == "code" and "# NBVAL_IGNORE_OUTPUT" in "".join(c["source"]):
            assert c["metadata"].get("keep_output") is False, f"cell {i}"
            assert c["outputs"] == [], f"cell {i}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_saved_outputs_hold_no_errors_and_every_code_cell_ran(path):
    for i, c in enumerate(cells(path)):
        if c["cell_type"] != "code":
            continue
        assert c["execution_count"] is not None, f"cell {i} was never executed"
        assert all(o["output_type"] != "error" for o in c["outputs"]), f"cell {i}"


def _timing_names(sources):
    """Names bound to a clock reading or a timeit result anywhere in a notebook."""
    import ast

    names = set()
    for source in sources:
        try:
            tree = ast.parse(source)
        except SyntaxError:  # cell magics
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and re.search(
                r"\btimeit\b|perf_counter|\btime\(\)|monotonic", ast.unparse(node.value)
            ):
                names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
    return names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_no_notebook_compares_a_timing(path):
    # A timing is this machine's: a printed `t_loop / t_matrix >= 20` flipped on CI's
    # machine. Times are shown after ⏱ (masked by nbval) and compared only in
    # benchmarks/.
    import ast

    sources = ["".join(c["source"]) for c in cells(path) if c["cell_type"] == "code"]
    timing = _timing_names(sources)
    for i, source in enumerate(sources):
        try:
            tree = ast.parse(source)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Compare):
                used = {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}
                assert not used & timing, (
                    f"code cell {i} compares a timing: {ast.unparse(node)}"
                )


def test_timing_comparison_guard_catches_the_ratio_that_flipped_on_ci():
    sources = [
        "t_loop = min(timeit.repeat(f))\nt_matrix = min(timeit.repeat(g))",
        "x = 1",
    ]
    assert _timing_names(sources) == {"t_loop", "t_matrix"}


def _speaker_note_problems(nb):
    # Issue 15: a notes cell right after the title names the timing, a question and a
    # misconception; every notes cell is a "Speaker notes:" markdown cell.
    cs = nb["cells"]
    found = []
    after_title = (
        cs[1] if len(cs) > 1 else {"cell_type": None, "metadata": {}, "source": ""}
    )
    text = "".join(after_title["source"])
    if after_title["metadata"].get("slideshow", {}).get("slide_type") != "notes":
        found.append("cell 1 is not a notes cell")
    for part in ("Timing", "Ask the room", "Common misconception"):
        if part not in text:
            found.append(f"cell 1 does not name {part!r}")
    for i, c in enumerate(cs):
        is_note = (
            "".join(c["source"]).startswith("Speaker notes:")
            and c["cell_type"] == "markdown"
        )
        if (
            c["metadata"].get("slideshow", {}).get("slide_type") == "notes"
            and not is_note
        ):
            found.append(f"notes cell {i} does not start with 'Speaker notes:'")
    return found


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_speaker_notes_follow_the_title(path):
    assert _speaker_note_problems(json.loads(path.read_text())) == []


def test_speaker_notes_check_catches_a_notebook_without_them():
    notes = {"slideshow": {"slide_type": "notes"}}
    title = {"cell_type": "markdown", "source": "# 99 · Title", "metadata": {}}
    body = {"cell_type": "markdown", "source": "## A section", "metadata": {}}
    assert _speaker_note_problems({"cells": [title, body]}) != []
    bad = {"cell_type": "markdown", "source": "Pause here.", "metadata": notes}
    good = {
        "cell_type": "markdown",
        "metadata": notes,
        "source": "Speaker notes: **Timing**: 5. **Ask the room**: ? **Common "
        "misconception**: x.",
    }
    assert _speaker_note_problems({"cells": [title, good, body]}) == []
    assert _speaker_note_problems({"cells": [title, good, body, bad]}) == [
        "notes cell 3 does not start with 'Speaker notes:'"
    ]
