# Two commands run the course: `make lab` opens it, `make test` checks it.
# Both build .venv from pyproject.toml on first use; nothing else needs installing by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Quiet TensorFlow's C++ logging in every kernel the tests and `execute` start.
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONHASHSEED := 0

.PHONY: lab test lint unit nbval execute bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## lab: open the course in JupyterLab, on this machine only (127.0.0.1), with Jupyter's token.
## Extra Jupyter flags go in LAB_FLAGS, e.g. `make lab LAB_FLAGS="--no-browser --port=8890"`.
LAB_FLAGS ?=
lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks --ServerApp.ip=127.0.0.1 $(LAB_FLAGS)

## test: lint, library tests, then every notebook re-executed and compared with nbval.
test: lint unit nbval

lint: $(STAMP)
	$(BIN)/ruff check lib tests benchmarks
	$(BIN)/ruff format --check lib tests benchmarks
	$(BIN)/nbqa ruff notebooks

unit: $(STAMP)
	$(BIN)/pytest -q tests

nbval: $(STAMP)
	$(BIN)/pytest -q -p no:cacheprovider -n auto --dist loadscope $(NBVAL) notebooks

## execute: re-run every notebook in place and clean it; the only way to regenerate outputs.
execute: $(STAMP)
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
		--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=600 $(NOTEBOOKS)
	$(BIN)/nbstripout --keep-output --keep-count $(NOTEBOOKS)

## bench: NumPy layers against TensorFlow on this machine; prints times and ratios.
bench: $(STAMP)
	$(BIN)/python benchmarks/dense_vs_tensorflow.py
	$(BIN)/python benchmarks/conv_vs_tensorflow.py

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
