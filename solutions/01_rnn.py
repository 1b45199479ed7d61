"""Reference solutions to the exercises of notebooks/01_rnn.ipynb (for the lecturer and CI).

Students find the exercises, with stubs and `check(...)` calls, at the end of the notebook.
`tests/test_exercises.py` proves that every check accepts these solutions.
"""

import keras
import numpy as np
from keras import layers

# rnn.params: Input((None, 8)) -> LSTM(16, return_sequences=True) -> GRU(8) -> Dense(1)
lstm = 4 * (16 * (8 + 16) + 16)          # 4 blocks, m = 8 features, n = 16 units
gru = 3 * (8 * (16 + 8) + 2 * 8)         # Keras 3: reset_after=True, two biases per block; m = 16 (LSTM outputs)
dense = 8 + 1
params = lstm + gru + dense              # 2233


def simple_rnn(x, kernel, recurrent_kernel, bias):
    """x: (batch, steps, features), weights in Keras' layout -> states (batch, steps, units)."""
    h = np.zeros((x.shape[0], kernel.shape[1]))
    states = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ kernel + h @ recurrent_kernel + bias)
        states.append(h)
    return np.stack(states, axis=1)


def cut_windows(series, window, horizon=1):
    n = len(series) - window - horizon + 1
    x = np.array([series[i:i + window] for i in range(n)])
    y = np.array([series[i + window + horizon - 1] for i in range(n)])
    return x, y


def softmax_with_temperature(logits, temperature):
    z = np.asarray(logits, dtype=float) / temperature
    z = z - z.max(axis=-1, keepdims=True)          # exp of large logits would overflow
    p = np.exp(z)
    return p / p.sum(axis=-1, keepdims=True)


def build_forecaster():
    # 4·(16·(1 + 16) + 16) + 17 = 1169 parameters; the notebook's LSTM(32) has 4385, over the limit of 2000
    return keras.Sequential([keras.Input((24, 1)), layers.LSTM(16), layers.Dense(1)])


SOLUTIONS = {
    "rnn.params": params,
    "rnn.simple_rnn": simple_rnn,
    "rnn.windows": cut_windows,
    "rnn.temperature": softmax_with_temperature,
    "rnn.forecaster": build_forecaster,
}
