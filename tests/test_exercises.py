"""Every exercise check accepts its reference solution and rejects typical wrong answers with
the intended hint; an untouched stub is "not done yet", never a crash. Every notebook ends with
its exercises and a five-question quiz, before the sources slide."""

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
from gensim.models import Word2Vec
from keras import layers
from slide_cells import is_notes

from lecture5 import exercises
from lecture5.exercises import cnn as cnn_checks
from lecture5.exercises import embeddings as emb_checks
from lecture5.exercises import evaluate

ROOT = Path(__file__).resolve().parents[1]
TOPICS = {"01_rnn": "rnn", "02_cnn": "cnn", "03_autoencoders": "ae", "04_word_embeddings": "emb",
          "05_translation": "nmt"}
# the answer is a number, the stub is None
COUNTED_ON_PAPER = {"cnn.params", "rnn.params", "ae.params", "emb.pairs", "nmt.perplexity"}
# the check trains a network: tested on their own
TRAINING = {"cnn.small_model", "rnn.forecaster", "ae.denoiser", "nmt.reverser"}


def load_solutions(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "solutions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SOLUTIONS


SOLUTIONS = {name: answer for notebook in TOPICS for name, answer in load_solutions(notebook).items()}
FAST = sorted(name for name in SOLUTIONS if name not in TRAINING)


def stub(*args):
    raise NotImplementedError


def test_every_exercise_has_a_solution():
    assert sorted(SOLUTIONS) == sorted(exercises.CHECKS)


def test_every_exercise_is_named_after_its_topic():
    prefixes = set(TOPICS.values())
    assert all(name.split(".")[0] in prefixes for name in exercises.CHECKS), sorted(exercises.CHECKS)


def test_importing_the_checks_stays_light():
    code = "import sys, lecture5.exercises; print(sorted(m for m in ('keras', 'tensorflow') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]", result.stdout


@pytest.mark.parametrize("name", FAST)
def test_reference_solution_passes(name):
    verdict = evaluate(name, SOLUTIONS[name])
    assert verdict.status == "ok", verdict


@pytest.mark.parametrize("name", sorted(exercises.CHECKS))
def test_stub_is_not_done_yet(name):
    assert evaluate(name, None if name in COUNTED_ON_PAPER else stub).status == "todo"


def test_unknown_exercise_is_named():
    verdict = evaluate("cnn.nope", 1)
    assert verdict.status == "wrong" and "cnn.conv2d" in verdict.message and "nmt.greedy" in verdict.message


def test_check_prints_one_line_and_never_raises(capsys):
    exercises.check("cnn.conv2d", lambda image, kernels: 1 / 0)
    exercises.check("cnn.conv2d", stub)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "ZeroDivisionError" in lines[0] and "jeszcze nie zrobione" in lines[1]


def test_reference_conv2d_is_keras_conv2d():
    rng = np.random.default_rng(0)
    image, kernels = rng.normal(size=(9, 8, 3)).astype("float32"), rng.normal(size=(3, 2, 3, 4)).astype("float32")
    conv = layers.Conv2D(4, (3, 2), use_bias=False)
    conv.build((None, 9, 8, 3))
    conv.set_weights([kernels])
    theirs = keras.ops.convert_to_numpy(conv(image[None]))[0]
    assert np.allclose(cnn_checks.reference_conv2d(image, kernels), theirs, atol=1e-5)


def test_rnn_params_answer_is_what_keras_counts():
    model = keras.Sequential([keras.Input((None, 8)), layers.LSTM(16, return_sequences=True), layers.GRU(8),
                              layers.Dense(1)])
    assert model.count_params() == SOLUTIONS["rnn.params"]


def test_ae_params_answer_is_what_keras_counts():
    model = keras.Sequential([keras.Input((784,)), layers.Dense(64, activation="relu"), layers.Dense(10),
                              layers.Dense(64, activation="relu"), layers.Dense(784, activation="sigmoid")])
    assert model.count_params() == SOLUTIONS["ae.params"]


# --- typical wrong answers ------------------------------------------------------------------


def solution(name):
    return SOLUTIONS[name]


# 02: convolutional networks


def flipped_conv2d(image, kernels):
    return solution("cnn.conv2d")(image, kernels[::-1, ::-1])


def full_size_conv2d(image, kernels):
    return np.zeros(image.shape[:2] + kernels.shape[-1:])


def per_channel_conv2d(image, kernels):
    """Forgets to sum over the input channels: one map per (channel, filter)."""
    return np.stack([solution("cnn.conv2d")(image[..., c:c + 1], kernels[:, :, c:c + 1])
                     for c in range(image.shape[2])], axis=2)


def channels_first_conv2d(image, kernels):
    return np.moveaxis(solution("cnn.conv2d")(image, kernels), -1, 0)


def first_channel_conv2d(image, kernels):
    return solution("cnn.conv2d")(image[..., :1], kernels[:, :, :1])


def mean_pool(x, size):
    rows, cols = x.shape[0] // size, x.shape[1] // size
    return x[: rows * size, : cols * size].reshape(rows, size, cols, size).mean(axis=(1, 3))


def ceil_pool(x, size):
    """Keeps the incomplete windows at the edges (padding='same' style)."""
    rows, cols = -(-x.shape[0] // size), -(-x.shape[1] // size)
    padded = np.full((rows * size, cols * size), -np.inf)
    padded[: x.shape[0], : x.shape[1]] = x
    return padded.reshape(rows, size, cols, size).max(axis=(1, 3))


def in_place_pool(x, size):
    result = solution("cnn.max_pool")(x, size)
    x[:] = 0
    return result


# 01: recurrent networks


def last_state_only(x, kernel, recurrent_kernel, bias):
    return solution("rnn.simple_rnn")(x, kernel, recurrent_kernel, bias)[:, -1]


def time_major(x, kernel, recurrent_kernel, bias):
    return np.swapaxes(solution("rnn.simple_rnn")(x, kernel, recurrent_kernel, bias), 0, 1)


def no_tanh(x, kernel, recurrent_kernel, bias):
    h, states = np.zeros((x.shape[0], kernel.shape[1])), []
    for t in range(x.shape[1]):
        h = x[:, t] @ kernel + h @ recurrent_kernel + bias
        states.append(h)
    return np.stack(states, axis=1)


def no_memory(x, kernel, recurrent_kernel, bias):
    return np.tanh(x @ kernel + bias)


def transposed_recurrent(x, kernel, recurrent_kernel, bias):
    return solution("rnn.simple_rnn")(x, kernel, recurrent_kernel.T, bias)


def windows_one_short(series, window, horizon=1):
    x, y = solution("rnn.windows")(series, window, horizon)
    return x[:-1], y[:-1]


def target_inside_window(series, window, horizon=1):
    x, _ = solution("rnn.windows")(series, window, horizon)
    return x, x[:, -1]


def horizon_ignored(series, window, horizon=1):
    n = len(series) - window - horizon + 1
    return (np.array([series[i:i + window] for i in range(n)]), np.array([series[i + window] for i in range(n)]))


def windows_in_columns(series, window, horizon=1):
    x, y = solution("rnn.windows")(series, window, horizon)
    return x.T, y


def softmax_times_t(logits, temperature):
    return solution("rnn.temperature")(np.asarray(logits) * temperature ** 2, temperature)


def softmax_overflowing(logits, temperature):
    p = np.exp(np.asarray(logits) / temperature)
    return p / p.sum(axis=-1, keepdims=True)


def softmax_over_columns(logits, temperature):
    p = np.exp(np.asarray(logits) / temperature)
    return p / p.sum(axis=0, keepdims=True)


def softmax_ignoring_t(logits, temperature):
    return solution("rnn.temperature")(logits, 1.0)


def exp_unnormalised(logits, temperature):
    z = np.asarray(logits) / temperature
    return np.exp(z - z.max(axis=-1, keepdims=True))


# 03: autoencoders


def masks_in_place(images, fraction, rng):
    images[rng.random(images.shape) < fraction] = 0
    return images


def one_mask_for_all(images, fraction, rng):
    return np.where(rng.random(images.shape[1:]) < fraction, 0, images)


def keeps_fraction(images, fraction, rng):
    return np.where(rng.random(images.shape) < fraction, images, 0)


def masks_to_one(images, fraction, rng):
    return np.where(rng.random(images.shape) < fraction, 1, images)


def global_random(images, fraction, rng):
    return np.where(np.random.random(images.shape) < fraction, 0, images)


def _mse(x, x_hat):
    return np.mean((np.reshape(x, (len(x), -1)) - np.reshape(x_hat, (len(x), -1))) ** 2, axis=1)


def psnr_of_everything(x, x_hat):
    return 10 * np.log10(1 / np.mean((x - x_hat) ** 2))


def psnr_per_pixel(x, x_hat):
    return 10 * np.log10(1 / np.mean((x - x_hat) ** 2, axis=0)).ravel()


def psnr_natural_log(x, x_hat):
    return 10 * np.log(1 / _mse(x, x_hat))


def psnr_of_rmse(x, x_hat):
    return 10 * np.log10(1 / np.sqrt(_mse(x, x_hat)))


def psnr_sign(x, x_hat):
    return 10 * np.log10(_mse(x, x_hat))


def auc_swapped(known, new):
    return solution("ae.auc")(new, known)


def auc_without_ties(known, new):
    return float(np.mean(np.asarray(new)[:, None] > np.asarray(known)[None, :]))


def auc_ties_win(known, new):
    return float(np.mean(np.asarray(new)[:, None] >= np.asarray(known)[None, :]))


def kl_sign(mu, log_var):
    return -solution("ae.kl")(mu, log_var)


def kl_mean_over_code(mu, log_var):
    return solution("ae.kl")(mu, log_var) / mu.shape[1]


def kl_sigma(mu, log_var):
    return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(0.5 * log_var), axis=1)


def kl_of_batch(mu, log_var):
    return float(solution("ae.kl")(mu, log_var).mean())


# 04: word embeddings


def with_query(word, vectors, words, k):
    return [word] + solution("emb.most_similar")(word, vectors, words, k - 1)


def by_dot_product(word, vectors, words, k):
    scores = vectors @ vectors[words.index(word)]
    scores[words.index(word)] = -np.inf
    return [words[i] for i in np.argsort(-scores)[:k]]


def least_similar(word, vectors, words, k):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    scores = unit @ unit[words.index(word)]
    scores[words.index(word)] = np.inf
    return [words[i] for i in np.argsort(scores)[:k]]


def indices_not_words(word, vectors, words, k):
    return [words.index(w) for w in solution("emb.most_similar")(word, vectors, words, k)]


def alphabetical(word, vectors, words, k):
    return sorted(solution("emb.most_similar")(word, vectors, words, k))


def pairs_with_centre(sentence, window):
    return solution("emb.skipgram")(sentence, window) + [(w, w) for w in sentence]


def pairs_wrapping(sentence, window):
    return [(sentence[i], sentence[j]) for i in range(len(sentence))
            for j in range(i - window, min(len(sentence), i + window + 1)) if j != i]


def pairs_short_window(sentence, window):
    return [(sentence[i], sentence[j]) for i in range(len(sentence))
            for j in range(max(0, i - window), min(len(sentence), i + window)) if j != i]


def pairs_right_only(sentence, window):
    return [(sentence[i], sentence[j]) for i in range(len(sentence))
            for j in range(i + 1, min(len(sentence), i + window + 1))]


def pairs_skip_equal_words(sentence, window):
    return [(c, o) for c, o in solution("emb.skipgram")(sentence, window) if c != o]


def keep_paper(counts, t):
    return np.minimum(1, np.sqrt(t / (counts / counts.sum())))


def keep_unclipped(counts, t):
    f = counts / counts.sum()
    return (np.sqrt(f / t) + 1) * t / f


def keep_raw_counts(counts, t):
    return np.minimum(1, (np.sqrt(counts / t) + 1) * t / counts)


def noise_unnormalised(counts, power=0.75):
    return counts ** power


def noise_plain_frequency(counts, power=0.75):
    return counts / counts.sum()


# 05: translation


def shift_swapped(ids):
    decoder_input, target = solution("nmt.shift")(ids)
    return target, decoder_input


def no_shift(ids):
    return ids, ids


def attention_without_mask(h, s, W, mask):
    return solution("nmt.attention")(h, s, W, np.ones_like(mask))


def attention_over_columns(h, s, W, mask):
    scores = np.where(mask, h @ W @ s.T, -np.inf)
    weights = np.exp(scores - scores.max(axis=0, keepdims=True))
    weights /= weights.sum(axis=0, keepdims=True)
    return weights @ s, weights


def attention_masked_after_softmax(h, s, W, mask):
    _, weights = solution("nmt.attention")(h, s, W, np.ones_like(mask))
    weights = weights * mask
    return weights @ s, weights


def attention_transposed_w(h, s, W, mask):
    return solution("nmt.attention")(h, s, W.T, mask)


def attention_dot_only(h, s, W, mask):
    return solution("nmt.attention")(h, s, np.eye(len(W)), mask)


def attention_overflowing(h, s, W, mask):
    weights = np.exp(h @ W @ s.T) * mask
    weights /= weights.sum(axis=1, keepdims=True)
    return weights @ s, weights


def greedy_with_end(step, state, start, end, max_len):
    token, output = start, []
    for _ in range(max_len):
        probs, state = step(token, state)
        token = int(np.argmax(probs))
        output.append(token)
        if token == end:
            break
    return output


def greedy_not_stopping(step, state, start, end, max_len):
    token, output = start, []
    for _ in range(max_len):
        probs, state = step(token, state)
        token = int(np.argmax(probs))
        output.append(token)
    return output


def greedy_always_start(step, state, start, end, max_len):
    output = []
    for _ in range(max_len):
        probs, state = step(start, state)
        token = int(np.argmax(probs))
        if token == end:
            break
        output.append(token)
    return output


def greedy_keeps_first_state(step, state, start, end, max_len):
    token, output = start, []
    for _ in range(max_len):
        probs, _ = step(token, state)
        token = int(np.argmax(probs))
        if token == end:
            break
        output.append(token)
    return output


def greedy_one_too_many(step, state, start, end, max_len):
    return solution("nmt.greedy")(step, state, start, end, max_len + 1)


def greedy_until_end(step, state, start, end, max_len):
    token, output = start, []
    while True:
        probs, state = step(token, state)
        token = int(np.argmax(probs))
        if token == end:
            return output
        output.append(token)


def greedy_with_start(step, state, start, end, max_len):
    return [start] + solution("nmt.greedy")(step, state, start, end, max_len)


def _grams(tokens, n):
    return [tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]


def precision_unclipped(candidate, references, n):
    grams = _grams(candidate, n)
    return sum(any(g in _grams(r, n) for r in references) for g in grams) / len(grams)


def precision_summed(candidate, references, n):
    grams = _grams(candidate, n)
    return sum(min(grams.count(g), sum(_grams(r, n).count(g) for r in references)) for g in set(grams)) / len(grams)


def precision_first_reference(candidate, references, n):
    return solution("nmt.precision")(candidate, references[:1], n)


def precision_dividing_by_zero(candidate, references, n):
    grams = _grams(candidate, n)
    return sum(min(grams.count(g), max(_grams(r, n).count(g) for r in references)) for g in set(grams)) / len(grams)


def embeddings_with_defaults(sentences):
    """gensim's defaults (5 epochs, 100 dimensions) are made for corpora of millions of words."""
    return Word2Vec(sentences, seed=0, workers=1).wv


def embeddings_model_not_vectors(sentences):
    return Word2Vec(sentences, vector_size=16, window=2, min_count=1, sg=1, epochs=30, seed=0, workers=1)


def embeddings_min_count_too_big(sentences):
    return Word2Vec(sentences, vector_size=16, window=2, min_count=150, sg=1, epochs=30, seed=0, workers=1).wv


def embeddings_random(sentences):
    rng = np.random.default_rng(0)
    return {word: rng.normal(size=16) for sentence in sentences for word in sentence}


WRONG = [
    ("cnn.params", 18432, "biasów"),
    ("cnn.params", 640, "każdy"),
    ("cnn.params", 18464, "tyle, ile filtrów"),
    ("cnn.params", "dużo", "liczba"),
    ("cnn.output_size", lambda n, k, s=1, p="valid": n - k, "o jeden za mało"),
    ("cnn.output_size", lambda n, k, s=1, p="valid": n - k + 1 if p == "valid" else n, "krok"),
    ("cnn.output_size", lambda n, k, s=1, p="valid": (n - k) // s + 1 if p == "valid" else n, "⌈n/s⌉"),
    ("cnn.max_pool", mean_pool, "średnia"),
    ("cnn.max_pool", ceil_pool, "niepełne okna"),
    ("cnn.max_pool", in_place_pool, "zmienia swoje wejście"),
    ("cnn.conv2d", flipped_conv2d, "odwrócone"),
    ("cnn.conv2d", full_size_conv2d, "kształt"),
    ("cnn.conv2d", per_channel_conv2d, "po kanałach wejścia"),
    ("cnn.conv2d", channels_first_conv2d, "mapy cech na końcu"),
    ("cnn.conv2d", first_channel_conv2d, "pierwszy kanał"),
    ("cnn.conv2d", "conv2d", "oczekiwana funkcja"),
    ("rnn.params", 2209, "reset_after=True"),
    ("rnn.params", 2041, "16 cech"),
    ("rnn.params", 2120, "biasów"),
    ("rnn.params", 1833, "4 bloki"),
    ("rnn.params", 2224, "Dense(1)"),
    ("rnn.params", 2233.5, "całkowita"),
    ("rnn.simple_rnn", last_state_only, "po każdym kroku"),
    ("rnn.simple_rnn", time_major, "(przykłady, kroki, neurony)"),
    ("rnn.simple_rnn", no_tanh, "funkcji aktywacji"),
    ("rnn.simple_rnn", no_memory, "nie przechodzi"),
    ("rnn.simple_rnn", transposed_recurrent, "transponowany"),
    ("rnn.windows", windows_one_short, "długość − window − horizon + 1"),
    ("rnn.windows", target_inside_window, "ostatnia wartość okna"),
    ("rnn.windows", horizon_ignored, "horizon pominięty"),
    ("rnn.windows", windows_in_columns, "jeden wiersz"),
    ("rnn.windows", lambda series, window, horizon=1: np.zeros((3, window)), "parę"),
    ("rnn.temperature", softmax_times_t, "dzielone"),
    ("rnn.temperature", softmax_overflowing, "odejmij maksimum"),
    ("rnn.temperature", softmax_over_columns, "kolumny"),
    ("rnn.temperature", softmax_ignoring_t, "nie zależy od temperatury"),
    ("rnn.temperature", exp_unnormalised, "nie sumują się do 1"),
    ("ae.params", 101632, "biasów"),
    ("ae.params", 50890, "tylko koder"),
    ("ae.params", 101770, "784 pikseli"),
    ("ae.params", 784 * 10 + 10 + 10 * 784 + 784, "warstwa ukryta"),
    ("ae.mask_noise", masks_in_place, "zmienia swoje wejście"),
    ("ae.mask_noise", one_mask_for_all, "tę samą maskę"),
    ("ae.mask_noise", keeps_fraction, "zerowanych"),
    ("ae.mask_noise", masks_to_one, "na 0"),
    ("ae.mask_noise", global_random, "przekazanego rng"),
    ("ae.psnr", psnr_of_everything, "jedna liczba"),
    ("ae.psnr", psnr_per_pixel, "każdego obrazu"),
    ("ae.psnr", psnr_natural_log, "logarytm naturalny"),
    ("ae.psnr", psnr_of_rmse, "RMSE"),
    ("ae.psnr", psnr_sign, "znak"),
    ("ae.auc", auc_swapped, "role odwrócone"),
    ("ae.auc", auc_without_ties, "za pół"),
    ("ae.auc", auc_ties_win, "nie wygrana"),
    ("ae.kl", kl_sign, "znak"),
    ("ae.kl", kl_mean_over_code, "suma po wymiarach"),
    ("ae.kl", kl_sigma, "exp(½·log σ²)"),
    ("ae.kl", kl_of_batch, "jedna liczba"),
    ("emb.cosine", lambda a, b: float(a @ b), "iloczyn skalarny"),
    ("emb.cosine", lambda a, b: abs(solution("emb.cosine")(a, b)), "bezwzględnej"),
    ("emb.cosine", lambda a, b: 1 - solution("emb.cosine")(a, b), "odległość"),
    ("emb.cosine", lambda a, b: float(a @ b / ((a @ a) * (b @ b))), "kwadraty"),
    ("emb.cosine", lambda a, b: print(a @ b), "return"),
    ("emb.most_similar", with_query, "samo zapytanie"),
    ("emb.most_similar", by_dot_product, "iloczynów skalarnych"),
    ("emb.most_similar", least_similar, "najmniej"),
    ("emb.most_similar", indices_not_words, "indeksy"),
    ("emb.most_similar", alphabetical, "kolejność"),
    ("emb.skipgram", pairs_with_centre, "środek nie jest swoim kontekstem"),
    ("emb.skipgram", pairs_wrapping, "indeks ujemny"),
    ("emb.skipgram", pairs_short_window, "włącznie"),
    ("emb.skipgram", pairs_right_only, "z lewej strony"),
    ("emb.skipgram", pairs_skip_equal_words, "pozycję"),
    ("emb.keep", keep_paper, "wzór z artykułu"),
    ("emb.keep", keep_unclipped, "min(1"),
    ("emb.keep", keep_raw_counts, "częstość względna"),
    ("emb.noise", noise_unnormalised, "podziel przez sumę"),
    ("emb.noise", noise_plain_frequency, "potęgi"),
    ("emb.pairs", 60, "przy brzegach"),
    ("emb.pairs", 54, "z obu stron"),
    ("emb.pairs", 24, "uporządkowane"),
    ("emb.pairs", 58, "swoim kontekstem"),
    ("emb.pairs", 30, "w obie strony"),
    ("emb.pairs", 48.5, "całkowita"),
    ("emb.train", embeddings_with_defaults, "wielu epok"),
    ("emb.train", embeddings_model_not_vectors, "model.wv"),
    ("emb.train", embeddings_min_count_too_big, "min_count"),
    ("emb.train", embeddings_random, "różnica"),
    ("nmt.shift", shift_swapped, "zamienione"),
    ("nmt.shift", no_shift, "o jedną pozycję mniej"),
    ("nmt.shift", lambda ids: ids[:, :-1], "parę"),
    ("nmt.attention", attention_without_mask, "dopełnienie dostało wagę"),
    ("nmt.attention", attention_over_columns, "złej osi"),
    ("nmt.attention", attention_masked_after_softmax, "przed softmaksem, nie po nim"),
    ("nmt.attention", attention_transposed_w, "Wᵀ"),
    ("nmt.attention", attention_dot_only, "general"),
    ("nmt.attention", attention_overflowing, "przepełnia"),
    ("nmt.greedy", greedy_with_end, "na końcu jest [end]"),
    ("nmt.greedy", greedy_not_stopping, "pierwszym [end]"),
    ("nmt.greedy", greedy_always_start, "słowo wybrane w poprzednim kroku"),
    ("nmt.greedy", greedy_keeps_first_state, "stan się nie zmienia"),
    ("nmt.greedy", greedy_one_too_many, "najwyżej max_len"),
    ("nmt.greedy", greedy_until_end, "pętla się nie kończy"),
    ("nmt.greedy", greedy_with_start, "zaczyna się od [start]"),
    ("nmt.precision", precision_unclipped, "nie są przycinane"),
    ("nmt.precision", precision_summed, "nie do sumy"),
    ("nmt.precision", precision_first_reference, "wszystkie wzorce"),
    ("nmt.precision", precision_dividing_by_zero, "zwróć wtedy 0"),
    ("nmt.perplexity", 4, "w bitach"),
    ("nmt.perplexity", 100, "nie 10^strata"),
    ("nmt.perplexity", 2.0, "to sama strata"),
    ("nmt.perplexity", 0.135, "odwrotność"),
    ("nmt.perplexity", 0.69, "odwrotnie"),
    ("nmt.perplexity", 20, "średniej geometrycznej"),
    ("nmt.perplexity", "e^2", "liczba"),
]


@pytest.mark.parametrize("name, answer, hint", WRONG, ids=[f"{n}-{h}" for n, _, h in WRONG])
def test_wrong_answer_gets_its_hint(name, answer, hint):
    verdict = evaluate(name, answer)
    assert verdict.status == "wrong" and hint in verdict.message, verdict


def test_every_new_exercise_has_a_typical_wrong_answer():
    tested = {name for name, _, _ in WRONG}
    assert tested >= set(exercises.CHECKS) - TRAINING, set(exercises.CHECKS) - tested


def test_pairs_answer_is_what_the_pairs_function_gives():
    sentence = [f"w{i}" for i in range(emb_checks.PAIRS_N)]
    assert len(SOLUTIONS["emb.skipgram"](sentence, emb_checks.PAIRS_WINDOW)) == SOLUTIONS["emb.pairs"]


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_embeddings_reference_passes_on_other_corpora(seed):
    """The corpus and the global seeds change with the seed (the reference's own gensim seed does not)."""
    message = emb_checks._emb_train(SOLUTIONS["emb.train"], seed=seed)
    assert "różnica" in message


# --- the exercises that train (one network each, on a small subset; not in FAST) ------------


def dense_only():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(128),
                             layers.Dense(10, activation="softmax")])


