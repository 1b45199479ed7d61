"""Autoencoders: the 6-3-6 bottleneck network and the denoising setup."""

from __future__ import annotations

from matplotlib.patches import Rectangle

from .style import KINDS, MUTED, SMALL, arrow, box, bracket, canvas, node, text, trapezoid, wire


def column(ax, x, n, kind, label, centre=3.6, step=0.78):
    """A column of n neurons labelled label_1..label_n, top to bottom."""
    return [node(ax, x, centre + ((n - 1) / 2 - k) * step, f"${label}_{k + 1}$", kind, r=0.3,
                 size=SMALL + 1) for k in range(n)]


def autoencoder():
    """n inputs -> k-neuron code -> n outputs, trained to give back its input."""
    fig, ax = canvas(9.2, 7.0)
    xs = (1.6, 4.6, 7.6)
    layers = [column(ax, xs[0], 6, "input", "x"), column(ax, xs[1], 3, "hidden", "h", step=0.95),
              column(ax, xs[2], 6, "output", r"\hat{x}")]
    for a, b in zip(layers, layers[1:]):
        for s in a:
            for t in b:
                wire(ax, s, t)
    for x, title in zip(xs, ["wejście $x$", "kod $h$\n(wąskie gardło)", r"wyjście $\hat{x}$"]):
        text(ax, x, 6.15, title, va="bottom", weight="bold", size=SMALL + 1)
    bracket(ax, xs[0] - 0.3, xs[1] - 0.15, 1.25, "koder")
    bracket(ax, xs[1] + 0.15, xs[2] + 0.3, 1.25, "dekoder")
    text(ax, 4.6, 0.3, r"cel uczenia: $y = x$  (sieć odtwarza swoje wejście)", size=SMALL)
    return fig


# a handwritten-like "7" (7x7 pixels) and the pixels the noise flips
SEVEN = ["1111111", "0000011", "0000110", "0001100", "0011000", "0011000", "0011000"]
NOISE = {(0, 2), (1, 5), (2, 0), (2, 4), (3, 3), (3, 6), (4, 1), (5, 3), (5, 5), (6, 0), (6, 3)}


def clean(i, j):
    return float(SEVEN[i][j] == "1")


def noisy(i, j):
    return 1 - clean(i, j) if (i, j) in NOISE else clean(i, j)


def restored(i, j):
    """A good but imperfect reconstruction: slightly faded, faint traces of the noise."""
    return 0.85 * clean(i, j) + (0.12 if (i, j) in NOISE else 0)


def pixels(ax, x, y, shade, kind, size=0.18):
    """A 7x7 greyscale image centred at (x, y), framed in the colour of ``kind``."""
    n = len(SEVEN)
    left, top = x - n * size / 2, y + n * size / 2
    for i in range(n):
        for j in range(n):
            ax.add_patch(Rectangle((left + j * size, top - (i + 1) * size), size, size,
                                   fc=str(round(1 - 0.87 * shade(i, j), 3)), ec="#DDDDDD", lw=0.6,
                                   zorder=4))
    ax.add_patch(Rectangle((left, top - n * size), n * size, n * size, fill=False,
                           ec=KINDS[kind][0], lw=3, zorder=5))


def denoising_autoencoder():
    """Corrupt x, encode and decode, and compare the reconstruction with the clean x."""
    fig, ax = canvas(11.6, 5.2)
    y, half = 3.3, 0.63
    items = [(1.0, clean, "input", "czyste $x$"), (3.3, noisy, "input", r"zaszumione $\tilde{x}$"),
             (10.4, restored, "output", r"rekonstrukcja $\hat{x}$")]
    for x, shade, kind, title in items:
        pixels(ax, x, y, shade, kind)
        text(ax, x, y + half + 0.2, title, size=SMALL + 1, va="bottom")
    arrow(ax, (1.0 + half + 0.12, y), (3.3 - half - 0.12, y))
    text(ax, 2.15, y + 0.15, "+ szum", size=SMALL, va="bottom")
    enc = trapezoid(ax, 5.05, y, 1.6, 1.6, 0.8, "koder")
    code = box(ax, 6.75, y, "kod $h$", "hidden", w=1.2, h=0.7, size=SMALL + 1)
    dec = trapezoid(ax, 8.45, y, 1.6, 0.8, 1.6, "dekoder")
    arrow(ax, (3.3 + half + 0.12, y), enc.left)
    arrow(ax, enc.right, code.left)
    arrow(ax, code.right, dec.left)
    arrow(ax, dec.right, (10.4 - half - 0.12, y))
    loss = box(ax, 5.7, 1.15, r"strata $L(\hat{x},\,x)$", "accent", w=2.9, h=0.7)
    accent = KINDS["accent"][0]
    arrow(ax, (1.0, y - half - 0.12), (1.0, loss.y), loss.left, color=accent, dashed=True)
    arrow(ax, (10.4, y - half - 0.12), (10.4, loss.y), loss.right, color=accent, dashed=True)
    text(ax, 5.7, 0.35, r"porównujemy z czystym $x$, nie z $\tilde{x}$", size=SMALL, color=MUTED)
    return fig
