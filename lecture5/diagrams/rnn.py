"""Recurrent networks seen from outside: the loop, unrolling, sequence shapes, long gaps."""

from __future__ import annotations

from .style import FONT, KINDS, LW, MUTED, SMALL, arrow, box, bracket, canvas, curve, legend, node, ring, text


def unroll(ax, xs, ins, cells, outs, rows=(0.7, 2.2, 3.7), cell=(1.0, 0.75), io=(0.76, 0.76),
           io_round=True, size=FONT, accent=()):
    """An RNN unrolled in time, one column per x in ``xs``.

    ``ins``/``outs`` hold a label per column or None (no input/output there); a cell label of
    None draws a gap "…". ``accent`` lists the arrows to highlight: ("in", i), ("state", i) and
    ("out", i) enter or leave column i.
    Returns the shapes as three lists (inputs, cells, outputs), None where nothing was drawn.
    """
    y_in, y_cell, y_out = rows
    columns = []  # (input, cell, output) shapes per column
    prev = None  # where the incoming state arrow starts

    def io_shape(x, y, label, kind):
        if label is None:
            return None
        if io_round:
            return node(ax, x, y, label, kind, r=io[0] / 2, size=size)
        return box(ax, x, y, label, kind, w=io[0], h=io[1], size=size)

    def style(edge):
        return {"color": KINDS["accent"][0], "lw": LW + 1.5} if edge in accent else {}

    for i, (x, label_in, label, label_out) in enumerate(zip(xs, ins, cells, outs)):
        if label is None:  # a gap standing for many time steps
            text(ax, x, y_cell, "…", size=FONT + 8)
            arrow(ax, prev, (x - 0.3, y_cell), **style(("state", i)))
            prev = (x + 0.3, y_cell)
            columns.append((None, None, None))
            continue
        c = box(ax, x, y_cell, label, "hidden", w=cell[0], h=cell[1], size=size)
        if prev is not None:
            arrow(ax, prev, c.left, **style(("state", i)))
        prev = c.right
        s_in, s_out = io_shape(x, y_in, label_in, "input"), io_shape(x, y_out, label_out, "output")
        if s_in:
            arrow(ax, s_in.top, c.bottom, **style(("in", i)))
        if s_out:
            arrow(ax, c.top, s_out.bottom, **style(("out", i)))
        columns.append((s_in, c, s_out))
    return tuple(list(row) for row in zip(*columns))


def folded_unrolled():
    """One cell with a loop equals the same cell copied along time."""
    fig, ax = canvas(11.4, 4.6)
    rows = (0.75, 2.3, 3.85)
    for y, label in zip(rows, ["wejście", "komórka", "wyjście"]):
        text(ax, 0.15, y, label, size=SMALL, color=MUTED, ha="left")
    _, (cell,), _ = unroll(ax, [2.2], ["$x_t$"], ["A"], ["$h_t$"], rows=rows)
    # the loop: the state leaves the cell and comes back at the next step
    curve(ax, (cell.x + 0.5, cell.y + 0.2), (cell.x + 1.35, cell.y + 0.75),
          (cell.x + 1.35, cell.y - 0.75), (cell.x + 0.5, cell.y - 0.2))
    text(ax, 3.95, 2.3, "=", size=FONT + 14)
    xs = [5.0, 6.6, 8.2, 9.45, 10.7]
    unroll(ax, xs, ["$x_0$", "$x_1$", "$x_2$", "", "$x_t$"], ["A", "A", "A", None, "A"],
           ["$h_0$", "$h_1$", "$h_2$", "", "$h_t$"], rows=rows)
    return fig


# (title, example, number of steps, steps with an input, steps with an output)
SEQUENCE_TYPES = [
    ("jeden\ndo jednego", "np. klasyfikacja\nobrazu", 1, {0}, {0}),
    ("jeden\ndo wielu", "np. opis\nobrazu", 3, {0}, {0, 1, 2}),
    ("wiele\ndo jednego", "np. analiza\nsentymentu", 3, {0, 1, 2}, {2}),
    ("wiele do wielu\n(z opóźnieniem)", "np. tłumaczenie", 5, {0, 1, 2}, {3, 4}),
    ("wiele do wielu\n(synchronicznie)", "np. etykietowanie\nklatek wideo", 3, {0, 1, 2},
     {0, 1, 2}),
]


def sequence_types():
    """Karpathy's five input/output shapes of a recurrent network."""
    width, margin = 13.2, 0.3
    fig, ax = canvas(width, 5.6)
    step, sq = 0.7, 0.44
    widths = [max(n * step, 2.0) for _, _, n, _, _ in SEQUENCE_TYPES]
    gap = (width - 2 * margin - sum(widths)) / (len(widths) - 1)
    left = margin
    for (title, example, n, ins, outs), width in zip(SEQUENCE_TYPES, widths):
        centre = left + width / 2
        xs = [centre + (k - (n - 1) / 2) * step for k in range(n)]
        unroll(ax, xs, ["" if k in ins else None for k in range(n)], [""] * n,
               ["" if k in outs else None for k in range(n)], rows=(2.3, 3.2, 4.1),
               cell=(sq, sq), io=(sq, sq), io_round=False)
        text(ax, centre, 1.85, title, size=SMALL + 1, weight="bold", va="top")
        text(ax, centre, 0.95, example, size=SMALL, color=MUTED, va="top", style="italic")
        left += width + gap
    legend(ax, 3.8, 5.15,
           [("input", "wejście"), ("hidden", "stan ukryty"), ("output", "wyjście")])
    return fig


def long_range_dependency():
    """The output at step t depends on x_1, many steps back: a long path through the states."""
    fig, ax = canvas(11.2, 5.4)
    rows = (1.75, 3.2, 4.65)
    xs = [0.9, 2.4, 3.9, 5.4, 6.85, 8.3, 9.8]
    ins = ["$x_0$", "$x_1$", "$x_2$", "$x_3$", "", "$x_{t-1}$", "$x_t$"]
    outs = ["$h_0$", "$h_1$", "$h_2$", "$h_3$", "", "$h_{t-1}$", "$h_t$"]
    accent = {("in", 1), ("out", 6)} | {("state", i) for i in range(2, 7)}
    s_in, _, s_out = unroll(ax, xs, ins, ["A", "A", "A", "A", None, "A", "A"], outs, rows=rows,
                            accent=accent)
    ring(ax, s_in[1])
    ring(ax, s_out[6])
    bracket(ax, xs[1], xs[6], 1.05, "wiele kroków między $x_1$ a $h_t$:\n"
            "informacja musi przejść przez cały łańcuch stanów", color=KINDS["accent"][0])
    return fig
