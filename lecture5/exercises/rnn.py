"""Checks for the exercises of notebooks/01_rnn.ipynb (recurrent networks)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from lecture5.exercises import Wrong, _array, _call, _count, _exercise, _n, _pair, _unchanged


def _block(m: int, n: int) -> int:
    """One "sigma or tanh of a weighted sum" block: n(m + n) weights and n biases."""
    return n * (m + n) + n


# rnn.params: keras.Sequential([keras.Input((None, 8)), layers.LSTM(16, return_sequences=True),
#                               layers.GRU(8), layers.Dense(1)])
LSTM_PARAMS = 4 * _block(8, 16)               # 1600
GRU_PARAMS = 3 * (_block(16, 8) + 8)          # 624: reset_after=True (Keras 3 default) adds a second bias
DENSE_PARAMS = 8 + 1
STACK_PARAMS = LSTM_PARAMS + GRU_PARAMS + DENSE_PARAMS   # 2233


@_exercise("rnn.params")
def _rnn_params(answer: Any) -> str:
    no_bias = 4 * 16 * (8 + 16) + 3 * 8 * (16 + 8) + 8
    _count(answer, STACK_PARAMS, {
        STACK_PARAMS - 3 * 8: "GRU w Kerasie 3 ma domyślnie reset_after=True: każdy z 3 bloków ma dwa wektory "
                              "biasu, czyli 3·[n(m + n) + 2n].",
        LSTM_PARAMS + 3 * (_block(8, 8) + 8) + DENSE_PARAMS: "wejściem GRU są wyjścia LSTM w każdym kroku: "
                                                             "16 cech, nie 8.",
        LSTM_PARAMS + 3 * _block(8, 8) + DENSE_PARAMS: "wejściem GRU są wyjścia LSTM (16 cech, nie 8), a GRU "
                                                       "w Kerasie 3 ma dwa wektory biasu na blok.",
        no_bias: "zabrakło biasów: każdy blok ma n wyrazów wolnych (GRU z reset_after=True — 2n).",
        3 * _block(8, 16) + GRU_PARAMS + DENSE_PARAMS: "LSTM ma 4 bloki (i, f, c̃, o), nie 3.",
        LSTM_PARAMS + GRU_PARAMS: "nie zapomnij o warstwie Dense(1): 8 wag i bias.",
        LSTM_PARAMS + 4 * _block(16, 8) + DENSE_PARAMS: "GRU ma 3 bloki (z, r, h̃), nie 4 — i dwa wektory "
                                                        "biasu na blok.",
    }, "policz każdą warstwę osobno: LSTM 4·[n(m + n) + n], GRU (Keras 3) 3·[n(m + n) + 2n], "
       "Dense wagi + bias; m to liczba cech wejścia warstwy, n — jej neurony.")
    return (f"LSTM 4·(16·(8 + 16) + 16) = {LSTM_PARAMS}, GRU 3·(8·(16 + 8) + 2·8) = {GRU_PARAMS}, "
            f"Dense 8 + 1 = {DENSE_PARAMS}; razem {STACK_PARAMS}.")


def reference_simple_rnn(x: np.ndarray, kernel: np.ndarray, recurrent_kernel: np.ndarray,
                         bias: np.ndarray) -> np.ndarray:
    """All states of a SimpleRNN in Keras' layout: x (batch, steps, features) -> (batch, steps, units)."""
    h = np.zeros((x.shape[0], kernel.shape[1]))
    states = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ kernel + h @ recurrent_kernel + bias)
        states.append(h)
    return np.stack(states, axis=1)


