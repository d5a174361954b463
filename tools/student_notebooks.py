"""Build the students' notebooks from the course's: solutions out, stubs in, each
solution behind a click.

    python tools/student_notebooks.py notebooks/07_pooling_relu_xo.ipynb ...
        (make execute runs it)

notebooks/NN_topic.ipynb is the source, nbgrader's way: every solution sits between
``### BEGIN SOLUTION`` and ``### END SOLUTION`` in a cell whose nbgrader metadata says
``solution: true``, and graded checks may hold ``### BEGIN HIDDEN TESTS`` blocks. This
writes notebooks/student/NN_topic.ipynb with nbgrader's own preprocessors, as
``nbgrader generate_assignment`` would (CheckCellMetadata, ClearSolutions,
ClearHiddenTests, ClearOutput), after one step of ours: a collapsed ``<details>`` cell
with the solution code goes below each exercise's hints, so a student can open it after
trying. End-of-notebook answers (markdown solution cells) become nbgrader's "YOUR ANSWER
HERE". Speaker notes (cells of slide type "notes", for whoever presents) are left out.
`make execute` then runs the student notebooks, so their saved outputs show what a
student sees first: "not done yet" under each check.
"""

from __future__ import annotations

import argparse
import copy
import re
from pathlib import Path

import nbformat
from nbgrader.preprocessors import (
    CheckCellMetadata,
    ClearHiddenTests,
    ClearOutput,
    ClearSolutions,
)

STUDENT_DIR = "student"
SOLUTION_REGION = re.compile(
    r"^[ \t]*### BEGIN SOLUTION\n(.*?)^[ \t]*### END SOLUTION\n?", re.M | re.S
)
REVEAL = """<details><summary><b>Solution</b> (open it after you have tried)</summary>

```python
{code}
```

</details>"""


def tags(cell: nbformat.NotebookNode) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def solution_code(source: str) -> str:
    """The exercise cell as the instructor wrote it, without the nbgrader markers."""
    return SOLUTION_REGION.sub(lambda m: m.group(1), source).rstrip()


def add_reveal_cells(nb: nbformat.NotebookNode) -> int:
    """Insert a collapsed solution below each exercise's check and hints; how many."""
    out, added, pending = [], 0, None
    for cell in nb.cells:
        if pending is not None and not ({"check", "hint"} & set(tags(cell))):
            out.append(pending)
            pending, added = None, added + 1
        out.append(cell)
        if cell.cell_type == "code" and "exercise" in tags(cell):
            pending = nbformat.v4.new_markdown_cell(
                REVEAL.format(code=solution_code(cell.source)),
                metadata={
                    "tags": ["solution-reveal"],
                    "slideshow": {"slide_type": "-"},
                },
            )
    if pending is not None:
        out.append(pending)
        added += 1
    nb.cells = out
    return added


def is_speaker_note(cell: nbformat.NotebookNode) -> bool:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type") == "notes"


def student_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The notebook a student gets: nbgrader's release steps, with solutions one click
    away."""
    nb = copy.deepcopy(nb)
    # JupyterLab shows a "notes" cell like any other; in a student's copy it would read
    # as advice to the student ("ask the room ...").
    nb.cells = [cell for cell in nb.cells if not is_speaker_note(cell)]
    resources: dict = {}
    nb, resources = CheckCellMetadata().preprocess(nb, resources)
    add_reveal_cells(nb)
    for step in (ClearSolutions(), ClearHiddenTests(), ClearOutput()):
        nb, resources = step.preprocess(nb, resources)
    for i, cell in enumerate(
        nb.cells
    ):  # unique ids after the inserts (nbstripout's style)
        cell["id"] = str(i)
    return nb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args()
    for path in args.notebooks:
        nb = nbformat.read(path, as_version=4)
        target = path.parent / STUDENT_DIR / path.name
        target.parent.mkdir(exist_ok=True)
        nbformat.write(student_version(nb), target)
        print(f"{target}: {sum('exercise' in tags(c) for c in nb.cells)} exercise(s)")


if __name__ == "__main__":
    main()
