# Two commands run the course: `make lab` opens it, `make test` checks it.
# Both build .venv from pyproject.toml on first use; nothing else needs installing by hand.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# Two installs into one .venv: the course (what `make lab` needs: the notebooks extra) and,
# on top, the tools that check it (the dev extra: pytest, nbval, playwright, JAX, ...).
LAB_STAMP := $(VENV)/.lab-stamp
STAMP := $(VENV)/.installed-stamp
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))
# The students' versions (stubs, solutions behind a click), built from NOTEBOOKS by
# `make execute`, and the folder where a student's own copies of them live.
STUDENT_NOTEBOOKS := $(patsubst notebooks/%,notebooks/student/%,$(NOTEBOOKS))
MY_NOTEBOOKS := my-notebooks
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
# Quiet TensorFlow's C++ logging in every kernel the tests and `execute` start.
export TF_CPP_MIN_LOG_LEVEL := 3
export PYTHONHASHSEED := 0

.PHONY: lab test lint unit nbval nbval-other-cpu browser execute bench slides instructor gpu-wheels gpu-dry-run clean

# JupyterLab's settings for the course (no news or update toasts over a notebook), in the
# environment's overrides folder, where JupyterLab reads defaults that users may still change.
LAB_OVERRIDES := $(VENV)/share/jupyter/lab/settings/overrides.d/deepstep.json
$(LAB_STAMP): pyproject.toml tools/jupyterlab_overrides.json
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	mkdir -p $(dir $(LAB_OVERRIDES)) && cp tools/jupyterlab_overrides.json $(LAB_OVERRIDES)
	touch $@

