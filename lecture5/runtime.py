"""One call at the top of every notebook: quiet logs, fixed seeds, stable output widths."""

from __future__ import annotations

import contextlib
import os
import random
import sys
import warnings


def setup_notebook(seed: int = 0) -> None:
    """Prepare a notebook kernel for reproducible, low-noise output.

    Must run before the first ``import keras``/``tensorflow``: TensorFlow reads
    its log level and backend when it is imported.
    """
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")  # no C++ info/warnings on stderr
    os.environ.setdefault("COLUMNS", "100")  # rich (model.summary) follows the terminal width
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    warnings.filterwarnings("ignore", category=FutureWarning)

    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    np.set_printoptions(precision=4, suppress=True, linewidth=100)

    if os.environ["KERAS_BACKEND"] == "tensorflow":
        _import_tensorflow_quietly()
    import keras

    keras.utils.set_random_seed(seed)
    try:  # absl (TensorFlow's logger) writes warnings to stderr otherwise
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
    except ImportError:
        pass

    import matplotlib

    matplotlib.rcParams.update(
        {
            "figure.dpi": 100,
            "savefig.dpi": 100,
            "font.size": 12,
            "axes.titlesize": 13,
            "figure.max_open_warning": 0,
        }
    )


@contextlib.contextmanager
def quiet_stderr():
    """Send file descriptor 2 to /dev/null for the block (C++ notices included).

    Jupyter captures the kernel's fd 2 and would show TensorFlow's one-time C++
    notices as red stderr in the slides; Python exceptions still propagate.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def _import_tensorflow_quietly() -> None:
    """Import TensorFlow without its oneDNN notice (printed before logging is set up,
    ignoring TF_CPP_MIN_LOG_LEVEL). A failed import raises the usual exception."""
    with quiet_stderr():
        import tensorflow  # noqa: F401
