"""tools/check_layout_only.py: a rewrap passes, a change of meaning does not."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import check_layout_only  # noqa: E402

OLD = '''def f(x):
    """Return x scaled by two, which the notebook
    plots."""
    # a comment that was too long for the line
    raise ValueError(f"f: x must be a number; got {x!r} of type {type(x).__name__}")
'''


def test_split_message_and_rewrapped_docstring_and_comment_pass():
    new = '''def f(x):
    """Return x scaled by two,
    which the notebook plots."""
    # a comment that was too long
    # for the line
    raise ValueError(
        f"f: x must be a number; got {x!r} "
        f"of type {type(x).__name__}"
    )
'''
    assert check_layout_only.compare(OLD, new) == "prose"
    assert check_layout_only.compare(OLD, OLD) == "identical"


def test_a_space_lost_at_a_split_is_caught():
    new = OLD.replace("got {x!r} of", 'got {x!r}" f"of')
    assert check_layout_only.compare(OLD, new) == "differs"


def test_a_changed_word_in_a_docstring_is_caught():
    new = OLD.replace("scaled by two", "scaled by 2")
    assert check_layout_only.compare(OLD, new) == "differs"


def test_whitespace_inside_a_code_string_is_listed_apart():
    old = 'CODE = "a = 1;  b = 2"\n'
    assert check_layout_only.compare(old, 'CODE = "a = 1; b = 2"\n') == "whitespace"


def test_a_renamed_test_passes_only_when_named():
    old = "def test_a_very_long_name():\n    pass\n"
    new = "def test_short_name():\n    pass\n"
    assert check_layout_only.compare(old, new) == "differs"
    renamed = {"test_a_very_long_name": "test_short_name"}
    assert check_layout_only.compare(old, new, renamed) == "identical"


def test_command_line_counts_and_exit_status(tmp_path, capsys, monkeypatch):
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    (tmp_path / "m.py").write_text(OLD)
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@t"]
    subprocess.run([*git, "add", "m.py"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "m"], check=True)
    (tmp_path / "m.py").write_text(OLD.replace("two, which", "two,\n    which"))
    monkeypatch.chdir(tmp_path)
    assert check_layout_only.main(["--rev", "HEAD", "m.py"]) == 0
    (tmp_path / "m.py").write_text(OLD.replace("x scaled", "y scaled"))
    assert check_layout_only.main(["--rev", "HEAD", "m.py"]) == 1
    out = capsys.readouterr().out
    assert "1 files: 0 identical ASTs, 1 identical once docstring whitespace" in out
    assert "DIFFERS: m.py" in out