$(STAMP): $(LAB_STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

## lab: open the course in JupyterLab, on this machine only (127.0.0.1), with Jupyter's token.
## It serves the student's own copies in my-notebooks/ (exercises as stubs), made from
## notebooks/student/ and never overwritten once edited (tools/student_copies.py).
## Extra Jupyter flags go in LAB_FLAGS, e.g. `make lab LAB_FLAGS="--no-browser --port=8890"`.
LAB_FLAGS ?=
## A JupyterLab already serving my-notebooks/ is reused: its address is printed instead.
lab: $(LAB_STAMP)
	$(BIN)/python tools/student_copies.py notebooks/student $(MY_NOTEBOOKS)
	$(BIN)/python tools/running_lab.py $(MY_NOTEBOOKS) || \
		$(BIN)/jupyter lab --notebook-dir=$(MY_NOTEBOOKS) --ServerApp.ip=127.0.0.1 $(LAB_FLAGS)

## test: lint, library tests, every notebook re-executed and compared with nbval, and
## (where Debian's Chromium is installed) the decks and JupyterLab driven in a real browser.
CHROMIUM ?= /usr/bin/chromium
test: lint unit nbval browser

lint: $(STAMP)
	$(BIN)/ruff check lib tests benchmarks tools
	$(BIN)/ruff format --check lib tests benchmarks tools
	$(BIN)/nbqa ruff notebooks

unit: $(STAMP)
	$(BIN)/pytest -q -m "not browser" tests

# Saved outputs come from the same data on every machine: load_mnist reads only the real
# MNIST digits shipped in data/ (a full MNIST of yours is for make lab, not for the checks).
execute nbval: export DEEPSTEP_MNIST := subset
# nbval runs every notebook with the network blocked at the socket level: tools/offline's
# sitecustomize refuses any connection or name lookup off this machine, in pytest and in
# every kernel, and logs it; a notebook that tried the network fails the run.
NETWORK_LOG := build/network_attempts.log
nbval: export PYTHONPATH := $(CURDIR)/tools/offline
nbval: export DEEPSTEP_NETWORK_LOG := $(CURDIR)/$(NETWORK_LOG)
# Only the course's notebooks are re-run: the students' versions print the same outside their
# exercises (tests/repo/test_student_work.py compares the saved outputs cell by cell), and the
# browser tests run them start to end in JupyterLab, as a student would.
# make lab serves copies (my-notebooks/), so the course's own files change only by hand or by
# `make execute`; if they differ from the last commit, nbval says so before comparing them.
nbval: $(STAMP)
	@git diff --quiet -- notebooks 2>/dev/null || echo "nbval: notebooks/ differ from the last \
	commit (see git status notebooks); the saved outputs compared are the files as they are now; \
	git checkout notebooks restores the course (your own work is in $(MY_NOTEBOOKS)/)."
	@mkdir -p build && rm -f $(NETWORK_LOG)
	$(BIN)/pytest -q -p no:cacheprovider -n auto --dist loadscope $(NBVAL) $(NOTEBOOKS)
	@if [ -s $(NETWORK_LOG) ]; then echo "nbval: these tried to leave the machine:"; \
		cat $(NETWORK_LOG); exit 1; else echo "nbval: no notebook tried the network"; fi

## nbval-other-cpu: nbval once more with OpenBLAS's oldest x86 kernels, to see how another
## processor's rounding changes the saved numbers (notebook 09's chaotic runs differed between
## Intel and AMD); run it after `make execute`. A number it changes must be shown after ≈.
nbval-other-cpu:
	OPENBLAS_CORETYPE=Prescott $(MAKE) --no-print-directory nbval

browser: $(STAMP)
	@if [ -x "$(CHROMIUM)" ]; then \
		$(MAKE) --no-print-directory slides && \
		CHROMIUM=$(CHROMIUM) $(BIN)/pytest -q -p no:cacheprovider tests/repo/test_browser.py; \
	else \
		echo "browser tests skipped: no Chromium at $(CHROMIUM) (Debian: apt-get install chromium)"; \
	fi

## execute: re-run every notebook in place and clean it; the only way to regenerate outputs.
## Streams are merged after execution: the kernel flushes prints on a timer, and one print
## saved as two pieces on one run and one on the next would make git see a change.
## The students' versions are rebuilt from the executed course notebooks with nbgrader's
## preprocessors (tools/student_notebooks.py) and executed too: their saved outputs are
## what a student sees before writing anything ("not done yet" under each check).
## Times (after ⏱) and float32 results (after ≈) change from run to run: where a re-run changed
## only those, tools/keep_saved_outputs.py puts the committed text back, so git stays clean.
## One notebook: `make execute NOTEBOOKS=notebooks/07_pooling_relu_xo.ipynb`.
EXECUTE := $(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	--ExecutePreprocessor.kernel_name=python3 --ExecutePreprocessor.timeout=180 \
	--Exporter.preprocessors=nbconvert.preprocessors.CoalesceStreamsPreprocessor
execute: $(STAMP)
	$(BIN)/python tools/slide_metadata.py --fix $(NOTEBOOKS)
	$(EXECUTE) $(NOTEBOOKS)
	$(BIN)/nbstripout --keep-output --keep-count $(NOTEBOOKS)
	$(BIN)/python tools/keep_saved_outputs.py $(NOTEBOOKS)
	$(BIN)/python tools/student_notebooks.py $(NOTEBOOKS)
	$(EXECUTE) $(STUDENT_NOTEBOOKS)
	$(BIN)/nbstripout --keep-output --keep-count $(STUDENT_NOTEBOOKS)
	$(BIN)/python tools/keep_saved_outputs.py $(STUDENT_NOTEBOOKS)

## slides: every notebook as a reveal.js deck in build/slides/, loading nothing from the
## internet: reveal.js, require.js, jQuery, MathJax and Font Awesome come from the npm
## registry at build time into build/vendor/ (the decks link to them by relative paths);
## tools/offline_slides.html.j2 drops the template's mermaid import from a CDN.
VENDOR := build/vendor
VENDOR_PACKAGES := reveal.js@4.6.0 requirejs@2.3.8 jquery@2.2.3 mathjax@2.7.9 font-awesome@4.7.0
SLIDE_FLAGS := --SlidesExporter.reveal_url_prefix=../vendor/reveal.js \
	--SlidesExporter.reveal_theme=white \
	--SlidesExporter.font_awesome_url=../vendor/font-awesome/css/font-awesome.css \
	--HTMLExporter.require_js_url=../vendor/requirejs/require.js \
	--HTMLExporter.jquery_url=../vendor/jquery/dist/jquery.min.js \
	'--HTMLExporter.mathjax_url=../vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe' \
	--template-file tools/offline_slides.html.j2

$(VENDOR)/.stamp:
	mkdir -p $(VENDOR)
	cd $(VENDOR) && for spec in $(VENDOR_PACKAGES); do \
		name=$${spec%@*}; tarball=$$(npm pack --silent $$spec) && \
		rm -rf $$name && mkdir -p $$name && tar xzf $$tarball -C $$name --strip-components=1 && \
		rm $$tarball || exit 1; \
	done
	touch $@

slides: $(STAMP) $(VENDOR)/.stamp
	$(BIN)/jupyter nbconvert --to slides --output-dir build/slides $(SLIDE_FLAGS) $(NOTEBOOKS)

## instructor: what an instructor presents and grades with: the decks with every solution
## filled in (build/slides/, from notebooks/, which hold the solutions) and an nbgrader
## course folder (build/nbgrader/: `nbgrader generate_assignment NN_topic --create` there
## releases a notebook without its solutions, `nbgrader autograde NN_topic` grades it).
instructor: slides
	$(BIN)/python tools/nbgrader_course.py build/nbgrader $(NOTEBOOKS)

## bench: NumPy layers against TensorFlow on this machine, Keras's MNIST CNN and notebook
## 10's slider retraining; prints times and ratios.
bench: $(STAMP)
	$(BIN)/python benchmarks/import_time.py
	$(BIN)/python benchmarks/dense_vs_tensorflow.py
	$(BIN)/python benchmarks/conv_vs_tensorflow.py
	$(BIN)/python benchmarks/conv_layer_backward.py
	$(BIN)/python benchmarks/keras_mnist_throughput.py
	$(BIN)/python benchmarks/keras_mnist_time_to_accuracy.py
	$(BIN)/python benchmarks/regularized_curves_time.py

## gpu-wheels: the wheels a GPU machine without Keras needs for tools/gpu_check.sh (Python
## 3.12, x86-64 Linux; the list and why is in tools/gpu_requirements.txt), into .whl/.
GPU_WHEEL_FLAGS := --no-deps --only-binary=:all: --implementation cp --python-version 3.12 \
	--abi cp312 --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 \
	--platform manylinux2014_x86_64
gpu-wheels:
	rm -rf .whl
	$(PYTHON) -m pip download --quiet $(GPU_WHEEL_FLAGS) -d .whl -r tools/gpu_requirements.txt
	@du -ch .whl/*.whl | tail -n 1 | sed 's/total/in .whl (carry it with data\/mnist.npz)/'

## gpu-dry-run: tools/gpu_check.sh on this CPU as the GPU machine would run it: a fresh venv
## with only what that machine has (tools/gpu_machine_requirements.txt, at .venv's versions,
## no TensorFlow), the same wheels built for this Python, KERAS_BACKEND=jax, the network
## blocked, and a tiny budget. Results in build/gpu_dry_run/out/.
DRY := build/gpu_dry_run
$(DRY)/.stamp: tools/gpu_requirements.txt tools/gpu_machine_requirements.txt $(STAMP)
	rm -rf $(DRY) && mkdir -p $(DRY)
	$(BIN)/python -m pip freeze --exclude-editable > $(DRY)/constraints.txt
	$(PYTHON) -m venv $(DRY)/venv
	$(DRY)/venv/bin/python -m pip install --quiet --no-compile -c $(DRY)/constraints.txt \
		-r tools/gpu_machine_requirements.txt
	$(DRY)/venv/bin/python -m pip download --quiet --no-deps --only-binary=:all: \
		-c $(DRY)/constraints.txt -d $(DRY)/whl -r tools/gpu_requirements.txt
	touch $@

gpu-dry-run: $(DRY)/.stamp
	GPU_CHECK_PYTHON=$(DRY)/venv/bin/python GPU_CHECK_WHEELS=$(DRY)/whl \
		GPU_CHECK_SITE=$(DRY)/site GPU_CHECK_BUDGET=tiny OUT=$(DRY)/out bash tools/gpu_check.sh

clean:
	rm -rf $(VENV) .pytest_cache .hypothesis
