"""Self-checks for the exercises at the end of the notebooks; messages in Polish.

In a notebook, right under the student's stub:

    check("cnn.conv2d", conv2d)

A check runs the answer on cases of its own (not only the example in the text) and prints one
line: OK, what is wrong with a hint, or that the exercise is not done yet (the stub still raises
``NotImplementedError``, or the answer is still ``None``). It never raises, so "Run all" goes
through with the stubs in place. ``evaluate()`` returns the verdict instead of printing it:
``tests/test_exercises.py`` runs every check on the reference solutions in ``solutions/`` (must
pass) and on typical wrong answers (must fail with the intended hint).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable

import numpy as np


@dataclass(frozen=True)
class Verdict:
    status: str  # "ok", "wrong" or "todo"
    message: str


class NotDone(Exception):
    """The stub has not been filled in yet."""


class Wrong(Exception):
    """The answer is wrong; the message says how, with a hint."""


CHECKS: dict[str, Callable[[Any], str]] = {}
TODO = "jeszcze nie zrobione — uzupełnij kod w komórce powyżej i uruchom ją ponownie."
SIGNS = {"ok": "✓", "wrong": "✗", "todo": "…"}   # in DejaVu too: no emoji font needed


def _exercise(name: str):
    def register(function: Callable[[Any], str]) -> Callable[[Any], str]:
        CHECKS[name] = function
        return function
    return register


def evaluate(name: str, answer: Any) -> Verdict:
    """The verdict on ``answer`` for exercise ``name``."""
    if name not in CHECKS:
        return Verdict("wrong", f"nie ma ćwiczenia {name!r}; są: {', '.join(sorted(CHECKS))}.")
    if answer is None or answer is Ellipsis:
        return Verdict("todo", TODO)
    try:
        return Verdict("ok", CHECKS[name](answer))
    except NotDone:
        return Verdict("todo", TODO)
    except Wrong as error:
        return Verdict("wrong", str(error))


def check(name: str, answer: Any) -> None:
    """Print the verdict on ``answer`` in one line (never raises)."""
    verdict = evaluate(name, answer)
    print(f"{SIGNS[verdict.status]} {name}: {'OK — ' if verdict.status == 'ok' else ''}{verdict.message}")


def _call(function: Callable, *args):
    """Run the student's function; its exceptions become a verdict, not a traceback."""
    if not callable(function):
        raise Wrong(f"oczekiwana funkcja, a jest {type(function).__name__}.")
    try:
        return function(*args)
    except NotImplementedError:
        raise NotDone from None
    except Exception as error:  # noqa: BLE001 -- any error in student code is a hint, not a crash
        shown = ", ".join(f"tablica o kształcie {a.shape}" if isinstance(a, np.ndarray) else repr(a) for a in args)
        raise Wrong(f"funkcja zgłosiła {type(error).__name__}: {error} (argumenty: {shown}).") from None


def _n(value: int) -> str:
    """12345 -> '12 345' (Polish thousands separator)."""
    return f"{value:,}".replace(",", " ")


def _number(answer: Any) -> float:
    try:
        return float(answer)
    except (TypeError, ValueError):
        raise Wrong(f"odpowiedzią ma być liczba, a jest {answer!r}.") from None


def _array(result: Any, expected_shape: tuple[int, ...], what: str, hint: str = "") -> np.ndarray:
    try:
        result = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what}: wynik nie jest tablicą liczb ({type(result).__name__}).") from None
    if result.shape != expected_shape:
        raise Wrong(f"{what}: kształt wyniku {result.shape}, a powinien być {expected_shape}. {hint}".strip())
    return result


# --- 02: convolutional networks -------------------------------------------------------------


def reference_conv2d(image: np.ndarray, kernel: np.ndarray) -> np.ndarray:
    """Valid 2-D cross-correlation, as Keras' Conv2D computes it (no kernel flip)."""
    kh, kw = kernel.shape
    windows = np.lib.stride_tricks.sliding_window_view(image, (kh, kw))   # (H - kh + 1, W - kw + 1, kh, kw)
    return np.einsum("ijkl,kl->ij", windows, kernel)