@_exercise("rnn.simple_rnn")
def _rnn_simple_rnn(function: Callable) -> str:
    rng = np.random.default_rng(11)
    for batch, steps, features, units in [(2, 5, 3, 4), (1, 7, 2, 3), (3, 1, 4, 2), (4, 6, 5, 5)]:
        x = rng.normal(size=(batch, steps, features))
        kernel = rng.normal(scale=0.6, size=(features, units))
        recurrent_kernel = rng.normal(scale=0.6, size=(units, units))
        bias = rng.normal(scale=0.3, size=units)
        arguments = (x, kernel, recurrent_kernel, bias)
        before = [a.copy() for a in arguments]
        expected = reference_simple_rnn(*arguments)
        what = f"x {x.shape}, units={units}"
        result = _call(function, *arguments)
        for old, new in zip(before, arguments):
            _unchanged(old, new)
        shape = np.shape(result)
        if shape == (batch, units) and steps > 1:
            raise Wrong(f"{what}: kształt wyniku {shape} — to tylko stan po ostatnim kroku; zwróć stan po każdym "
                        "kroku, jak warstwa z return_sequences=True.")
        if shape == (steps, batch, units) and steps != batch:
            raise Wrong(f"{what}: kształt wyniku {shape} — kolejność osi w Kerasie: (przykłady, kroki, neurony).")
        result = _array(result, expected.shape, what, "Wynik: (przykłady, kroki, neurony).")
        if np.allclose(result, expected):
            continue
        linear, no_memory = [], np.tanh(x @ kernel + bias)
        h = np.zeros((batch, units))
        for t in range(steps):
            h = x[:, t] @ kernel + h @ recurrent_kernel + bias
            linear.append(h)
        if np.allclose(result, np.stack(linear, axis=1)):
            raise Wrong("brakuje funkcji aktywacji: h_t = tanh(x_t·kernel + h_{t−1}·recurrent_kernel + bias).")
        if np.allclose(result, no_memory):
            raise Wrong("stan nie przechodzi do następnego kroku: dodaj h_{t−1} @ recurrent_kernel "
                        "(h_0 = 0, potem zawsze poprzedni stan).")
        if np.allclose(result, reference_simple_rnn(x, kernel, recurrent_kernel.T, bias)):
            raise Wrong("recurrent_kernel jest transponowany: w układzie Kerasa przykłady są wierszami, "
                        "więc liczymy h @ recurrent_kernel (to U transponowane, jak kernel = Wᵀ).")
        raise Wrong(f"{what}: stany się nie zgadzają (największa różnica {np.abs(result - expected).max():.3g}); "
                    "krok: h = tanh(x_t @ kernel + h @ recurrent_kernel + bias), zaczynając od h = 0.")
    return "stany po każdym kroku jak SimpleRNN(return_sequences=True) w Kerasie, dla paczki przykładów."


def reference_windows(series: np.ndarray, window: int, horizon: int = 1) -> tuple[np.ndarray, np.ndarray]:
    n = len(series) - window - horizon + 1
    starts = np.arange(n)
    return series[starts[:, None] + np.arange(window)], series[starts + window + horizon - 1]


@_exercise("rnn.windows")
def _rnn_windows(function: Callable) -> str:
    rng = np.random.default_rng(3)
    cases = [(np.arange(7.0), 3, 1), (np.arange(10.0), 4, 3), (np.round(rng.normal(size=30), 3), 5, 2),
             (np.arange(100.0, 112.0), 6, 1), (np.arange(6.0), 4, 2)]
    for series, window, horizon in cases:
        before = series.copy()
        expected_x, expected_y = reference_windows(series, window, horizon)
        what = f"szereg o długości {len(series)}, window={window}, horizon={horizon}"
        x, y = _pair(_call(function, series, window, horizon), what)
        _unchanged(before, series)
        n = len(expected_y)
        if np.shape(x) == (window, n) and window != n:
            raise Wrong(f"{what}: okna mają kształt {np.shape(x)} — jedno okno to jeden wiersz: (okna, window).")
        counts = [np.shape(part)[0] if np.ndim(part) else None for part in (x, y)]
        if any(count in (n - 1, n + 1) for count in counts):
            raise Wrong(f"{what}: okien: {counts[0]}, celów: {counts[1]}, a ma być po {n} = "
                        "długość − window − horizon + 1 (cel ostatniego okna to ostatnia wartość szeregu).")
        x = _array(x, expected_x.shape, f"{what}, okna x", "Kształt: (liczba okien, window).")
        y = _array(y, expected_y.shape, f"{what}, cele y", "Jeden cel na okno.")
        if not np.allclose(x, expected_x):
            raise Wrong(f"{what}: okna się nie zgadzają; okno i to series[i : i + window].")
        if not np.allclose(y, expected_y):
            starts = np.arange(n)
            if np.allclose(y, series[starts + window - 1]):
                raise Wrong("cel to ostatnia wartość okna — a ma leżeć po oknie: series[i + window + horizon − 1].")
            if horizon > 1 and np.allclose(y, series[starts + window]):
                raise Wrong(f"{what}: horizon pominięty — cel leży horizon kroków po końcu okna: "
                            "series[i + window + horizon − 1].")
            raise Wrong(f"{what}: cele się nie zgadzają (np. pierwszy {y[0]:g} zamiast {expected_y[0]:g}); "
                        "przy horizon=1 celem jest wartość tuż po oknie.")
    return "okna i cele zgodne, także z horyzontem większym niż 1 i dla najkrótszego możliwego szeregu."


