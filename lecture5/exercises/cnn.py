"""Checks for the exercises of notebooks/02_cnn.ipynb (convolutional networks)."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from lecture5.exercises import Wrong, _array, _call, _count, _exercise, _n, _unchanged


def reference_conv2d(image: np.ndarray, kernels: np.ndarray) -> np.ndarray:
    """Valid cross-correlation as Keras' Conv2D computes it (no kernel flip, no bias):
    image (H, W, C), kernels in Conv2D's layout (kh, kw, C, F) -> (H - kh + 1, W - kw + 1, F)."""
    kh, kw = kernels.shape[:2]
    windows = np.lib.stride_tricks.sliding_window_view(image, (kh, kw), axis=(0, 1))   # (H', W', C, kh, kw)
    return np.einsum("ijckl,klcf->ijf", windows, kernels)


def reference_max_pool(x: np.ndarray, size: int) -> np.ndarray:
    """Non-overlapping max-pooling; incomplete windows at the edges are dropped (Keras' default)."""
    rows, cols = x.shape[0] // size, x.shape[1] // size
    return x[: rows * size, : cols * size].reshape(rows, size, cols, size).max(axis=(1, 3))


def reference_output_size(n: int, kernel: int, stride: int = 1, padding: str = "valid") -> int:
    return math.ceil(n / stride) if padding == "same" else (n - kernel) // stride + 1


@_exercise("cnn.params")
def _cnn_params(answer: Any) -> str:
    _count(answer, 3 * 3 * 32 * 64 + 64, {
        3 * 3 * 32 * 64: "zabrakło biasów: każdy filtr ma jeszcze jeden wyraz wolny.",
        3 * 3 * 64 + 64: "filtr ma 3×3 wagi na *każdy* z 32 kanałów wejścia.",
        3 * 3 * 64: "filtr ma 3×3 wagi na każdy z 32 kanałów wejścia, a do tego bias.",
        3 * 3 * 32 * 64 + 32: "biasów jest tyle, ile filtrów (wyjść), nie kanałów wejścia.",
    }, "policz wagi jednego filtra (k × k × kanały wejścia), dodaj bias, pomnóż przez liczbę filtrów.")
    return "3·3·32 wag i 1 bias na filtr, razy 64 filtry = 18 496."


@_exercise("cnn.output_size")
def _cnn_output_size(function: Callable) -> str:
    cases = [(28, 3, 1, "valid"), (28, 5, 1, "valid"), (13, 3, 1, "valid"), (28, 2, 2, "valid"),
             (27, 3, 2, "valid"), (32, 3, 1, "same"), (28, 3, 2, "same"), (27, 3, 2, "same")]
    for n, kernel, stride, padding in cases:
        expected = reference_output_size(n, kernel, stride, padding)
        got = _call(function, n, kernel, stride, padding)
        if got != expected:
            case = (f"n={n}, kernel={kernel}, stride={stride}, padding={padding!r}: wynik {got!r}, "
                    f"a powinno być {expected}")
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
    return f"wszystkie przypadki ({len(cases)}: valid/same, krok 1 i 2) się zgadzają."


@_exercise("cnn.max_pool")
def _cnn_max_pool(function: Callable) -> str:
    rng = np.random.default_rng(5)
    for shape, size in [((4, 4), 2), ((6, 9), 3), ((7, 5), 2), ((28, 28), 2)]:
        x = rng.integers(-9, 10, size=shape).astype(float)
        before = x.copy()
        expected = reference_max_pool(x, size)
        result = _array(_call(function, x, size), expected.shape, f"wejście {shape}, okno {size}",
                        "Okna się nie nakładają, a niepełne okna na brzegu Keras pomija.")
        _unchanged(before, x)
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
    cases = [((5, 5, 1), (3, 3, 1, 1)), ((6, 7, 3), (3, 2, 3, 4)), ((8, 8, 2), (3, 3, 2, 5)),
             ((28, 28, 3), (5, 5, 3, 2))]
    for image_shape, kernel_shape in cases:
        image, kernels = rng.normal(size=image_shape), rng.normal(size=kernel_shape)
        before = (image.copy(), kernels.copy())
        expected = reference_conv2d(image, kernels)
        what = f"obraz {image_shape}, jądra {kernel_shape}"
        result = _call(function, image, kernels)
        _unchanged(before[0], image)
        _unchanged(before[1], kernels)
        shape = np.shape(result)
        out_h, out_w, filters = expected.shape
        channels = image_shape[2]
        if shape == (out_h, out_w, channels, filters):
            raise Wrong(f"{what}: kształt wyniku {shape} — zsumuj iloczyny także po kanałach wejścia: "
                        "jeden filtr daje jedną mapę cech.")
        if shape == (filters, out_h, out_w) != expected.shape:
            raise Wrong(f"{what}: kształt wyniku {shape} — Keras kładzie mapy cech na końcu: "
                        "(wysokość, szerokość, filtry).")
        if shape == (out_h, out_w):
            raise Wrong(f"{what}: kształt wyniku {shape} — każdy filtr daje osobną mapę cech (tu {filters}), "
                        "wynik ma kształt (wysokość, szerokość, filtry).")
        result = _array(result, expected.shape, what,
                        "Tryb 'valid': okno mieści się n − k + 1 razy w każdym kierunku; jądra mają układ "
                        "(wysokość, szerokość, kanały wejścia, filtry).")
        if not np.allclose(result, expected):
            if np.allclose(result, reference_conv2d(image, kernels[::-1, ::-1])):
                raise Wrong("jądro jest odwrócone: to splot z podręcznika matematyki, a Conv2D w Kerasie "
                            "liczy korelację wzajemną — mnóż okno przez jądro bez odwracania.")
            if channels > 1 and np.allclose(result, reference_conv2d(image[..., :1], kernels[:, :, :1])):
                raise Wrong(f"{what}: liczy się tylko pierwszy kanał wejścia — filtr ma wagi dla każdego "
                            f"z {channels} kanałów, a okno to {kernel_shape[0]}×{kernel_shape[1]}×{channels} liczb.")
            raise Wrong(f"{what}: wartości się nie zgadzają "
                        f"(największa różnica {np.abs(result - expected).max():.3g}).")
    return "zgodne z Conv2D (korelacja wzajemna, tryb 'valid'): suma po oknie i kanałach, osobna mapa na filtr."


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