def reference_max_pool(x: np.ndarray, size: int) -> np.ndarray:
    """Non-overlapping max-pooling; incomplete windows at the edges are dropped (Keras' default)."""
    rows, cols = x.shape[0] // size, x.shape[1] // size
    return x[: rows * size, : cols * size].reshape(rows, size, cols, size).max(axis=(1, 3))


def reference_output_size(n: int, kernel: int, stride: int = 1, padding: str = "valid") -> int:
    return math.ceil(n / stride) if padding == "same" else (n - kernel) // stride + 1


@_exercise("cnn.params")
def _cnn_params(answer: Any) -> str:
    value = _number(answer)
    hints = {
        3 * 3 * 32 * 64: "zabrakło biasów: każdy filtr ma jeszcze jeden wyraz wolny.",
        3 * 3 * 64 + 64: "filtr ma 3×3 wagi na *każdy* z 32 kanałów wejścia.",
        3 * 3 * 64: "filtr ma 3×3 wagi na każdy z 32 kanałów wejścia, a do tego bias.",
        3 * 3 * 32 * 64 + 32: "biasów jest tyle, ile filtrów (wyjść), nie kanałów wejścia.",
    }
    if value != 3 * 3 * 32 * 64 + 64:
        raise Wrong(hints.get(int(value), "policz wagi jednego filtra (k × k × kanały wejścia), dodaj bias, "
                                          "pomnóż przez liczbę filtrów.") if value.is_integer() else
                    "liczba parametrów jest całkowita.")
    return "3·3·32 wag i 1 bias na filtr, razy 64 filtry = 18 496."


@_exercise("cnn.output_size")
def _cnn_output_size(function: Callable) -> str:
    cases = [(28, 3, 1, "valid"), (28, 5, 1, "valid"), (13, 3, 1, "valid"), (28, 2, 2, "valid"),
             (27, 3, 2, "valid"), (32, 3, 1, "same"), (28, 3, 2, "same"), (27, 3, 2, "same")]
    for n, kernel, stride, padding in cases:
        expected = reference_output_size(n, kernel, stride, padding)
        got = _call(function, n, kernel, stride, padding)
        if got != expected:
            case = f"n={n}, kernel={kernel}, stride={stride}, padding={padding!r}: wynik {got!r}, a powinno być {expected}"
            if padding == "valid" and got == n - kernel and stride == 1:
                hint = "o jeden za mało: okno o szerokości k mieści się w n pikselach n − k + 1 razy."
            elif padding == "valid" and got == n - kernel + 1:
                hint = "krok (stride) s: okno przesuwa się co s pikseli, pozycji jest ⌊(n − k)/s⌋ + 1."
            elif padding == "same" and got == n:
                hint = "przy padding='same' rozmiar też dzieli się przez krok: ⌈n/s⌉."
            elif padding == "same":
                hint = "padding='same' dopełnia brzegi tak, by przy kroku 1 rozmiar się nie zmieniał."
            else:
                hint = "sprawdź wzór ⌊(n − k)/s⌋ + 1 dla 'valid'."
            raise Wrong(f"{case}. {hint}")
    return f"wszystkie {len(cases)} przypadki (valid/same, krok 1 i 2) się zgadzają."


@_exercise("cnn.max_pool")
def _cnn_max_pool(function: Callable) -> str:
    rng = np.random.default_rng(5)
    for shape, size in [((4, 4), 2), ((6, 9), 3), ((7, 5), 2), ((28, 28), 2)]:
        x = rng.integers(-9, 10, size=shape).astype(float)
        before = x.copy()
        expected = reference_max_pool(x, size)
        result = _array(_call(function, x, size), expected.shape, f"wejście {shape}, okno {size}",
                        "Okna się nie nakładają, a niepełne okna na brzegu Keras pomija.")
        if not np.array_equal(x, before):
            raise Wrong("funkcja zmienia swoje wejście; licz wynik w nowej tablicy.")
        if not np.allclose(result, expected):
            if np.allclose(result, x[: expected.shape[0] * size, : expected.shape[1] * size]
                           .reshape(expected.shape[0], size, expected.shape[1], size).mean(axis=(1, 3))):
                raise Wrong("to średnia z okna (average pooling), a ma być maksimum.")
            raise Wrong(f"wejście {shape}, okno {size}: wartości się nie zgadzają (np. w pierwszym wierszu "
                        f"{result[0].tolist()} zamiast {expected[0].tolist()}).")
    return "maksimum z nienakładających się okien, także dla kształtów niepodzielnych przez okno."


