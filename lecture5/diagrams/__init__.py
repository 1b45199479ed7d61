"""Generators of every lecture diagram in ``images/``: ``python -m lecture5.diagrams images``.

``DIAGRAMS`` maps a file name (without ``.svg``) to the function drawing it; all share the
palette and primitives of :mod:`lecture5.diagrams.style`.
"""

from __future__ import annotations

from pathlib import Path

from . import autoencoder, cells, cnn, embeddings, rnn, translation
from .style import to_svg

DIAGRAMS = {
    "rnn_folded_unrolled": rnn.folded_unrolled,
    "sequence_types": rnn.sequence_types,
    "long_range_dependency": rnn.long_range_dependency,
    "rnn_cell": cells.rnn_cell,
    "lstm_cell": cells.lstm_cell,
    "gru_cell": cells.gru_cell,
    "dense_vs_conv1d": cnn.dense_vs_conv1d,
    "stacked_conv1d": cnn.stacked_conv1d,
    "conv2d_window": cnn.conv2d_window,
    "max_pooling": cnn.max_pooling,
    "autoencoder": autoencoder.autoencoder,
    "denoising_autoencoder": autoencoder.denoising_autoencoder,
    "cbow": embeddings.cbow,
    "skipgram": embeddings.skipgram,
    "encoder_decoder": translation.encoder_decoder,
    "encoder_decoder_attention": translation.encoder_decoder_attention,
}


def render(name: str) -> bytes:
    """The SVG of one diagram, identical on every run."""
    return to_svg(DIAGRAMS[name])


def write_all(folder, names=None):
    """Write ``NAME.svg`` for each diagram into ``folder``; yield (path, changed)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    for name in names or DIAGRAMS:
        path = folder / f"{name}.svg"
        svg = render(name)
        changed = not path.exists() or path.read_bytes() != svg
        if changed:
            path.write_bytes(svg)
        yield path, changed
