"""Check that a reformatting changed only layout: each file's AST against a revision.

    python tools/check_layout_only.py --rev main lib/deepstep/descent.py ...
    python tools/check_layout_only.py --rev main --renamed OLD=NEW ... FILE ...

Written for the move from 100 to 88 columns (issue 15), to be run again whenever a
file is rewrapped. A file passes when its ``ast.dump`` equals the one at ``--rev``,
either exactly or once the whitespace inside docstrings is collapsed (a re-wrapped
paragraph; a "#" standing alone in a docstring, which continues a code sample's
comment on the next line, counts as layout too). Long strings split into implicit
concatenations need no allowance: Python joins the pieces, so the AST is the same,
and a space lost at a split shows up as a difference. A test function renamed to fit
the width is compared under its new name when given as ``--renamed OLD=NEW``.

A file that matches only once every run of whitespace in every string is made one
space is listed apart, to be read: that is a code sample held in a string, re-wrapped by
hand. Exit status 1 if any file differs or needs reading.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys


def _docstrings(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(
            node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef
        ):
            first = node.body[0] if node.body else None
            if (
                isinstance(first, ast.Expr)
                and isinstance(first.value, ast.Constant)
                and isinstance(first.value.value, str)
            ):
                yield first.value


def _prose_collapsed(tree: ast.AST) -> str:
    for doc in _docstrings(tree):
        doc.value = " ".join(w for w in doc.value.split() if w != "#")
    return ast.dump(tree)


def _strings_collapsed(tree: ast.AST) -> str:
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            node.value = re.sub(r"\s+", " ", node.value)
    return ast.dump(tree)


def compare(old: str, new: str, renamed: dict[str, str] | None = None) -> str:
    """How the source ``new`` relates to ``old``: "identical", "prose" (equal once
    docstring whitespace is collapsed), "whitespace" (only once the whitespace of every
    string is collapsed) or "differs"."""
    before, after = ast.parse(old), ast.parse(new)
    for node in ast.walk(before):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            node.name = (renamed or {}).get(node.name, node.name)
    if ast.dump(before) == ast.dump(after):
        return "identical"
    if _prose_collapsed(before) == _prose_collapsed(after):
        return "prose"
    if _strings_collapsed(before) == _strings_collapsed(after):
        return "whitespace"
    return "differs"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rev", default="main", help="git revision to compare with")
    parser.add_argument("--renamed", nargs="*", default=[], metavar="OLD=NEW")
    parser.add_argument("files", nargs="+")
    args = parser.parse_args(argv)
    renamed = dict(pair.split("=", 1) for pair in args.renamed)
    results: dict[str, list[str]] = {}
    for path in args.files:
        old = subprocess.run(
            ["git", "show", f"{args.rev}:{path}"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        with open(path, encoding="utf-8") as f:
            new = f.read()
        results.setdefault(compare(old, new, renamed), []).append(path)
    count = {kind: len(results.get(kind, [])) for kind in results}
    print(
        f"{len(args.files)} files: {count.get('identical', 0)} identical ASTs, "
        f"{count.get('prose', 0)} identical once docstring whitespace is collapsed, "
        f"{count.get('whitespace', 0)} only once every string's whitespace is "
        f"collapsed (read them), {count.get('differs', 0)} differ"
    )
    for kind, label in [("whitespace", "READ"), ("differs", "DIFFERS")]:
        for path in results.get(kind, []):
            print(f"  {label}: {path}")
    return 1 if results.get("whitespace") or results.get("differs") else 0


if __name__ == "__main__":
    sys.exit(main())
