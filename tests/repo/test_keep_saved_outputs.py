"""tools/keep_saved_outputs.py: a re-run that changed only masked numbers keeps the
saved text."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import keep_saved_outputs  # noqa: E402


def notebook(*texts: str) -> dict:
    cells = [
        {"cell_type": "code", "id": str(i), "metadata": {}, "source": [],
         "execution_count": 1,
         "outputs": [{"output_type": "stream", "name": "stdout", "text": [t]}]}
        for i, t in enumerate(texts)
    ]  # fmt: skip
    return {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}


def keep(saved: dict, rerun: dict, tmp_path, monkeypatch) -> tuple[int, list[str]]:
    """Run keep_saved_outputs on rerun (written to a file) with saved as the committed
    version; how many outputs it restored, and each cell's text afterwards."""
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(rerun))
    monkeypatch.setattr(keep_saved_outputs, "committed", lambda p: saved)
    kept = keep_saved_outputs.keep(path, keep_saved_outputs.patterns())
    cells = json.loads(path.read_text())["cells"]
    return kept, ["".join(c["outputs"][0]["text"]) for c in cells]


def test_only_masked_changes_are_undone(tmp_path, monkeypatch):
    saved = notebook("12 epochs in ⏱ 4.4 s\n", "accuracy ≈ 97.45%\n", "✓ 7 filters\n")
    rerun = notebook("12 epochs in ⏱ 2.1 s\n", "accuracy ≈ 97.50%\n", "✓ 8 filters\n")
    kept, texts = keep(saved, rerun, tmp_path, monkeypatch)
    assert kept == 2
    assert texts == ["12 epochs in ⏱ 4.4 s\n", "accuracy ≈ 97.45%\n", "✓ 8 filters\n"]


def test_the_masks_are_nbvals_own():
    rules = keep_saved_outputs.patterns()
    assert (
        keep_saved_outputs.masked("⏱ 15.75 s and ≈ 0.164", rules) == "⏱ TIME s and ≈ N"
    )


def test_a_cell_inserted_above_does_not_lose_the_saved_text_of_the_cells_below(
    tmp_path, monkeypatch
):
    # Cell ids are indices: the insert shifts every id below it, so only the source can
    # pair the re-run cell with its committed version.
    saved = notebook("12 epochs in ⏱ 4.4 s\n", "accuracy ≈ 97.45%\n")
    rerun = notebook("a new cell\n", "12 epochs in ⏱ 2.1 s\n", "accuracy ≈ 97.50%\n")
    for nb in (saved, rerun):
        for cell in nb["cells"]:
            cell["source"] = ["print(" + repr(cell["outputs"][0]["text"][0][:6]) + ")"]
    kept, texts = keep(saved, rerun, tmp_path, monkeypatch)
    assert kept == 2
    assert texts == ["a new cell\n", "12 epochs in ⏱ 4.4 s\n", "accuracy ≈ 97.45%\n"]
