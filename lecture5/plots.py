"""Plotting helpers shared by the notebooks (one look for every figure)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np

# One size grid for every figure drawn with a literal figsize (inches at lecture5.runtime's 100 dpi):
# the full slide width (1060 px of the 1094 a deck shows unscaled), two thirds, and a square's side.
FIGURE_WIDTHS = (10.6, 7.0, 5.8)

# Polish names of the metrics Keras records
METRIC_LABELS = {"loss": "funkcja straty", "accuracy": "dokładność"}


def show_images(images, titles: Sequence[str] | None = None, ncols: int = 8,
                size: float = 1.6, cmap: str = "gray_r", symmetric: bool = False):
    """Draw a grid of 2-D arrays (digits, filters, feature maps) with optional titles.

    ``symmetric=True`` centres the colour scale on zero (for kernels and filters).
    """
    images = [np.asarray(image).squeeze() for image in images]
    nrows = int(np.ceil(len(images) / ncols))
    ncols = min(ncols, len(images))
    fig, axes = plt.subplots(nrows, ncols, figsize=(size * ncols, size * nrows * 1.15), squeeze=False)
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= len(images):
            continue
        image = images[index]
        limit = np.abs(image).max() or 1.0
        kwargs = {"vmin": -limit, "vmax": limit} if symmetric else {}
        ax.imshow(image, cmap="RdBu_r" if symmetric else cmap, **kwargs)
        if titles is not None:
            ax.set_title(titles[index])
    fig.tight_layout()
    return fig


def plot_history(history, metrics: Sequence[str] = ("loss", "accuracy")):
    """Training and validation curves from a Keras ``History``, one panel per metric."""
    data = history.history if hasattr(history, "history") else history
    epochs = np.arange(1, len(data[metrics[0]]) + 1)
    width = FIGURE_WIDTHS[0] if len(metrics) > 1 else FIGURE_WIDTHS[1]   # panels share the slide's width
    fig, axes = plt.subplots(1, len(metrics), figsize=(width, 3.8), squeeze=False)
    for ax, metric in zip(axes.flat, metrics):
        ax.plot(epochs, data[metric], "o-", label="uczący")
        if f"val_{metric}" in data:
            ax.plot(epochs, data[f"val_{metric}"], "s--", label="walidacyjny")
        ax.set_xlabel("epoka")
        ax.set_ylabel(METRIC_LABELS.get(metric, metric))
        ax.set_xticks(epochs)
        ax.grid(alpha=0.3)
        ax.legend()
    fig.tight_layout()
    return fig


def plot_confusion_matrix(y_true, y_pred, labels: Sequence[str] | None = None):
    """Confusion matrix with counts; the diagonal is drawn in a muted colour so errors stand out."""
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    n = int(max(y_true.max(), y_pred.max())) + 1
    matrix = np.zeros((n, n), dtype=int)
    np.add.at(matrix, (y_true, y_pred), 1)
    errors = matrix.copy()
    np.fill_diagonal(errors, 0)
    fig, ax = plt.subplots(figsize=(FIGURE_WIDTHS[0], 5.3))
    image = ax.imshow(errors, cmap="Reds", aspect="auto")   # cells wider than tall: room for 4 digits
    for i in range(n):
        for j in range(n):
            if matrix[i, j]:
                ax.text(j, i, matrix[i, j], ha="center", va="center",
                        color="gray" if i == j else "black")
    ticks = labels if labels is not None else [str(i) for i in range(n)]
    ax.set_xticks(range(n), ticks)
    ax.set_yticks(range(n), ticks)
    ax.set_xlabel("przewidziana klasa")
    ax.set_ylabel("prawdziwa klasa")
    fig.colorbar(image, ax=ax, label="liczba pomyłek")
    fig.tight_layout()
    return fig, matrix
