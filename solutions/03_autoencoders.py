"""Reference solutions to the exercises of notebooks/03_autoencoders.ipynb (for the lecturer and CI).

Students find the exercises, with stubs and `check(...)` calls, at the end of the notebook.
`tests/test_exercises.py` proves that every check accepts these solutions.
"""

import keras
import numpy as np
from keras import layers

# ae.params: 784 -> 64 -> 10 -> 64 -> 784, every dense layer has inputs x units weights and units biases
params = (784 * 64 + 64) + (64 * 10 + 10) + (10 * 64 + 64) + (64 * 784 + 784)     # 102 554


def mask_noise(images, fraction, rng):
    keep = rng.random(images.shape) >= fraction           # every pixel of every image drawn on its own
    return np.where(keep, images, 0.0).astype(images.dtype)


def psnr_per_image(x, x_hat):
    mse = np.mean((np.reshape(x, (len(x), -1)) - np.reshape(x_hat, (len(x), -1))) ** 2, axis=1)
    return 10 * np.log10(1 / mse)


def auc_by_pairs(known_errors, new_errors):
    new, known = np.asarray(new_errors)[:, None], np.asarray(known_errors)[None, :]
    return float(np.mean(new > known) + 0.5 * np.mean(new == known))


def kl_divergence(mu, log_var):
    return -0.5 * np.sum(1 + log_var - mu**2 - np.exp(log_var), axis=1)


def build_denoiser():
    # the notebook's convolutional denoiser behind a Reshape: a masked pixel is guessed from its neighbours
    return keras.Sequential([
        keras.Input((784,)),
        layers.Reshape((28, 28, 1)),
        layers.Conv2D(16, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2D(32, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2DTranspose(16, 3, strides=2, padding="same", activation="relu"),
        layers.Conv2D(1, 3, padding="same", activation="sigmoid"),
        layers.Flatten(),
    ])


SOLUTIONS = {
    "ae.params": params,
    "ae.mask_noise": mask_noise,
    "ae.psnr": psnr_per_image,
    "ae.auc": auc_by_pairs,
    "ae.kl": kl_divergence,
    "ae.denoiser": build_denoiser,
}
