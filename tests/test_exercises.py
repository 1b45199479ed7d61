"""Every exercise check accepts its reference solution and rejects typical wrong answers with
the intended hint; an untouched stub is "not done yet", never a crash."""

import importlib.util
from pathlib import Path

import keras
import numpy as np
import pytest
from keras import layers

from lecture5 import exercises
from lecture5.exercises import evaluate

ROOT = Path(__file__).resolve().parents[1]


def load_solutions(name):
    spec = importlib.util.spec_from_file_location(name, ROOT / "solutions" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.SOLUTIONS


SOLUTIONS = {**load_solutions("02_cnn")}
FAST = sorted(name for name in SOLUTIONS if name != "cnn.small_model")


def stub(*args):
    raise NotImplementedError


def test_every_exercise_has_a_solution():
    assert sorted(SOLUTIONS) == sorted(exercises.CHECKS)


@pytest.mark.parametrize("name", FAST)
def test_reference_solution_passes(name):
    verdict = evaluate(name, SOLUTIONS[name])
    assert verdict.status == "ok", verdict


@pytest.mark.parametrize("name", sorted(exercises.CHECKS))
def test_stub_is_not_done_yet(name):
    assert evaluate(name, stub if name != "cnn.params" else None).status == "todo"


def test_unknown_exercise_is_named():
    verdict = evaluate("cnn.nope", 1)
    assert verdict.status == "wrong" and "cnn.conv2d" in verdict.message


def test_check_prints_one_line_and_never_raises(capsys):
    exercises.check("cnn.conv2d", lambda image, kernel: 1 / 0)
    exercises.check("cnn.conv2d", stub)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and "ZeroDivisionError" in lines[0] and "jeszcze nie zrobione" in lines[1]


def flipped_conv2d(image, kernel):
    return SOLUTIONS["cnn.conv2d"](image, kernel[::-1, ::-1])


def full_size_conv2d(image, kernel):
    return np.zeros_like(image)


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
    result = SOLUTIONS["cnn.max_pool"](x, size)
    x[:] = 0
    return result


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
    ("cnn.conv2d", "conv2d", "oczekiwana funkcja"),
]


@pytest.mark.parametrize("name, answer, hint", WRONG, ids=[f"{n}-{h}" for n, _, h in WRONG])
def test_wrong_answer_gets_its_hint(name, answer, hint):
    verdict = evaluate(name, answer)
    assert verdict.status == "wrong" and hint in verdict.message, verdict


def dense_only():
    return keras.Sequential([keras.Input((28, 28, 1)), layers.Flatten(), layers.Dense(128), layers.Dense(10, activation="softmax")])


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


def test_notebook_has_every_exercise_and_states_the_small_model_rules():
    import json

    cells = json.loads((ROOT / "notebooks" / "02_cnn.ipynb").read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
    for name in (n for n in exercises.CHECKS if n.startswith("cnn.")):
        assert f'check("{name}", ' in code, name
    rules = exercises.SMALL_MODEL
    for phrase in [f"{rules['epochs']} epoki", f"{rules['train']:,} cyfr".replace(",", " "),
                   f"{rules['min_accuracy']:.0%}".replace("%", " %"), f"{rules['max_params']:,}".replace(",", " "),
                   f"{rules['test']} cyfr testowych"]:
        assert phrase in text, phrase
