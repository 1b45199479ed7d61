"""Reference solutions to the exercises of notebooks/02_cnn.ipynb (for the lecturer and CI).

Students find the exercises, with stubs and `check(...)` calls, at the end of the notebook.
`tests/test_exercises.py` proves that every check accepts these solutions.
"""

import keras
import numpy as np
from keras import layers

# cnn.params: 3 x 3 weights on each of 32 input channels, plus a bias, for each of 64 filters
params = 3 * 3 * 32 * 64 + 64


def conv_output_size(n, kernel, stride=1, padding="valid"):
    if padding == "same":
        return -(-n // stride)                      # ceil(n / stride)
    return (n - kernel) // stride + 1


def max_pool(x, size):
    rows, cols = x.shape[0] // size, x.shape[1] // size
    out = np.empty((rows, cols))
    for i in range(rows):
        for j in range(cols):
            out[i, j] = x[i * size:(i + 1) * size, j * size:(j + 1) * size].max()
    return out


def conv2d(image, kernels):
    # image (H, W, C); kernels in Conv2D's layout (kh, kw, C, F); one output map per filter
    kh, kw, _, filters = kernels.shape
    out = np.empty((image.shape[0] - kh + 1, image.shape[1] - kw + 1, filters))
    for i in range(out.shape[0]):
        for j in range(out.shape[1]):
            window = image[i:i + kh, j:j + kw, :]                 # (kh, kw, C)
            out[i, j] = np.tensordot(window, kernels, axes=3)     # sum over kh, kw and C, for every filter
    return out


def build_model():
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(10, activation="softmax"),
    ])


SOLUTIONS = {
    "cnn.params": params,
    "cnn.output_size": conv_output_size,
    "cnn.max_pool": max_pool,
    "cnn.conv2d": conv2d,
    "cnn.small_model": build_model,
}
