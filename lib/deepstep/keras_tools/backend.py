"""Keras and TensorFlow, imported quietly: the one place in deepstep that imports them.

``from deepstep.keras_tools import keras, tf`` gives the same modules as
``import keras`` and ``import tensorflow as tf``. TF_CPP_MIN_LOG_LEVEL is set to "3"
before TensorFlow loads (unless you set it yourself), and TensorFlow's start-up lines on
stderr are dropped. ``tf`` is None where TensorFlow is not installed (a JAX- or
PyTorch-only install).
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@contextlib.contextmanager
def quiet_native_stderr() -> Iterator[None]:
    """Send file descriptor 2 to /dev/null for the duration, when logs are meant to be
    quiet.

    TensorFlow >= 2.20 prints its start-up lines (oneDNN, CUDA drivers) through abseil
    before TF_CPP_MIN_LOG_LEVEL is read, straight to the C-level stderr, where Python's
    sys.stderr cannot catch them. A user who asked for logs (level below "3") keeps
    them.
    """
    if os.environ.get("TF_CPP_MIN_LOG_LEVEL") != "3":
        yield
        return
    try:
        sys.stderr.flush()
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (
        OSError,
        ValueError,
        AttributeError,
    ):  # no usable fd 2 (embedded interpreters)
        yield
        return
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


with quiet_native_stderr():
    import keras

    # Keras's default backend; tf.data, tf.distribute and TF's device queries need it
    try:
        import tensorflow as tf
    except (
        ImportError
    ):  # a JAX- or PyTorch-only install: Keras trains without TensorFlow
        tf = None

__all__ = ["keras", "quiet_native_stderr", "tf"]
