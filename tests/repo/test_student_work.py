"""A student's work is never lost, and an instructor's nbgrader grades the notebooks
unchanged.

tools/student_copies.py gives `make lab` the student's own copies (my-notebooks/); these
tests edit, update and re-sync such a folder. tools/nbgrader_course.py lays the course
out for nbgrader; one notebook is released, submitted as a stub and as the solution, and
graded by nbgrader's own commands.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import nbgrader_course  # noqa: E402
import student_copies  # noqa: E402
import student_notebooks  # noqa: E402

NAME = "07_pooling_relu_xo.ipynb"


@pytest.fixture
def course(tmp_path):
    folder = tmp_path / "course"
    folder.mkdir()
    for name in ("01_perceptron.ipynb", NAME):
        shutil.copyfile(
            ROOT / "notebooks" / name, folder / name
        )  # any notebooks will do
    return folder


def edit(path: Path, text: str) -> None:
    nb = nbformat.read(path, as_version=4)
    nb.cells[0].source += text
    nbformat.write(nb, path)


def test_first_sync_copies_every_course_notebook(course, tmp_path):
    mine = tmp_path / "mine"
    said = student_copies.sync(course, mine)
    assert said == ["copied 01_perceptron.ipynb", f"copied {NAME}"]
    assert (mine / NAME).read_bytes() == (course / NAME).read_bytes()


def test_an_edited_copy_is_kept_and_the_update_arrives_beside_it(course, tmp_path):
    mine = tmp_path / "mine"
    student_copies.sync(course, mine)
    edit(mine / NAME, "\n\nmy notes")
    edited = (mine / NAME).read_bytes()
    assert student_copies.sync(course, mine) == []  # course unchanged: nothing to do
    edit(course / NAME, "\n\na course fix")  # the course changes
    said = student_copies.sync(course, mine)
    assert (mine / NAME).read_bytes() == edited
    update = mine / "07_pooling_relu_xo (course update).ipynb"
    assert update.read_bytes() == (course / NAME).read_bytes()
    assert said == [
        f"kept your {NAME} (you changed it); the course's new version is {update.name}"
    ]


def test_an_edited_update_copy_is_kept_too(course, tmp_path):
    mine = tmp_path / "mine"
    student_copies.sync(course, mine)
    edit(mine / NAME, "\n\nmy notes")
    edit(course / NAME, "\n\nfix 1")
    student_copies.sync(course, mine)
    update = mine / "07_pooling_relu_xo (course update).ipynb"
    edit(update, "\n\nworking in the update too")
    kept = update.read_bytes()
    edit(course / NAME, "\n\nfix 2")
    student_copies.sync(course, mine)
    assert update.read_bytes() == kept
    second = mine / "07_pooling_relu_xo (course update 2).ipynb"
    assert second.read_bytes() == (course / NAME).read_bytes()


def test_an_untouched_copy_follows_the_course(course, tmp_path):
    mine = tmp_path / "mine"
    student_copies.sync(course, mine)
    edit(course / NAME, "\n\na course fix")
    assert student_copies.sync(course, mine) == [
        f"updated {NAME} (you had not changed it)"
    ]
    assert (mine / NAME).read_bytes() == (course / NAME).read_bytes()
    manifest = json.loads((mine / student_copies.MANIFEST).read_text())
    assert manifest[NAME] == student_copies.digest(course / NAME)


def renamed(course: Path, old: str, new: str) -> None:
    (course / old).rename(course / new)


def test_an_untouched_copy_of_a_renumbered_notebook_is_replaced(course, tmp_path):
    mine = tmp_path / "mine"
    student_copies.sync(course, mine)
    renamed(course, NAME, "08_pooling_relu_xo.ipynb")
    said = student_copies.sync(course, mine)
    assert said == [
        "copied 08_pooling_relu_xo.ipynb",
        f"removed {NAME} (you had not changed it): now 08_pooling_relu_xo.ipynb",
    ]
    assert not (mine / NAME).exists()
    assert NAME not in json.loads((mine / student_copies.MANIFEST).read_text())
    assert student_copies.sync(course, mine) == []


def test_an_edited_copy_of_a_renumbered_notebook_is_kept_and_named(course, tmp_path):
    mine = tmp_path / "mine"
    student_copies.sync(course, mine)
    edit(mine / NAME, "\n\nmy answers")
    kept = (mine / NAME).read_bytes()
    renamed(course, NAME, "08_pooling_relu_xo.ipynb")
    said = student_copies.sync(course, mine)
    assert (mine / NAME).read_bytes() == kept
    assert said[-1] == (
        f"kept your {NAME} (you changed it): the course now teaches it in "
        "08_pooling_relu_xo.ipynb; copy your answers across"
    )


def test_a_split_notebook_names_both_halves(course, tmp_path):
    mine = tmp_path / "mine"
    old = "09_relu_dropout_regularization.ipynb"
    shutil.copyfile(course / NAME, course / old)
    student_copies.sync(course, mine)
    (course / old).unlink()
    for half in student_copies.SPLIT[old.removesuffix(".ipynb")]:
        shutil.copyfile(course / NAME, course / f"{half}.ipynb")
    said = student_copies.sync(course, mine)
    assert said[-1] == (
        f"removed {old} (you had not changed it): now 09_relu_batch_norm.ipynb and "
        "10_overfitting_regularization.ipynb"
    )


def test_make_lab_serves_the_students_copies_not_the_course():
    out = subprocess.run(
        ["make", "-n", "-C", str(ROOT), "lab"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    sync = next(i for i, line in enumerate(out) if "tools/student_copies.py" in line)
    lab = next(i for i, line in enumerate(out) if "jupyter lab" in line)
    assert sync < lab and "notebooks/student my-notebooks" in out[sync]
    assert "--notebook-dir=my-notebooks" in out[lab]


def nbgrader(course: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
    }
    done = subprocess.run(
        [Path(sys.executable).parent / "nbgrader", *args],
        cwd=course,
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def test_nbgrader_releases_and_grades_a_notebook_unchanged(tmp_path):
    course = tmp_path / "nbgrader"
    (source,) = nbgrader_course.build(course, [ROOT / "notebooks" / NAME])
    nbgrader(course, "generate_assignment", source.parent.name, "--create")
    released = course / "release" / source.parent.name / NAME
    text = released.read_text()
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    assert "raise NotImplementedError()" in text
    for student, notebook in (("stub", released), ("solved", source)):
        submitted = course / "submitted" / student / source.parent.name
        submitted.mkdir(parents=True)
        shutil.copyfile(notebook, submitted / NAME)
        nbgrader(course, "db", "student", "add", student)
    nbgrader(course, "autograde", source.parent.name)
    nbgrader(course, "export", "--to", str(tmp_path / "grades.csv"))
    with open(tmp_path / "grades.csv") as f:
        scores = {
            row["student_id"]: (row["score"], row["max_score"])
            for row in csv.DictReader(f)
        }
    graded = [
        c.metadata["nbgrader"]
        for c in nbformat.reads(text, as_version=4).cells
        if c.metadata.get("nbgrader", {}).get("grade")
    ]
    points = str(
        float(sum(g["points"] for g in graded))
    )  # end exercises' answers score 0
    assert float(points) >= 2
    assert scores == {"stub": ("0.0", points), "solved": (points, points)}


def test_the_students_versions_leave_the_speaker_notes_out():
    course = nbformat.read(ROOT / "notebooks" / "01_perceptron.ipynb", as_version=4)
    notes = [c.source for c in course.cells if student_notebooks.is_speaker_note(c)]
    assert notes, "notebook 01 has speaker notes to leave out"
    student = student_notebooks.student_version(course)
    assert not any(student_notebooks.is_speaker_note(c) for c in student.cells)
    assert not any(c.source in notes for c in student.cells)
    assert len(student.cells) > len(course.cells) - len(
        notes
    )  # the rest kept (+ reveals)


def _sanitizers() -> list[tuple[re.Pattern[str], str]]:
    """The regexes nbval masks volatile text with (tests/nbval_sanitize.cfg), in file
    order."""
    import configparser

    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "tests" / "nbval_sanitize.cfg", encoding="utf-8")
    return [
        (re.compile(s["regex"]), s["replace"]) for s in cfg.values() if "regex" in s
    ]


def _shown_text(cell: nbformat.NotebookNode, sanitizers) -> list[str]:
    """What nbval compares in a cell's outputs: streams and text reprs, masked (PNGs are
    not)."""
    texts = []
    for out in cell.get("outputs", []):
        text = out.get("text") or out.get("data", {}).get("text/plain", "")
        text = "".join(text) if isinstance(text, list) else text
        for pattern, replace in sanitizers:
            text = pattern.sub(replace, text)
        texts.append(f"{out['output_type']}: {text}")
    return texts


COURSE = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("path", COURSE, ids=lambda p: p.name)
def test_the_students_saved_outputs_are_the_courses_outside_the_exercises(path):
    # nbval re-runs the course notebooks only; this is why their students' versions need
    # not run again: away from the exercise and check cells a student's notebook prints
    # exactly what the course's does (later cells never use the student's code), and
    # each check cell shows "not done yet". That the students' versions run at all,
    # start to end, is shown in a real JupyterLab by the browser tests.
    course = nbformat.read(path, as_version=4)
    student = nbformat.read(path.parent / "student" / path.name, as_version=4)
    kept = [c for c in course.cells if not student_notebooks.is_speaker_note(c)]
    theirs = [
        c for c in student.cells if "solution-reveal" not in student_notebooks.tags(c)
    ]
    assert len(kept) == len(theirs), "notebooks/student/ is stale: run `make execute`"
    sanitizers = _sanitizers()
    for i, (ours, shown) in enumerate(zip(kept, theirs, strict=True)):
        if ours.cell_type != "code":
            continue
        if {"exercise", "check"} & set(student_notebooks.tags(ours)):
            if "check" in student_notebooks.tags(ours):
                assert "not done yet" in "".join(_shown_text(shown, sanitizers)), (
                    f"cell {i}"
                )
            continue
        assert _shown_text(shown, sanitizers) == _shown_text(ours, sanitizers), (
            f"cell {i}"
        )


def test_the_output_comparison_sees_a_changed_number():
    sanitizers = _sanitizers()
    cell = nbformat.v4.new_code_cell(
        outputs=[nbformat.v4.new_output("stream", text="⏱ 1.5 s 3\n")]
    )
    other = nbformat.v4.new_code_cell(
        outputs=[nbformat.v4.new_output("stream", text="⏱ 9 s 3\n")]
    )
    wrong = nbformat.v4.new_code_cell(
        outputs=[nbformat.v4.new_output("stream", text="⏱ 1 s 4\n")]
    )
    assert _shown_text(cell, sanitizers) == _shown_text(other, sanitizers)
    assert _shown_text(cell, sanitizers) != _shown_text(wrong, sanitizers)
