"""One call at the top of every notebook: quiet logs, fixed seeds, stable output widths."""

from __future__ import annotations

import contextlib
import os
import random
import sys
import warnings

# Okabe & Ito's palette: told apart with every common colour-vision deficiency and, by lightness,
# mostly in greyscale print too (plots also vary markers and line styles). Blue, vermillion, green,
# orange, reddish purple, sky blue, yellow, black.
COLORBLIND_SAFE = ("#0072B2", "#D55E00", "#009E73", "#E69F00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
# Figure text (labels, ticks, legends, titles) in points at FIGURE_DPI: 15 pt = 20.8 px, as large as
# the slides' body text (20 px) when a figure is shown at its own size -- the decks show it so up to
# 1094 x 600 px and scale larger ones down (tests/test_browser.py checks the scale of every figure).
FIGURE_DPI, FIGURE_FONT_PT = 100, 15


def setup_notebook(seed: int = 0) -> int:
    """Prepare a notebook kernel for reproducible, low-noise output; return the seed used.

    Must run before the first ``import keras``/``tensorflow``: TensorFlow reads
    its log level and backend when it is imported. The environment variable
    ``LECTURE5_SEED`` overrides ``seed`` (``tools/notebooks.py seeds`` uses it to
    check that every hidden assert holds for other seeds than the stored run's).
    """
    seed = int(os.environ.get("LECTURE5_SEED", seed))
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

    if os.environ["KERAS_BACKEND"] == "tensorflow":
        _warm_up_masked_rnn()  # before the seed: its random weights must not shift the notebook's draws
    keras.utils.set_random_seed(seed)
    try:  # absl (TensorFlow's logger) writes warnings to stderr otherwise
        import absl.logging

        absl.logging.set_verbosity(absl.logging.ERROR)
    except ImportError:
        pass

    import matplotlib

    matplotlib.rcParams.update(
        {
            "figure.dpi": FIGURE_DPI,
            "savefig.dpi": FIGURE_DPI,
            "font.size": FIGURE_FONT_PT,     # ticks, axis labels and legends follow it ("medium")
            "axes.titlesize": FIGURE_FONT_PT,
            "figure.titlesize": FIGURE_FONT_PT,
            "figure.max_open_warning": 0,
            "axes.prop_cycle": matplotlib.cycler(color=COLORBLIND_SAFE),
        }
    )
    return seed


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


def _warm_up_masked_rnn() -> None:
    """TensorFlow's oneDNN prints a one-time C++ notice to stderr at the first masked
    recurrent step; trigger it here, silenced, so that it does not land in a slide."""
    import keras
    import numpy as np

    with quiet_stderr():
        # named: an auto-named layer would shift the notebook's layer names (gru -> gru_1)
        keras.layers.GRU(2, name="lecture5_warm_up")(np.zeros((1, 2, 2), "float32"), mask=np.array([[True, False]]))


def epoch_log(every: int = 1, metrics: tuple[str, ...] | None = None):
    """A Keras callback printing one short line per epoch (use with ``verbose=0``).

    ``epoka  3/6  loss 0.1234  val_accuracy 0.9812`` — the numbers that matter, on one line
    a slide can hold, instead of Keras' progress bars. ``every=k`` prints every k-th epoch
    (and the last); ``metrics`` picks and orders the logged names (default: all).
    """
    import keras

    class EpochLog(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            total = self.params.get("epochs") or 0
            if (epoch + 1) % every and epoch + 1 != total:
                return
            logs = logs or {}
            names = [name for name in (metrics or logs) if name in logs and name != "learning_rate"]
            values = "  ".join(f"{name} {float(logs[name]):.4f}" for name in names)
            print(f"epoka {epoch + 1:>2}/{total}  {values}", flush=True)

    return EpochLog()