def no_softmax():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(10)])


def wrong_input():
    return keras.Sequential([keras.Input((784,)), layers.Dense(10, activation="softmax")])


def nine_outputs():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(9, activation="softmax")])


@pytest.mark.parametrize("build, hint", [(dense_only, "limit"), (no_softmax, "softmax"), (wrong_input, "(28, 28, 1)"),
                                         (nine_outputs, "10 wyjść"), (lambda: "model", "model Kerasa")])
def test_small_model_rejected_before_training(build, hint):
    verdict = evaluate("cnn.small_model", build)
    assert verdict.status == "wrong" and hint in verdict.message, verdict


def test_small_model_reference_trains_to_the_threshold():
    """The one exercise that trains (about 10 s on 2 cores)."""
    verdict = evaluate("cnn.small_model", SOLUTIONS["cnn.small_model"])
    assert verdict.status == "ok", verdict


def forecaster(*stack):
    return lambda: keras.Sequential([keras.Input((24, 1)), *stack])


@pytest.mark.parametrize("build, hint", [
    (forecaster(layers.LSTM(32), layers.Dense(1)), "limit"),
    (forecaster(layers.LSTM(8, return_sequences=True), layers.Dense(1)), "return_sequences"),
    (forecaster(layers.Flatten(), layers.Dense(8, activation="relu"), layers.Dense(1)), "rekurencyjnej"),
    (forecaster(layers.GRU(8), layers.Dense(2)), "Dense(1)"),
    (lambda: keras.Sequential([keras.Input((24,)), layers.Dense(1)]), "(24, 1)"),
    (lambda: "model", "model Kerasa"),
])
def test_forecaster_rejected_before_training(build, hint):
    verdict = evaluate("rnn.forecaster", build)
    assert verdict.status == "wrong" and hint in verdict.message, verdict


