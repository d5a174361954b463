"""Set-up promises: localhost lab with a token, one dependency list, CI = make test."""

import re
import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def make_dry_run(target):
    out = subprocess.run(
        ["make", "-n", "-C", str(ROOT), target],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def test_lab_binds_to_localhost_keeps_the_token_and_opens_the_notebooks():
    cmd = [line for line in make_dry_run("lab").splitlines() if "jupyter lab" in line]
    assert len(cmd) == 1
    assert "--ServerApp.ip=127.0.0.1" in cmd[0]
    assert (
        "--notebook-dir=my-notebooks" in cmd[0]
    )  # the student's copies, never the course
    assert not re.search(r"token|password|disable_check_xsrf|0\.0\.0\.0", cmd[0], re.I)


def test_ci_installs_chromium_then_runs_exactly_make_test():
    lines = [line.strip() for line in (ROOT / ".ci" / "run").read_text().splitlines()]
    commands = [line for line in lines if line and not line.startswith("#")]
    assert commands[-1] == "make test"
    # the only other work: strict mode, cd to the repo, and Debian's chromium
    others = [
        c
        for c in commands[:-1]
        if not c.startswith(("set ", "cd ", "fi", "if ", "apt-get "))
    ]
    assert others == [], others


def _names(requirements):
    return {
        re.split(r"[<>=!\[ ]", r.strip(), maxsplit=1)[0].lower() for r in requirements
    }


def test_environment_yml_lists_the_same_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"]
    wanted = _names(project["dependencies"] + extras["notebooks"] + extras["dev"]) - {
        "deepstep"
    }
    env_lines = (ROOT / "environment.yml").read_text().splitlines()
    listed = _names(
        line.split("#")[0].strip().lstrip("- ")
        for line in env_lines
        if line.strip().startswith("- ")
        and not line.strip().startswith(("- pip", "- python="))
    )
    listed |= _names(
        line.split("#")[0].strip().lstrip("- ")
        for line in env_lines
        if line.startswith("      - ")
    )
    assert wanted == listed - {"conda-forge"}


def test_environment_yml_pins_python_exactly_for_binder():
    assert re.search(
        r"^\s*- python=3\.11\s*$", (ROOT / "environment.yml").read_text(), re.M
    )
