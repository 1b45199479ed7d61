"""Unit tests of lecture5.sequences (no TensorFlow needed)."""

import math

import numpy as np
import pytest

from lecture5.sequences import (
    CharVocabulary,
    make_recall_task,
    make_windows,
    next_char_pairs,
    perplexity,
    rmse,
    sample_with_temperature,
    unigram_perplexity,
)

# --- make_windows --------------------------------------------------------------------------

def test_windows_values_and_shapes():
    x, y = make_windows(np.arange(10), window=3)
    assert x.shape == (7, 3) and y.shape == (7,)
    assert x.dtype == np.float32 and y.dtype == np.float32
    assert x[0].tolist() == [0, 1, 2] and y[0] == 3
    assert x[-1].tolist() == [6, 7, 8] and y[-1] == 9


def test_windows_horizon():
    x, y = make_windows([0, 1, 2, 3, 4, 5], window=2, horizon=3)
    assert x.tolist() == [[0, 1], [1, 2]]
    assert y.tolist() == [4, 5]


def test_windows_exactly_long_enough():
    x, y = make_windows([1.0, 2.0, 3.0], window=2)
    assert x.tolist() == [[1.0, 2.0]] and y.tolist() == [3.0]


@pytest.mark.parametrize(
    "series, window, horizon, message",
    [
        ([1, 2, 3], 3, 1, "too short"),
        ([], 1, 1, "too short"),
        ([1, 2, 3], 0, 1, "window"),
        ([1, 2, 3], 1.5, 1, "window"),
        ([1, 2, 3], 1, 0, "horizon"),
        ("abc", 1, 1, "string"),
        ([[1, 2], [3, 4]], 1, 1, "one-dimensional"),
        ([1, float("nan"), 3, 4], 1, 1, "NaN"),
        (["a", "b", "c"], 1, 1, "numbers"),
    ],
)
def test_windows_bad_input(series, window, horizon, message):
    with pytest.raises(ValueError, match=message):
        make_windows(series, window, horizon)


# --- rmse ----------------------------------------------------------------------------------

def test_rmse():
    assert rmse([0, 0], [3, 4]) == pytest.approx(math.sqrt(12.5))
    assert rmse(np.ones((3, 1)), np.ones(3)) == 0.0


@pytest.mark.parametrize("a, b", [([1, 2], [1]), ([], []), ("ab", "ab")])
def test_rmse_bad_input(a, b):
    with pytest.raises(ValueError):
        rmse(a, b)


# --- CharVocabulary ------------------------------------------------------------------------

def test_vocabulary_round_trip():
    vocab = CharVocabulary("Litwo! Ojczyzno moja!\n")
    assert len(vocab) == len(set("Litwo! Ojczyzno moja!\n"))
    assert vocab.chars == sorted(vocab.chars)
    ids = vocab.encode("moja!")
    assert ids.dtype == np.int32
    assert vocab.decode(ids) == "moja!"
    assert vocab.decode([]) == "" and vocab.encode("").shape == (0,)
    assert "ż" not in vocab and "L" in vocab


def test_vocabulary_polish_letters():
    vocab = CharVocabulary("zażółć gęślą jaźń")
    assert vocab.decode(vocab.encode("gęś")) == "gęś"


@pytest.mark.parametrize("text", ["", None, 42, b"bytes"])
def test_vocabulary_bad_text(text):
    with pytest.raises(ValueError):
        CharVocabulary(text)


def test_vocabulary_unknown_character():
    vocab = CharVocabulary("abc")
    with pytest.raises(ValueError, match="outside the vocabulary: 'xz'"):
        vocab.encode("zax")
    with pytest.raises(ValueError, match="str"):
        vocab.encode(["a"])


@pytest.mark.parametrize("ids", [[3], [-1], [0.5], "ab"])
def test_vocabulary_bad_ids(ids):
    with pytest.raises(ValueError):
        CharVocabulary("abc").decode(ids)


# --- next_char_pairs -----------------------------------------------------------------------

