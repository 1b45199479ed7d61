"""Small helpers for the sequence notebook (01_rnn): windows, a character vocabulary,
sampling with temperature, perplexity and a synthetic long-distance recall task.
``sample_with_temperature`` is the batched version of the one-draw sampler the notebook shows
(and checks against this one).

Every helper checks its input and raises :class:`ValueError` with a message that says
what is wrong, instead of a deep NumPy or Keras traceback.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np


def _as_1d_float(series, name: str) -> np.ndarray:
    if isinstance(series, (str, bytes)):
        raise ValueError(f"{name} must be a sequence of numbers, got a string")
    try:
        array = np.asarray(series, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a sequence of numbers, got {type(series).__name__}") from None
    if array.ndim != 1:
        raise ValueError(f"{name} must be one-dimensional, got shape {array.shape}")
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} contains NaN or infinite values; fill or drop them first")
    return array


def _positive_int(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")
    return int(value)


def make_windows(series, window: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Cut a series into overlapping input windows and the value ``horizon`` steps later.

    Returns ``(x, y)`` with ``x[i] = series[i : i + window]`` (shape ``(n, window)``) and
    ``y[i] = series[i + window + horizon - 1]`` (shape ``(n,)``), as float32.
    """
    values = _as_1d_float(series, "series")
    window = _positive_int(window, "window")
    horizon = _positive_int(horizon, "horizon")
    n = len(values) - window - horizon + 1
    if n < 1:
        raise ValueError(
            f"series of length {len(values)} is too short for window={window} and "
            f"horizon={horizon} (needs at least {window + horizon} values)"
        )
    starts = np.arange(n)
    x = values[starts[:, None] + np.arange(window)]
    y = values[starts + window + horizon - 1]
    return x.astype("float32"), y.astype("float32")


def rmse(y_true, y_pred) -> float:
    """Root mean squared error of two equally long sequences of numbers."""
    a = _as_1d_float(np.ravel(y_true) if np.ndim(y_true) > 1 else y_true, "y_true")
    b = _as_1d_float(np.ravel(y_pred) if np.ndim(y_pred) > 1 else y_pred, "y_pred")
    if len(a) != len(b) or len(a) == 0:
        raise ValueError(f"y_true and y_pred must be non-empty and equally long, got {len(a)} and {len(b)}")
    return float(np.sqrt(np.mean((a - b) ** 2)))


class CharVocabulary:
    """A fixed alphabet of characters with their integer ids (sorted, so ids are stable)."""

    def __init__(self, text: str):
        if not isinstance(text, str):
            raise ValueError(f"CharVocabulary needs a str, got {type(text).__name__}")
        if not text:
            raise ValueError("CharVocabulary needs a non-empty text to collect characters from")
        self.chars: list[str] = sorted(set(text))
        self._ids = {char: i for i, char in enumerate(self.chars)}

    def __len__(self) -> int:
        return len(self.chars)

    def __contains__(self, char: object) -> bool:
        return char in self._ids

    def __repr__(self) -> str:
        return f"CharVocabulary({len(self)} characters)"

    def encode(self, text: str) -> np.ndarray:
        """Characters to ids (int32). An unknown character raises ValueError."""
        if not isinstance(text, str):
            raise ValueError(f"encode needs a str, got {type(text).__name__}")
        unknown = sorted({char for char in text if char not in self._ids})
        if unknown:
            raise ValueError(f"characters outside the vocabulary: {''.join(unknown)!r}")
        return np.fromiter((self._ids[char] for char in text), dtype="int32", count=len(text))

    def decode(self, ids: Iterable[int]) -> str:
        """Ids back to text. An id outside ``0 .. len(self) - 1`` raises ValueError."""
        if isinstance(ids, str):
            raise ValueError("decode needs integer ids, got a str")
        array = np.asarray(ids)
        if array.size and not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"decode needs integer ids, got {array.dtype}")
        array = array.ravel().astype("int64")
        bad = array[(array < 0) | (array >= len(self))]
        if bad.size:
            raise ValueError(f"ids outside 0..{len(self) - 1}: {sorted(set(bad.tolist()))[:5]}")
        return "".join(self.chars[i] for i in array)


def next_char_pairs(ids, length: int) -> tuple[np.ndarray, np.ndarray]:
    """Non-overlapping chunks of ``length`` ids and the same chunks shifted by one (targets)."""
    length = _positive_int(length, "length")
    array = np.asarray(ids)
    if array.ndim != 1 or (array.size and not np.issubdtype(array.dtype, np.integer)):
        raise ValueError("ids must be a one-dimensional array of integers")
    n = (len(array) - 1) // length
    if n < 1:
        raise ValueError(f"{len(array)} ids are too few for chunks of length {length}")
    x = array[: n * length].reshape(n, length)
    y = array[1 : n * length + 1].reshape(n, length)
    return x.astype("int32"), y.astype("int32")