def reference_softmax(logits: np.ndarray, temperature: float) -> np.ndarray:
    z = np.asarray(logits, dtype=float) / temperature
    z = z - z.max(axis=-1, keepdims=True)
    p = np.exp(z)
    return p / p.sum(axis=-1, keepdims=True)


@_exercise("rnn.temperature")
def _rnn_temperature(function: Callable) -> str:
    rng = np.random.default_rng(2)
    cases = [(np.array([2.0, 1.0, 0.0]), 1.0), (np.array([2.0, 1.0, 0.0]), 0.5), (np.array([3.0, -1.0, 0.5, 0.0]), 2.0),
             (rng.normal(size=(3, 5)) * 2, 0.7), (np.array([1000.0, 999.0, 990.0]), 0.3),
             (np.array([[800.0, 790.0], [-5.0, 5.0]]), 1.0)]
    for logits, temperature in cases:
        before = logits.copy()
        expected = reference_softmax(logits, temperature)
        what = f"logity {np.round(logits, 2).tolist()}, T = {temperature}"
        with np.errstate(all="ignore"):            # an overflow is a hint below, not a warning
            result = _call(function, logits, temperature)
        result = _array(result, expected.shape, what, "Wynik ma kształt logitów: rozkład w każdym wierszu.")
        _unchanged(before, logits)
        if not np.all(np.isfinite(result)):
            raise Wrong(f"{what}: w wyniku jest nan albo inf — exp dużej liczby przekracza zakres; odejmij "
                        "maksimum z wiersza przed exp (wynik się nie zmienia).")
        if np.allclose(result, expected, atol=1e-6):
            continue
        if logits.ndim == 2 and np.allclose(result.sum(axis=0), 1) and not np.allclose(result.sum(axis=-1), 1):
            raise Wrong(f"{what}: sumują się do 1 kolumny — normalizuj każdy wiersz osobno (axis=-1).")
        if not np.allclose(result.sum(axis=-1), 1):
            raise Wrong(f"{what}: prawdopodobieństwa nie sumują się do 1 — podziel exp przez ich sumę.")
        if temperature != 1 and np.allclose(result, reference_softmax(logits * temperature, 1.0), atol=1e-6):
            raise Wrong("logity mnożone przez T, a mają być przez T dzielone: softmax(logity / T) — niska "
                        "temperatura ma wyostrzać rozkład.")
        if temperature != 1 and np.allclose(result, reference_softmax(logits, 1.0), atol=1e-6):
            raise Wrong(f"{what}: wynik nie zależy od temperatury — policz softmax(logity / T).")
        raise Wrong(f"{what}: wynik {np.round(result, 3).tolist()}, a powinno być {np.round(expected, 3).tolist()}.")
    return "softmax(logity / T): niska temperatura wyostrza rozkład, wysoka go spłaszcza; bez przepełnienia."


# rnn.forecaster: the CO2 forecast of the notebook, by a much smaller recurrent network
FORECASTER = dict(window=24, split="1991-01-01", epochs=40, batch=32, learning_rate=3e-3, max_params=2000,
                  factor=3)


