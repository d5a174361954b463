"""Lay the course out as an nbgrader course folder, for instructors who grade with
nbgrader.

    python tools/nbgrader_course.py build/nbgrader
        [notebooks/07_pooling_relu_xo.ipynb ...]

Writes FOLDER/nbgrader_config.py and FOLDER/source/NN_topic/NN_topic.ipynb, one
assignment per notebook, copied from notebooks/ unchanged: the committed notebooks
already are nbgrader sources (solutions between
``### BEGIN SOLUTION``/``### END SOLUTION``, graded checks with
``### BEGIN HIDDEN TESTS``, nbgrader cell metadata). Then, in FOLDER, nbgrader's own
commands release and grade them (see the README's *Exercises* section):

    nbgrader generate_assignment 07_pooling_relu_xo --create
    nbgrader autograde 07_pooling_relu_xo
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CONFIG = """c = get_config()  # noqa: F821 (nbgrader provides it)
c.CourseDirectory.course_id = "deepstep"
c.CourseDirectory.root = {root!r}
# The course's notebooks run in seconds; a stuck cell fails instead of hanging a
# grading run.
c.ExecutePreprocessor.timeout = 180
"""


def build(folder: Path, notebooks: list[Path]) -> list[Path]:
    """The course folder: config and one source assignment per notebook; the sources."""
    folder = folder.resolve()
    (folder / "source").mkdir(parents=True, exist_ok=True)
    (folder / "nbgrader_config.py").write_text(CONFIG.format(root=str(folder)))
    written = []
    for notebook in notebooks:
        target = folder / "source" / notebook.stem / notebook.name
        target.parent.mkdir(exist_ok=True)
        shutil.copyfile(notebook, target)
        written.append(target)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("notebooks", nargs="*", type=Path)
    args = parser.parse_args()
    notebooks = args.notebooks or sorted(
        (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")
    )
    for path in build(args.folder, notebooks):
        print(path)


if __name__ == "__main__":
    main()