def sample_with_temperature(logits, temperature: float, rng: np.random.Generator) -> np.ndarray:
    """Draw one index per row from ``softmax(logits / temperature)``.

    ``logits`` has shape ``(vocab,)`` or ``(batch, vocab)``; the result is an int array of
    shape ``()`` or ``(batch,)``. Low temperature sharpens the distribution (towards the
    most likely symbol), high temperature flattens it (towards uniform).
    """
    if isinstance(temperature, bool) or not isinstance(temperature, (int, float, np.floating)):
        raise ValueError(f"temperature must be a number, got {type(temperature).__name__}")
    if not temperature > 0 or not np.isfinite(temperature):
        raise ValueError(f"temperature must be positive and finite, got {temperature}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
    try:
        z = np.asarray(logits, dtype="float64")
    except (TypeError, ValueError):
        raise ValueError("logits must be an array of numbers") from None
    if z.ndim not in (1, 2) or z.shape[-1] == 0:
        raise ValueError(f"logits must have shape (vocab,) or (batch, vocab), got {z.shape}")
    if not np.all(np.isfinite(z)):
        raise ValueError("logits contain NaN or infinite values")
    z = z / temperature
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    p /= p.sum(axis=-1, keepdims=True)
    cumulative = np.cumsum(p, axis=-1)
    u = rng.random(size=z.shape[:-1] + (1,))
    index = (u > cumulative).sum(axis=-1)
    return np.minimum(index, z.shape[-1] - 1)


def perplexity(mean_nll: float) -> float:
    """Perplexity from a mean negative log-likelihood in nats (e.g. a Keras cross-entropy)."""
    if isinstance(mean_nll, bool) or not isinstance(mean_nll, (int, float, np.floating)):
        raise ValueError(f"mean_nll must be a number, got {type(mean_nll).__name__}")
    if not np.isfinite(mean_nll) or mean_nll < 0:
        raise ValueError(f"mean_nll must be a finite non-negative number of nats, got {mean_nll}")
    return float(np.exp(mean_nll))


def unigram_perplexity(train_ids, eval_ids, vocab_size: int, smoothing: float = 1.0) -> float:
    """Perplexity on ``eval_ids`` of the model that ignores context: p(symbol) from counts
    in ``train_ids`` (add-``smoothing``, so unseen symbols get a small probability)."""
    vocab_size = _positive_int(vocab_size, "vocab_size")
    if not smoothing > 0:
        raise ValueError(f"smoothing must be positive, got {smoothing}")
    arrays = []
    for name, ids in (("train_ids", train_ids), ("eval_ids", eval_ids)):
        array = np.asarray(ids)
        if array.ndim != 1 or array.size == 0 or not np.issubdtype(array.dtype, np.integer):
            raise ValueError(f"{name} must be a non-empty one-dimensional array of integer ids")
        if array.min() < 0 or array.max() >= vocab_size:
            raise ValueError(f"{name} holds ids outside 0..{vocab_size - 1}")
        arrays.append(array)
    counts = np.bincount(arrays[0], minlength=vocab_size) + smoothing
    log_p = np.log(counts / counts.sum())
    return perplexity(float(-log_p[arrays[1]].mean()))


def make_recall_task(
    n: int, length: int, n_symbols: int, rng: np.random.Generator, gap=None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A long-distance dependency task: remember the marked symbol.

    Each sequence has ``length`` steps; every step carries a random symbol (one-hot) and a
    marker bit that is 1 at exactly one step. The answer is the symbol at the marked step,
    ``gap`` steps before the last one. ``gap`` is an int (the same for every sequence) or
    None: then it is drawn log-uniformly from ``1 .. length - 1``, so short and long gaps
    are both common.

    Returns ``x`` of shape ``(n, length, n_symbols + 1)`` float32, the answers ``y`` (int)
    and the gaps (int), both of shape ``(n,)``.
    """
    n = _positive_int(n, "n")
    length = _positive_int(length, "length")
    n_symbols = _positive_int(n_symbols, "n_symbols")
    if length < 2:
        raise ValueError(f"length must be at least 2, got {length}")
    if n_symbols < 2:
        raise ValueError(f"n_symbols must be at least 2, got {n_symbols}")
    if not isinstance(rng, np.random.Generator):
        raise ValueError("rng must be a numpy.random.Generator, e.g. np.random.default_rng(0)")
    if gap is None:
        gaps = np.exp(rng.uniform(0.0, np.log(length), size=n)).astype("int64")
        gaps = np.clip(gaps, 1, length - 1)
    else:
        gap = _positive_int(gap, "gap")
        if gap > length - 1:
            raise ValueError(f"gap must be at most length - 1 = {length - 1}, got {gap}")
        gaps = np.full(n, gap, dtype="int64")
    symbols = rng.integers(0, n_symbols, size=(n, length))
    x = np.zeros((n, length, n_symbols + 1), dtype="float32")
    x[np.arange(n)[:, None], np.arange(length), symbols] = 1.0
    marked = length - 1 - gaps
    x[np.arange(n), marked, n_symbols] = 1.0
    y = symbols[np.arange(n), marked]
    return x, y, gaps
