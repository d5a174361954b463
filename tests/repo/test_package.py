"""Package-level promises: a light import (no TensorFlow, matplotlib or SciPy), lazy
plotting.

How long the import takes is measured in benchmarks/import_time.py, not here: a timing
depends on the machine and on what else runs, and a test must not."""

import ast
import re
import subprocess
import sys
from pathlib import Path

import pytest

CODE = """
import sys
import deepstep
print(sorted({name.split('.')[0] for name in sys.modules} & HEAVY))
"""
# Packages that each take longer to import than numpy and deepstep together; `import
# deepstep` loads none of them (plot, keras_tools and the functions that need SciPy load
# them on use).
HEAVY = {
    "tensorflow",
    "keras",
    "jax",
    "torch",
    "matplotlib",
    "scipy",
    "sklearn",
    "ipywidgets",
}


def run(code):
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    return out.stdout.split()


def test_import_loads_no_heavy_package():
    out = subprocess.run(
        [
            sys.executable,
            "-c",
            f"HEAVY = {sorted(HEAVY)!r}\n" + CODE.replace("& HEAVY", "& set(HEAVY)"),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == "[]"


def test_plot_loads_on_first_use():
    (loaded,) = run(
        "import deepstep, sys; deepstep.plot; print('matplotlib' in sys.modules)"
    )
    assert loaded == "True"


# -- the shape of the package: one direction of dependencies (issue 13) ----------------

LIB = Path(__file__).resolve().parents[2] / "lib" / "deepstep"

# Rank of each part: a module may import only modules of its own rank or lower.
RANKS = {"_checks": 0, "nn": 1, "plot": 3, "keras_tools": 4}


def rank(module: str) -> int:
    return RANKS.get(
        module.split(".")[1], 2
    )  # 2: the lessons' helpers and the exercises


def import_graph() -> dict[str, set[str]]:
    """Module -> the deepstep modules it imports, read from the source (function-level
    imports included). ``from pkg import sub`` counts as importing ``sub``; a module's
    own parent packages, which Python imports first anyway, are left out."""
    modules = {}
    for path in LIB.rglob("*.py"):
        parts = path.relative_to(LIB.parent).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        modules[".".join(parts[:-1] if is_package else parts)] = (path, is_package)
    graph = {}
    for name, (path, is_package) in modules.items():
        package = name if is_package else name.rsplit(".", 1)[0]
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package.split(".")[
                        : len(package.split(".")) - (node.level - 1)
                    ]
                    source = ".".join(base + ([node.module] if node.module else []))
                else:
                    source = node.module or ""
                subs = [
                    f"{source}.{a.name}"
                    for a in node.names
                    if f"{source}.{a.name}" in modules
                ]
                targets.update(subs or ([source] if source in modules else []))
            elif isinstance(node, ast.Import):
                targets.update(a.name for a in node.names if a.name in modules)
        graph[name] = {t for t in targets if t != name and not name.startswith(t + ".")}
    return graph


def test_import_graph_is_read_from_the_source():
    graph = import_graph()
    assert "deepstep._checks" in graph["deepstep.nn.ops"]
    assert "deepstep.nn.layers.base" in graph["deepstep.nn.layers.core"]
    assert graph["deepstep._checks"] == set()


def test_import_graph_has_no_cycle():
    graph = import_graph()
    done, on_path, cycles = set(), [], []

    def visit(module):
        on_path.append(module)
        for target in sorted(graph[module]):
            if target in on_path:
                cycles.append(on_path[on_path.index(target) :] + [target])
            elif target not in done:
                visit(target)
        on_path.pop()
        done.add(module)

    for module in sorted(graph):
        if module not in done:
            visit(module)
    assert cycles == []


def test_dependencies_point_one_way_checks_nn_lessons_plot_keras():
    graph = import_graph()
    upward = {
        (m, t)
        for m, targets in graph.items()
        if m != "deepstep"  # the package's __init__ gathers names from every layer
        for t in targets
        if rank(t) > rank(m)
    }
    assert upward == set()
    assert graph["deepstep._checks"] == set()
    nn = {t for m, ts in graph.items() if m.startswith("deepstep.nn") for t in ts}
    assert {
        t for t in nn if not t.startswith(("deepstep.nn", "deepstep._checks"))
    } == set()


def test_no_module_imports_a_private_name_of_another():
    private = []
    for path in LIB.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                private += [
                    f"{path.name}: {a.name}"
                    for a in node.names
                    if a.name.startswith("_") and a.name != "__future__"
                ]
    assert private == []


def test_importing_deepstep_nn_loads_neither_matplotlib_nor_tensorflow():
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import deepstep.nn"],
        capture_output=True,
        text=True,
        check=True,
    )
    loaded = {
        line.rsplit("|", 1)[-1].strip()
        for line in out.stderr.splitlines()
        if "|" in line
    }
    assert "deepstep.nn.layers.core" in loaded  # the report lists what was imported
    heavy = {
        m
        for m in loaded
        if m.split(".")[0] in ("matplotlib", "tensorflow", "keras", "jax")
    }
    assert heavy == set()


def third_party_imports(path: Path) -> set[str]:
    """Top-level names of the packages a module imports (function-level imports
    included)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
    return names


def test_only_plot_imports_matplotlib_and_ipywidgets():
    drawing = {
        str(path.relative_to(LIB))
        for path in LIB.rglob("*.py")
        if third_party_imports(path) & {"matplotlib", "ipywidgets"}
    }
    assert drawing  # the test reads real imports
    assert {p for p in drawing if not p.startswith("plot/")} == set()


def test_only_keras_tools_imports_keras_tensorflow_and_jax():
    backends = {
        str(path.relative_to(LIB))
        for path in LIB.rglob("*.py")
        if third_party_imports(path) & {"keras", "tensorflow", "jax", "torch"}
    }
    assert "keras_tools/backend.py" in backends  # the test reads real imports
    assert {p for p in backends if not p.startswith("keras_tools/")} == set()


# -- each lesson module names the notebooks that use it (d2l's convention) -------------

NOTEBOOK_DIR = LIB.parents[1] / "notebooks"


def named_notebooks(docstring: str) -> set[str] | None:
    """The notebook numbers the docstring's first paragraph names: "(notebook 09)",
    "(notebooks 01, 02, 06-11)"; None for "(every notebook)"."""
    opening = docstring.split("\n\n", 1)[0]
    if "every notebook" in opening:
        return None
    found = set()
    for group in re.findall(
        r"[Nn]otebooks? ((?:\d\d(?:-\d\d)?(?:, | and |, and )?)+)", opening
    ):
        for part in re.findall(r"\d\d(?:-\d\d)?", group):
            first, _, last = part.partition("-")
            found |= {f"{n:02d}" for n in range(int(first), int(last or first) + 1)}
    return found


def notebooks_importing(module: str) -> set[str]:
    pattern = re.compile(
        rf"from deepstep import [^\n\"]*\b{module}\b|deepstep\.{module}\b"
    )
    return {
        path.name[:2]
        for path in NOTEBOOK_DIR.glob("[0-9][0-9]_*.ipynb")
        if pattern.search(path.read_text(encoding="utf-8"))
    }


LESSON_MODULES = sorted(
    path.stem for path in LIB.glob("*.py") if not path.stem.startswith("_")
)


@pytest.mark.parametrize("module", LESSON_MODULES)
def test_each_lesson_module_opens_by_naming_every_notebook_that_uses_it(module):
    doc = ast.get_docstring(
        ast.parse((LIB / f"{module}.py").read_text(encoding="utf-8"))
    )
    named = named_notebooks(doc or "")
    assert named is None or named, (
        f"{module}: its docstring's first paragraph names no notebook"
    )
    if named is not None:
        missing = notebooks_importing(module) - named
        assert not missing, (
            f"{module} is used by notebooks {sorted(missing)} it does not name"
        )


def test_named_notebooks_reads_single_numbers_lists_and_ranges():
    assert named_notebooks("Dropout variants.  (notebook 09)\n\nMore.") == {"09"}
    assert named_notebooks("Data.\n(notebooks 01, 02, 06-08)") == {
        "01",
        "02",
        "06",
        "07",
        "08",
    }
    assert named_notebooks("Checks.  (every notebook)") is None
    assert named_notebooks("Nothing here.\n\n(notebook 03)") == set()