def test_forecaster_reference_trains_to_the_threshold():
    """About 20 s on 2 cores: LSTM(16), 40 epochs on 370 windows."""
    verdict = evaluate("rnn.forecaster", SOLUTIONS["rnn.forecaster"])
    assert verdict.status == "ok", verdict


def denoiser(*stack):
    return lambda: keras.Sequential([keras.Input((784,)), *stack])


@pytest.mark.parametrize("build, hint", [
    (denoiser(layers.Dense(256, activation="relu"), layers.Dense(784, activation="sigmoid")), "limit"),
    (denoiser(layers.Dense(64, activation="relu"), layers.Dense(784)), "sigmoid"),
    (denoiser(layers.Dense(64, activation="relu"), layers.Dense(10, activation="sigmoid")), "784 piksele"),
    (lambda: keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(784, activation="sigmoid")]),
     "spłaszczone"),
    (lambda: "model", "model Kerasa"),
])
def test_denoiser_rejected_before_training(build, hint):
    verdict = evaluate("ae.denoiser", build)
    assert verdict.status == "wrong" and hint in verdict.message, verdict


def test_dense_denoiser_falls_short_and_is_sent_to_convolutions():
    """About 10 s: a dense network cannot tell which pixels are neighbours."""
    dense = denoiser(layers.Dense(64, activation="relu"), layers.Dense(784, activation="sigmoid"))
    verdict = evaluate("ae.denoiser", dense)
    assert verdict.status == "wrong" and "Conv2D" in verdict.message, verdict


