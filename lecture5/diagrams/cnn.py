"""Convolutions: dense vs. convolutional layer on a 1-D signal, stacking, 2-D window, pooling."""

from __future__ import annotations

from .style import (
    FONT,
    KINDS,
    LW,
    MUTED,
    SMALL,
    arrow,
    box,
    bracket,
    canvas,
    frame,
    grid,
    minus,
    node,
    ring,
    text,
    wire,
)

ACCENT = KINDS["accent"][0]


def signal(ax, xs, y):
    """The input samples x_0, x_1, ... of a 1-D signal as small circles."""
    return [node(ax, x, y, f"$x_{k}$", "input", r=0.26, size=SMALL) for k, x in enumerate(xs)]


def conv_layer(ax, below, y, label, width=3, highlight=()):
    """Units ``label`` applied to every window of ``width`` shapes of the row ``below``.

    Returns the units; those numbered in ``highlight`` and their windows are drawn in the accent.
    """
    units = []
    for j in range(len(below) - width + 1):
        window = below[j:j + width]
        unit = box(ax, window[width // 2].x, y, label, "layer", w=0.5, h=0.55)
        for s in window:
            if j in highlight:
                wire(ax, s, unit, color=ACCENT, lw=LW, z=3)
            else:
                wire(ax, s, unit)
        if j in highlight:
            ring(ax, unit, pad=0.07, lw=3)
        units.append(unit)
    return units


def window_frame(ax, shapes, pad=0.12):
    """A dashed accent frame around a run of shapes."""
    a, b = shapes[0], shapes[-1]
    frame(ax, a.x - a.w / 2 - pad, a.y - a.h / 2 - pad, b.x + b.w / 2 + pad, b.y + b.h / 2 + pad,
          "accent", fill=False, dashed=True, lw=2.2, z=5)


def dense_vs_conv1d():
    """Left: every neuron sees every sample. Right: one small unit A slides over windows of 3."""
    fig, ax = canvas(12.4, 5.0)
    step, y_in, y_out = 0.64, 1.2, 2.85
    panels = [(3.1, "warstwa gęsta", "każdy neuron połączony\nz każdą próbką"),
              (9.3, "warstwa konwolucyjna",
               "ta sama jednostka A (te same wagi)\nna każdym oknie 3 próbek")]
    for centre, title, note in panels:
        text(ax, centre, 4.65, title, weight="bold")
        text(ax, centre, 3.85, note, size=SMALL, color=MUTED)
        text(ax, centre, 0.35, "sygnał wejściowy", size=SMALL, color=MUTED)
    xs = [3.1 + (k - 3.5) * step for k in range(8)]
    inputs = signal(ax, xs, y_in)
    for k in range(5):
        neuron = node(ax, 3.1 + (k - 2) * 0.95, y_out, "", "layer", r=0.28)
        for s in inputs:
            wire(ax, s, neuron)
    inputs = signal(ax, [x + 6.2 for x in xs], y_in)
    conv_layer(ax, inputs, y_out, "A", highlight={2})
    window_frame(ax, inputs[2:5])
    return fig


def stacked_conv1d():
    """A on windows of 3 samples, B on windows of 3 A's: B sees 5 samples."""
    fig, ax = canvas(10.0, 5.6)
    rows = {"wejście": 1.5, "warstwa A": 2.95, "warstwa B": 4.4}
    for label, y in rows.items():
        text(ax, 0.2, y, label, size=SMALL, color=MUTED, ha="left")
    inputs = signal(ax, [2.1 + 0.8 * k for k in range(9)], rows["wejście"])
    a = conv_layer(ax, inputs, rows["warstwa A"], "A", highlight={2, 3, 4})
    conv_layer(ax, a, rows["warstwa B"], "B", highlight={2})
    window_frame(ax, inputs[2:7])
    bracket(ax, inputs[2].x - 0.3, inputs[6].x + 0.3, 0.95,
            "pole recepcyjne jednostki B: 5 próbek (A widzi 3)", color=ACCENT)
    return fig


IMAGE = [
    [1, 0, 2, 3, 1, 0],
    [0, 2, 1, 3, 2, 1],
    [1, 1, 0, 2, 3, 2],
    [2, 0, 1, 1, 2, 3],
    [0, 1, 3, 0, 1, 2],
    [1, 2, 0, 1, 0, 1],
]
KERNEL = [[1, 0, -1], [1, 0, -1], [1, 0, -1]]  # responds to vertical edges


def convolve(image, kernel):
    """Valid 2-D cross-correlation (what a Conv2D layer computes), in plain Python."""
    k = len(kernel)
    return [[sum(kernel[a][b] * image[i + a][j + b] for a in range(k) for b in range(k))
             for j in range(len(image[0]) - k + 1)] for i in range(len(image) - k + 1)]


def conv2d_window():
    """A 3x3 kernel on one 3x3 window of a 6x6 input gives one cell of the 4x4 feature map."""
    fig, ax = canvas(10.2, 5.6)
    cell, top, (wi, wj) = 0.55, 4.95, (1, 2)  # (wi, wj): top-left corner of the shown window
    out = convolve(IMAGE, KERNEL)
    for left, values, kind, title in [(0.35, IMAGE, "input", "wejście 6×6"),
                                      (4.6, KERNEL, "layer", "filtr (jądro) 3×3"),
                                      (7.6, out, "output", "mapa cech 4×4")]:
        grid(ax, left, top, values, cell, kind)
        text(ax, left + len(values[0]) * cell / 2, top + 0.35, title, size=SMALL + 1, weight="bold")
    text(ax, 4.12, top - 1.5 * cell, "∗", size=FONT + 12)
    text(ax, 7.1, top - 1.5 * cell, "=", size=FONT + 12)
    frame(ax, 0.35 + wj * cell, top - (wi + 3) * cell, 0.35 + (wj + 3) * cell, top - wi * cell,
          "accent", fill=False, lw=4.5, z=5)
    frame(ax, 7.6 + wj * cell, top - (wi + 1) * cell, 7.6 + (wj + 1) * cell, top - wi * cell,
          "accent", fill=False, lw=4.5, z=5)
    # the weighted sum, one line per kernel row, and its result (the highlighted output cell)
    for a, krow in enumerate(KERNEL):
        terms = [(f"({w})" if w < 0 else f"{w}") + rf"\cdot{IMAGE[wi + a][wj + b]}"
                 for b, w in enumerate(krow)]
        prefix = "" if a == 0 else r"+\ "
        text(ax, 4.55, top - 3.0 - 0.6 * a, "$" + prefix + " + ".join(terms) + "$", ha="left")
    text(ax, 7.7, top - 4.2, f"= {minus(out[wi][wj])}", ha="left", color=ACCENT, size=FONT + 4,
         weight="bold")
    return fig


POOL = [[1, 3, 2, 0], [4, 2, 1, 5], [0, 1, 3, 2], [2, 6, 1, 1]]


def max_pooling():
    """2x2 max-pooling with stride 2: each coloured block keeps only its largest number."""
    fig, ax = canvas(9.0, 4.6)
    cell, top, left = 0.8, 3.9, 0.5
    tints = [[KINDS["input"][1], KINDS["hidden"][1]], [KINDS["layer"][1], KINDS["accent"][1]]]
    fills = [[tints[i // 2][j // 2] for j in range(4)] for i in range(4)]
    pooled = [[max(POOL[2 * i + a][2 * j + b] for a in (0, 1) for b in (0, 1)) for j in (0, 1)]
              for i in (0, 1)]
    biggest = {(i, j) for i in range(4) for j in range(4) if POOL[i][j] == pooled[i // 2][j // 2]}
    grid(ax, left, top, POOL, cell, "op", fills=fills, size=FONT + 2, bold=biggest)
    mid_x, mid_y = left + 2 * cell, top - 2 * cell
    ax.plot([mid_x, mid_x], [top, top - 4 * cell], color=KINDS["op"][0], lw=LW, zorder=3)
    ax.plot([left, left + 4 * cell], [mid_y, mid_y], color=KINDS["op"][0], lw=LW, zorder=3)
    out_left, out_top = 6.4, mid_y + cell
    grid(ax, out_left, out_top, pooled, cell, "op", fills=tints, size=FONT + 2)
    arrow(ax, (left + 4 * cell + 0.3, mid_y), (out_left - 0.3, mid_y))
    text(ax, (left + 4 * cell + out_left) / 2, mid_y + 0.2, "max 2×2\nkrok 2", size=SMALL,
         va="bottom")
    text(ax, left + 2 * cell, top + 0.35, "wejście 4×4", size=SMALL + 1, weight="bold")
    text(ax, out_left + cell, out_top + 0.35, "wynik 2×2", size=SMALL + 1, weight="bold")
    return fig
