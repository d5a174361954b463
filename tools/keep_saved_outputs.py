"""Keep a notebook's saved text outputs where a re-run changed only what nbval masks.

    python tools/keep_saved_outputs.py notebooks/NN_topic.ipynb ...  (make execute
                                                                     runs it)

Saved outputs show this machine's times (after ⏱) and float32 training results (after
≈), which change from run to run; tests/nbval_sanitize.cfg masks them for nbval. After
`make execute`, this compares every text output with the one in the last commit, both
masked with those same patterns: where they agree, the committed text is put back. So
running `make execute` twice leaves git clean, and an output that really changed still
shows up in the diff.
"""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SANITIZE = ROOT / "tests" / "nbval_sanitize.cfg"


def patterns() -> list[tuple[re.Pattern[str], str]]:
    config = configparser.ConfigParser(interpolation=None)
    config.read(SANITIZE, encoding="utf-8")
    return [
        (re.compile(config[s]["regex"]), config[s]["replace"])
        for s in config.sections()
    ]


def masked(text: str, rules: list[tuple[re.Pattern[str], str]]) -> str:
    for regex, replace in rules:
        text = regex.sub(replace, text)
    return text


def committed(path: Path) -> dict | None:
    relative = path.resolve().relative_to(ROOT).as_posix()
    shown = subprocess.run(
        ["git", "show", f"HEAD:{relative}"], cwd=ROOT, capture_output=True, text=True
    )
    return json.loads(shown.stdout) if shown.returncode == 0 else None


def texts(output: dict) -> list[tuple[str, str]]:
    """(key, text) for the parts of an output that hold text: a stream, or
    text/plain."""
    if output.get("output_type") == "stream":
        return [("text", "".join(output["text"]))]
    data = output.get("data", {})
    return [("text/plain", "".join(data["text/plain"]))] if "text/plain" in data else []


def matched_cells(cells: list[dict], old_cells: list[dict]) -> list[tuple[dict, dict]]:
    """Pair each code cell with its committed version: the one with the same source,
    else the one with the same id. Ids are indices here, so inserting a cell shifts the
    ids of every cell after it; the source still finds them."""

    def source(cell: dict) -> str:
        return "".join(cell["source"])

    old_code = [c for c in old_cells if c["cell_type"] == "code"]
    by_source: dict[str, list[dict]] = {}
    for old in old_code:
        by_source.setdefault(source(old), []).append(old)
    by_id = {c.get("id"): c for c in old_code}
    pairs = []
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        same_source = by_source.get(source(cell))
        before = same_source.pop(0) if same_source else by_id.get(cell.get("id"))
        if before is not None:  # else a new cell
            pairs.append((cell, before))
    return pairs


def keep(path: Path, rules: list[tuple[re.Pattern[str], str]]) -> int:
    old = committed(path)
    if old is None:
        return 0
    nb = json.loads(path.read_text(encoding="utf-8"))
    kept = 0
    for cell, before in matched_cells(nb["cells"], old["cells"]):
        if len(before.get("outputs", [])) != len(cell["outputs"]):
            continue
        for new_out, old_out in zip(cell["outputs"], before["outputs"], strict=True):
            for (key, new), (old_key, was) in zip(
                texts(new_out), texts(old_out), strict=False
            ):
                if (
                    key == old_key
                    and new != was
                    and masked(new, rules) == masked(was, rules)
                ):
                    target = new_out if key == "text" else new_out["data"]
                    target[key] = (
                        old_out[key] if key == "text" else old_out["data"][key]
                    )
                    kept += 1
    if kept:
        path.write_text(
            json.dumps(nb, indent=1, ensure_ascii=False, sort_keys=True) + "\n"
        )
    return kept


def main() -> None:
    rules = patterns()
    for arg in sys.argv[1:]:
        kept = keep(Path(arg), rules)
        if kept:
            print(
                f"{arg}: {kept} output(s) differ only in masked numbers; the saved "
                "ones kept"
            )


if __name__ == "__main__":
    main()
