"""Give a student working copies of the course's notebooks, never overwriting one they
edited.

    python tools/student_copies.py notebooks/student my-notebooks     (make lab runs it)

A notebook the course has and the student's folder lacks is copied in. A copy the
student has not changed since it was copied (same bytes as recorded in the folder's
.deepstep-copies.json) is replaced when the course's version changes. A copy the student
edited is never touched: the course's new version arrives beside it as
"NN_topic (course update).ipynb", and a line says so. JupyterLab saves a notebook that
was merely run, so "edited" means "its bytes changed", which errs on the side of keeping
work.

When the course renames or splits a notebook, the student's copy under the old name is
removed if they never changed it (the new names are copied in as usual) and kept if they
did, with a line naming the notebooks that now teach its lessons.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
from pathlib import Path

MANIFEST = ".deepstep-copies.json"
UPDATE_SUFFIX = " (course update)"
#: Notebooks the course split, old stem -> the stems that now teach its lessons. A
#: notebook that was only renumbered needs no entry: its topic (the name after "NN_")
#: finds it.
SPLIT = {
    "09_relu_dropout_regularization": (
        "09_relu_batch_norm",
        "10_overfitting_regularization",
    ),
}


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _beside(target: Path, new: str, copied: dict[str, str]) -> Path:
    """Where the course's new version goes next to an edited copy: a name that holds no
    work of the student's (an update copy they edited gets a numbered neighbour)."""
    for n in range(1, 100):
        suffix = UPDATE_SUFFIX if n == 1 else f" (course update {n})"
        beside = target.with_name(target.stem + suffix + target.suffix)
        if not beside.exists() or digest(beside) in (new, copied.get(beside.name)):
            if beside.exists() and digest(beside) != new:
                beside.unlink()  # an untouched older update: replaced by the newer one
            return beside
    raise RuntimeError(f"student_copies: too many course updates beside {target}")


def successors(old: str, course_names: list[str]) -> list[str]:
    """The course notebooks that now teach what the notebook called ``old`` taught."""
    stem = old.removesuffix(".ipynb")
    topic = stem.partition("_")[2]
    named = [f"{new}.ipynb" for new in SPLIT.get(stem, ())]
    renumbered = [n for n in course_names if n.partition("_")[2] == f"{topic}.ipynb"]
    return [n for n in named + renumbered if n in course_names]


def _moved_on(mine: Path, course_names: list[str], copied: dict[str, str]) -> list[str]:
    """Copies of notebooks the course no longer has: removed if untouched, else kept."""
    said = []
    for old, given in sorted(copied.items()):
        path = mine / old
        if old in course_names or " (course update" in old or not path.exists():
            continue
        now = successors(old, course_names)
        where = " and ".join(now) if now else "the other notebooks"
        if digest(path) == given:
            path.unlink()  # the bytes we copied in, unchanged: no work of the student's
            del copied[old]
            said.append(f"removed {old} (you had not changed it): now {where}")
        else:
            said.append(
                f"kept your {old} (you changed it): the course now teaches it in "
                f"{where}; copy your answers across"
            )
    return said


def sync(course: Path, mine: Path) -> list[str]:
    """Bring ``mine`` up to date with ``course`` without losing edits; what it did, per
    line."""
    mine.mkdir(parents=True, exist_ok=True)
    manifest_path = mine / MANIFEST
    copied = json.loads(manifest_path.read_text()) if manifest_path.is_file() else {}
    said = []
    for source in sorted(course.glob("*.ipynb")):
        target, new = mine / source.name, digest(source)
        if not target.exists():
            shutil.copyfile(source, target)
            copied[source.name] = new
            said.append(f"copied {source.name}")
        elif copied.get(source.name) == new:
            continue  # the course has not changed since this copy was made
        elif digest(target) == copied.get(source.name):
            shutil.copyfile(source, target)  # untouched by the student: safe to update
            copied[source.name] = new
            said.append(f"updated {source.name} (you had not changed it)")
        elif digest(target) == new:
            copied[source.name] = new  # the student's copy already is the new version
        else:
            beside = _beside(target, new, copied)
            if not beside.exists():
                shutil.copyfile(source, beside)
                copied[beside.name] = new
            said.append(
                f"kept your {source.name} (you changed it); the course's new version "
                f"is {beside.name}"
            )
    said += _moved_on(mine, [p.name for p in course.glob("*.ipynb")], copied)
    manifest_path.write_text(json.dumps(copied, indent=1, sort_keys=True) + "\n")
    return said


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("course", type=Path, help="the course's student notebooks")
    parser.add_argument("mine", type=Path, help="the student's working folder")
    args = parser.parse_args()
    for line in sync(args.course, args.mine):
        print(f"{args.mine}/: {line}")


if __name__ == "__main__":
    main()
