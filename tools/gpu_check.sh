#!/usr/bin/env bash
# The GPU check: notebook 12's GPU path and notebook 13's LSTM match, measured on whatever GPU
# JAX sees, in one command run from the repository root on a machine with no TensorFlow, no
# Keras and no network:
#
#     bash tools/gpu_check.sh        (carry .whl/ from `make gpu-wheels` and data/mnist.npz)
#
# It installs the wheels of .whl/ into a --target folder, puts the tree's lib/ beside them on
# PYTHONPATH (the code under test is this checkout, as an editable install would give it, so
# that deepstep finds data/ too), and runs tools/gpu_check.py with KERAS_BACKEND=jax. Results
# go to $OUT (default build/gpu_check/): gpu_check.json and gpu_check.log.
#
# Settings, all optional (`make gpu-dry-run` sets them to mimic the GPU machine on a CPU):
#   GPU_CHECK_PYTHON  the interpreter (default python3)
#   GPU_CHECK_WHEELS  the folder of wheels (default .whl)
#   GPU_CHECK_SITE    where they are installed (default /tmp/site; emptied first)
#   GPU_CHECK_BUDGET  "full" (notebook 12's training) or "tiny" (a few hundred images)
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${GPU_CHECK_PYTHON:-python3}
WHEELS=${GPU_CHECK_WHEELS:-.whl}
SITE=${GPU_CHECK_SITE:-/tmp/site}
BUDGET=${GPU_CHECK_BUDGET:-full}
OUT=${OUT:-build/gpu_check}
mkdir -p "$OUT"
LOG="$OUT/gpu_check.log"
: >"$LOG"
say() { echo "gpu_check: $*" | tee -a "$LOG"; }

say "$(date -u +%Y-%m-%dT%H:%M:%SZ) on $(hostname), $("$PY" --version 2>&1) at $(command -v "$PY")"
shopt -s nullglob
wheels=("$WHEELS"/*.whl)
if [ ${#wheels[@]} -eq 0 ]; then
    say "no wheels in $WHEELS/: run \`make gpu-wheels\` on a machine with the registry and carry .whl"
    exit 2
fi
rm -rf "$SITE"
mkdir -p "$SITE"
# pip when the interpreter has it; otherwise a wheel is a zip laid out for site-packages
# (none of these carries a .data folder), so unpacking it is the same install.
if "$PY" -m pip --version >/dev/null 2>&1; then
    "$PY" -m pip install --quiet --no-index --no-deps --target "$SITE" "${wheels[@]}" 2>&1 | tee -a "$LOG"
else
    for wheel in "${wheels[@]}"; do "$PY" -m zipfile -e "$wheel" "$SITE"; done
fi
say "installed ${#wheels[@]} wheel(s) into $SITE: $(cd "$WHEELS" && ls -- *.whl | tr '\n' ' ')"

export KERAS_BACKEND=jax
export PYTHONPATH="$SITE:$PWD/lib"
export PYTHONNOUSERSITE=1
export TF_CPP_MIN_LOG_LEVEL=3
# JAX takes 75% of GPU memory up front by default; the check needs little of it.
export XLA_PYTHON_CLIENT_PREALLOCATE=false
set +e
"$PY" tools/gpu_check.py --out "$OUT" --budget "$BUDGET" 2>&1 | tee -a "$LOG"
status=${PIPESTATUS[0]}
set -e
say "exit status $status; results in $OUT/gpu_check.json"
cat "$OUT/gpu_check.json" 2>/dev/null || true
exit "$status"