def co2_task() -> dict[str, Any]:
    """The notebook's monthly CO2 windows, split in time, in the network's scaled form (to_network)."""
    import statsmodels.api as sm

    weekly = sm.datasets.co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean().interpolate()
    co2 = monthly.to_numpy().astype("float32")
    window = FORECASTER["window"]
    x_all, y_all = reference_windows(co2, window)
    train = np.asarray(monthly.index[window:] < FORECASTER["split"])
    scale = float(np.std(np.diff(co2[:window + int(train.sum())])))
    last = x_all[:, -1]
    return dict(x=((x_all - last[:, None]) / scale)[..., None], y=(y_all - last) / scale, train=train,
                last=last, target=y_all, scale=scale)


def _layers(model) -> list:
    found = []
    for layer in getattr(model, "layers", []):
        found.append(layer)
        found += _layers(layer)
        if hasattr(layer, "forward_layer"):                # Bidirectional
            found.append(layer.forward_layer)
    return found


@_exercise("rnn.forecaster")
def _rnn_forecaster(build_forecaster: Callable) -> str:
    import keras

    rules = FORECASTER
    keras.utils.set_random_seed(0)
    model = _call(build_forecaster)
    if not isinstance(model, keras.Model):
        raise Wrong(f"build_forecaster() ma zwrócić model Kerasa, a zwraca {type(model).__name__}.")
    window = rules["window"]
    if tuple(model.input_shape[1:]) not in ((window, 1), (None, 1)):
        raise Wrong(f"wejście modelu {tuple(model.input_shape[1:])}, a okno to {window} kroków po 1 cesze: "
                    f"keras.Input(({window}, 1)).")
    output = tuple(model.output_shape[1:])
    if len(output) == 2:
        raise Wrong(f"wyjście modelu {output}: ostatnia warstwa rekurencyjna ma zwrócić tylko stan końcowy — "
                    "bez return_sequences=True (albo to pierwsza z dwóch warstw).")
    if output != (1,):
        raise Wrong(f"wyjście modelu {output}: prognoza to jedna liczba — na końcu Dense(1).")
    if not any(isinstance(layer, keras.layers.RNN) for layer in _layers(model)):
        raise Wrong("w modelu nie ma warstwy rekurencyjnej (SimpleRNN, GRU albo LSTM) — to ćwiczenie o RNN.")
    params, limit = model.count_params(), rules["max_params"]
    if params > limit:
        raise Wrong(f"{_n(params)} parametrów, limit {_n(limit)}: weź mniej neuronów (GRU(16) ma ich 929) "
                    "albo jedną warstwę rekurencyjną.")
    task = co2_task()
    train = task["train"]
    keras.utils.set_random_seed(0)
    model.compile(optimizer=keras.optimizers.Adam(rules["learning_rate"]), loss="mse")
    model.fit(task["x"][train], task["y"][train], epochs=rules["epochs"], batch_size=rules["batch"], verbose=0)
    test = ~train
    change = np.asarray(keras.ops.convert_to_numpy(model(task["x"][test])), dtype=float).reshape(-1)
    forecast = task["last"][test] + change * task["scale"]
    error = float(np.sqrt(np.mean((task["target"][test] - forecast) ** 2)))
    naive = float(np.sqrt(np.mean((task["target"][test] - task["last"][test]) ** 2)))
    threshold = naive / rules["factor"]
    if not np.isfinite(error) or error >= threshold:
        last_layer = _layers(model)[-1]
        activation = getattr(getattr(last_layer, "activation", None), "__name__", "linear")
        if activation != "linear":
            raise Wrong(f"RMSE testowe {error:.3f} ppm ≥ {threshold:.3f} ppm; ostatnia warstwa ma aktywację "
                        f"{activation!r}, a zmiana CO₂ bywa ujemna i większa niż 1 — na końcu Dense(1) bez aktywacji.")
        raise Wrong(f"RMSE testowe {error:.3f} ppm ≥ {threshold:.3f} ppm (prognoza naiwna / {rules['factor']}) po "
                    f"{rules['epochs']} epokach: sieć nie nauczyła się cyklu rocznego — spróbuj GRU albo LSTM "
                    "zamiast SimpleRNN, albo trochę więcej neuronów.")
    return (f"{_n(params)} parametrów, RMSE testowe {error:.3f} ppm — prognoza naiwna {naive:.3f} ppm "
            f"(próg {threshold:.3f} ppm).")