def test_next_char_pairs():
    x, y = next_char_pairs(np.arange(11), 5)
    assert x.tolist() == [[0, 1, 2, 3, 4], [5, 6, 7, 8, 9]]
    assert y.tolist() == [[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]


@pytest.mark.parametrize("ids, length", [(np.arange(5), 5), (np.arange(10), 0), (np.ones(10), 2)])
def test_next_char_pairs_bad_input(ids, length):
    with pytest.raises(ValueError):
        next_char_pairs(ids, length)


# --- sample_with_temperature ---------------------------------------------------------------

def test_sampling_follows_the_distribution():
    rng = np.random.default_rng(0)
    logits = np.log([0.7, 0.2, 0.1])
    draws = sample_with_temperature(np.tile(logits, (20000, 1)), 1.0, rng)
    frequencies = np.bincount(draws, minlength=3) / len(draws)
    assert np.allclose(frequencies, [0.7, 0.2, 0.1], atol=0.02)


def test_temperature_sharpens_and_flattens():
    logits = np.tile(np.log([0.7, 0.2, 0.1]), (20000, 1))
    cold = sample_with_temperature(logits, 0.1, np.random.default_rng(1))
    hot = sample_with_temperature(logits, 100.0, np.random.default_rng(1))
    assert (cold == 0).mean() > 0.99
    assert np.allclose(np.bincount(hot, minlength=3) / len(hot), 1 / 3, atol=0.02)


def test_sampling_single_row_and_extreme_logits():
    index = sample_with_temperature(np.array([0.0, 1000.0, 0.0]), 1.0, np.random.default_rng(0))
    assert index.shape == () and int(index) == 1


@pytest.mark.parametrize(
    "logits, temperature, message",
    [
        ([0.0, 1.0], 0, "positive"),
        ([0.0, 1.0], -1.0, "positive"),
        ([0.0, 1.0], float("nan"), "positive"),
        ([0.0, 1.0], "1", "number"),
        ([], 1.0, "shape"),
        ([[[0.0]]], 1.0, "shape"),
        ([0.0, float("nan")], 1.0, "NaN"),
    ],
)
def test_sampling_bad_input(logits, temperature, message):
    with pytest.raises(ValueError, match=message):
        sample_with_temperature(logits, temperature, np.random.default_rng(0))


def test_sampling_needs_a_generator():
    with pytest.raises(ValueError, match="Generator"):
        sample_with_temperature([0.0, 1.0], 1.0, 0)


# --- perplexity ----------------------------------------------------------------------------

def test_perplexity():
    assert perplexity(0.0) == 1.0
    assert perplexity(math.log(7)) == pytest.approx(7.0)


@pytest.mark.parametrize("value", [-0.1, float("inf"), "2", None])
def test_perplexity_bad_input(value):
    with pytest.raises(ValueError):
        perplexity(value)


def test_unigram_perplexity_uniform_and_skewed():
    ids = np.arange(4).repeat(10)
    assert unigram_perplexity(ids, ids, 4) == pytest.approx(4.0)
    skewed = np.array([0] * 90 + [1] * 10)
    # the entropy of (0.9, 0.1) is below log 2, so the perplexity is below 2
    assert unigram_perplexity(skewed, skewed, 2, smoothing=1e-9) < 2.0


def test_unigram_perplexity_smoothing_covers_unseen_ids():
    value = unigram_perplexity(np.array([0, 0, 1]), np.array([2]), 3)
    assert math.isfinite(value) and value == pytest.approx(6.0)


@pytest.mark.parametrize(
    "train, evaluate, size",
    [(np.array([], int), np.array([0]), 2), (np.array([0]), np.array([5]), 2), (np.array([0.5]), np.array([0]), 2)],
)
def test_unigram_perplexity_bad_input(train, evaluate, size):
    with pytest.raises(ValueError):
        unigram_perplexity(train, evaluate, size)


# --- make_recall_task ----------------------------------------------------------------------

def test_recall_task_fixed_gap():
    x, y, gaps = make_recall_task(50, 10, 4, np.random.default_rng(0), gap=3)
    assert x.shape == (50, 10, 5) and x.dtype == np.float32
    assert (gaps == 3).all()
    assert (x[:, :, :4].sum(-1) == 1).all()            # one symbol per step
    assert (x[:, :, 4].sum(-1) == 1).all()             # one marker per sequence
    assert (x[:, 10 - 1 - 3, 4] == 1).all()            # the marker sits `gap` steps before the end
    assert (x[np.arange(50), 6, y] == 1).all()         # the answer is the marked symbol


def test_recall_task_random_gaps_cover_the_range():
    x, y, gaps = make_recall_task(5000, 30, 3, np.random.default_rng(0))
    assert gaps.min() == 1 and gaps.max() == 29
    marked = x[:, :, 3].argmax(1)
    assert (marked == 30 - 1 - gaps).all()
    assert (x[np.arange(5000), marked, y] == 1).all()


@pytest.mark.parametrize(
    "kwargs",
    [dict(n=0), dict(length=1), dict(n_symbols=1), dict(gap=10), dict(gap=0), dict(rng=1)],
)
def test_recall_task_bad_input(kwargs):
    args = dict(n=5, length=10, n_symbols=3, rng=np.random.default_rng(0))
    args.update(kwargs)
    with pytest.raises(ValueError):
        make_recall_task(**args)