def test_denoiser_reference_trains_to_the_threshold():
    """About 35 s on 2 loaded cores: the notebook's convolutional denoiser, 4 epochs on 6000 digits."""
    verdict = evaluate("ae.denoiser", SOLUTIONS["ae.denoiser"])
    assert verdict.status == "ok", verdict


def reverser(units=64, *, state=True, sequences=True, activation="softmax"):
    def build(vocab_size):
        source = keras.Input((None,), dtype="int32")
        decoder_input = keras.Input((None,), dtype="int32")
        _, encoded = layers.GRU(units, return_state=True)(layers.Embedding(vocab_size, 16)(source))
        x = layers.Embedding(vocab_size, 16)(decoder_input)
        x = layers.GRU(units, return_sequences=sequences)(x, initial_state=encoded if state else None)
        return keras.Model([source, decoder_input], layers.Dense(vocab_size, activation=activation)(x))
    return build


def one_input(vocab_size):
    decoder_input = keras.Input((None,), dtype="int32")
    x = layers.GRU(64, return_sequences=True)(layers.Embedding(vocab_size, 16)(decoder_input))
    return keras.Model(decoder_input, layers.Dense(vocab_size, activation="softmax")(x))


@pytest.mark.parametrize("build, hint", [
    (reverser(state=False), "nie zależy od ciągu źródłowego"),
    (reverser(sequences=False), "return_sequences=True"),
    (reverser(activation=None), "softmax"),
    (reverser(128), "limit"),
    (one_input, "dwóch"),
    (lambda vocab_size: "model", "model Kerasa"),
])
def test_reverser_rejected_before_training(build, hint):
    verdict = evaluate("nmt.reverser", build)
    assert verdict.status == "wrong" and hint in verdict.message, verdict