@_exercise("cnn.conv2d")
def _cnn_conv2d(function: Callable) -> str:
    rng = np.random.default_rng(7)
    for image_shape, kernel_shape in [((5, 5), (3, 3)), ((6, 8), (3, 2)), ((28, 28), (5, 5))]:
        image, kernel = rng.normal(size=image_shape), rng.normal(size=kernel_shape)
        expected = reference_conv2d(image, kernel)
        result = _array(_call(function, image, kernel), expected.shape, f"obraz {image_shape}, jądro {kernel_shape}",
                        "Tryb 'valid': okno mieści się n − k + 1 razy w każdym kierunku.")
        if not np.allclose(result, expected):
            if np.allclose(result, reference_conv2d(image, kernel[::-1, ::-1])):
                raise Wrong("jądro jest odwrócone: to splot z podręcznika matematyki, a Conv2D w Kerasie "
                            "liczy korelację wzajemną — mnóż okno przez jądro bez odwracania.")
            raise Wrong(f"obraz {image_shape}, jądro {kernel_shape}: wartości się nie zgadzają "
                        f"(największa różnica {np.abs(result - expected).max():.3g}).")
    return "zgodne z Conv2D (korelacja wzajemna, tryb 'valid'), także dla jądra 3×2."


SMALL_MODEL = dict(train=10_000, test=2000, epochs=4, batch=64, min_accuracy=0.95, max_params=60_000)


@_exercise("cnn.small_model")
def _cnn_small_model(build_model: Callable) -> str:
    import keras

    from lecture5.data import load_mnist

    model = _call(build_model)
    if not isinstance(model, keras.Model):
        raise Wrong(f"build_model() ma zwrócić model Kerasa, a zwraca {type(model).__name__}.")
    if tuple(model.input_shape[1:]) != (28, 28, 1):
        raise Wrong(f"wejście modelu {model.input_shape[1:]}, a obrazy MNIST mają kształt (28, 28, 1).")
    if tuple(model.output_shape[1:]) != (10,):
        raise Wrong(f"wyjście modelu {model.output_shape[1:]}: potrzeba 10 wyjść, po jednym na cyfrę.")
    params, limit = model.count_params(), SMALL_MODEL["max_params"]
    if params > limit:
        raise Wrong(f"{_n(params)} parametrów, limit {_n(limit)}: zmniejsz obraz poolingiem przed warstwą gęstą "
                    "albo użyj mniej filtrów.")
    (x_train, y_train), (x_test, y_test) = load_mnist()
    x_train = x_train[: SMALL_MODEL["train"], :, :, None].astype("float32") / 255
    x_test = x_test[: SMALL_MODEL["test"], :, :, None].astype("float32") / 255
    y_train, y_test = y_train[: SMALL_MODEL["train"]], y_test[: SMALL_MODEL["test"]]
    if not np.allclose(np.asarray(model(x_test[:8])).sum(axis=1), 1, atol=1e-3):
        raise Wrong("wyjścia nie sumują się do 1: ostatnia warstwa potrzebuje aktywacji softmax.")
    keras.utils.set_random_seed(0)
    model.compile(optimizer=keras.optimizers.Adam(2e-3), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    model.fit(x_train, y_train, epochs=SMALL_MODEL["epochs"], batch_size=SMALL_MODEL["batch"], verbose=0)
    accuracy = model.evaluate(x_test, y_test, verbose=0)[1]
    if accuracy < SMALL_MODEL["min_accuracy"]:
        raise Wrong(f"dokładność testowa {accuracy:.1%} < {SMALL_MODEL['min_accuracy']:.0%} po "
                    f"{SMALL_MODEL['epochs']} epokach na {_n(SMALL_MODEL['train'])} cyfrach: dodaj warstwę konwolucji "
                    "z poolingiem albo więcej filtrów.")
    return (f"{_n(params)} parametrów, dokładność testowa {accuracy:.1%} po {SMALL_MODEL['epochs']} epokach "
            f"na {_n(SMALL_MODEL['train'])} cyfrach.")