def test_tiny_reverser_falls_short():
    """About 10 s: with 4 units the encoder's state cannot hold six digits."""
    verdict = evaluate("nmt.reverser", reverser(4))
    assert verdict.status == "wrong" and "wymagane 90 %" in verdict.message, verdict


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_reverser_reference_trains_to_the_threshold(seed):
    """About 15 s per seed: GRU(64) encoder and decoder, 8 epochs on 4000 sequences."""
    from lecture5.exercises import translation as nmt_checks

    assert "całych ciągów" in nmt_checks._nmt_reverser(SOLUTIONS["nmt.reverser"], seed=seed)


# --- the notebooks --------------------------------------------------------------------------


def notebook_cells(stem):
    return json.loads((ROOT / "notebooks" / f"{stem}.ipynb").read_text(encoding="utf-8"))["cells"]


@pytest.mark.parametrize("stem", TOPICS)
def test_notebook_ends_with_its_exercises_and_a_quiz(stem):
    cells = notebook_cells(stem)
    sources = ["".join(c["source"]) for c in cells]
    code = "\n".join(s for s, c in zip(sources, cells) if c["cell_type"] == "code")
    for name in (n for n in exercises.CHECKS if n.startswith(TOPICS[stem] + ".")):
        assert f'check("{name}", ' in code, name
    headings = [s.splitlines()[0] for s, c in zip(sources, cells) if c["cell_type"] == "markdown" and s.strip()
                and not is_notes(c)]
    start = headings.index("## Ćwiczenia")
    quiz = [h for h in headings[start:] if "Quiz: pytanie" in h]
    assert quiz == ["## Quiz: pytanie 1 z 5"] + [f"### Quiz: pytanie {k} z 5" for k in range(2, 6)], quiz
    after_quiz = headings[headings.index(quiz[-1]) + 1:]
    # the sources, possibly continued on subslides so that each fits the projector
    assert after_quiz[:1] in ([], ["## Źródła"]), after_quiz
    assert all(h == "### Źródła (ciąg dalszy)" for h in after_quiz[1:]), after_quiz
    for source in sources:
        if "Quiz: pytanie" in source:
            assert "<details><summary>Odpowiedź (kliknij)</summary>" in source and "</details>" in source
    assert 'from lecture5.exercises import check' in code
    ids = [c.get("id") for c in cells]
    assert all(ids) and len(set(ids)) == len(ids)


def test_cnn_notebook_states_the_small_model_rules():
    cells = notebook_cells("02_cnn")
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    rules = cnn_checks.SMALL_MODEL
    for phrase in [f"{rules['epochs']} epoki", f"{rules['train']:,} cyfr".replace(",", " "),
                   f"{rules['min_accuracy']:.0%}".replace("%", " %"), f"{rules['max_params']:,}".replace(",", " "),
                   f"{rules['test']} cyfr testowych"]:
        assert phrase in text, phrase
