"""Inside the recurrent cells: simple RNN, LSTM and GRU (colah-style, state flowing right)."""

from __future__ import annotations

from .style import FONT, MUTED, SMALL, arrow, body, box, canvas, dot, frame, node, text

TIMES, PLUS, ONE_MINUS = "\u00d7", "+", "1\u2212"


def gate(ax, x, y, label=r"$\sigma$"):
    """A layer with weights (sigma or tanh of a weighted sum)."""
    return box(ax, x, y, label, "layer", w=0.9, h=0.6, size=FONT + 2)


def op(ax, x, y, symbol):
    """A pointwise operation."""
    return node(ax, x, y, symbol, "op", r=0.27, size=FONT + 2 if symbol != ONE_MINUS else SMALL)


def names(ax, y, items):
    """Polish names under the cell, one per (x, name)."""
    for x, name in items:
        text(ax, x, y, name, size=SMALL, color=MUTED, va="top")


def labels(ax, items):
    """Math labels of lines, each (x, y, label, horizontal alignment)."""
    for x, y, label, ha in items:
        text(ax, x, y, label, ha=ha)


def notes(ax, items):
    """Polish notes in the secondary colour, each (x, y, note, horizontal alignment)."""
    for x, y, note, ha in items:
        text(ax, x, y, note, size=SMALL, color=MUTED, ha=ha, va="top" if "\n" in note else "center")


def rnn_cell():
    """h_t = tanh(W x_t + U h_{t-1} + b)."""
    fig, ax = canvas(10.6, 6.4)
    frame(ax, 1.8, 1.7, 8.4, 5.1, "hidden")
    y = 3.8
    u, w = gate(ax, 3.0, y, "$U$"), gate(ax, 4.7, 2.55, "$W$")
    plus, act = op(ax, 4.7, y, PLUS), gate(ax, 6.3, y, r"$\tanh$")
    arrow(ax, (1.35, y), u.left)
    arrow(ax, u.right, plus.left)
    arrow(ax, (4.7, 1.2), w.bottom)
    arrow(ax, w.top, plus.bottom)
    text(ax, 4.7, 4.75, "$b$")
    arrow(ax, (4.7, 4.52), plus.top)
    arrow(ax, plus.right, act.left)
    dot(ax, 7.55, y)
    arrow(ax, act.right, (9.0, y))
    arrow(ax, (7.55, y), (7.55, 5.6))
    labels(ax, [(0.85, y, "$h_{t-1}$", "center"), (9.55, y, "$h_t$", "center"),
                (4.7, 0.95, "$x_t$", "center"), (7.55, 5.88, "$h_t$", "center")])
    notes(ax, [(0.85, 3.5, "poprzedni\nstan ukryty", "center"),
               (9.55, 3.5, "nowy stan\nukryty", "center"),
               (5.0, 0.95, "wejście", "left"), (7.85, 5.88, "wyjście", "left")])
    text(ax, 5.2, 0.3, r"$h_t = \tanh(W\,x_t + U\,h_{t-1} + b)$", size=FONT + 2)
    return fig


def lstm_cell():
    """Cell state line on top, forget/input/output gates and the candidate below."""
    fig, ax = canvas(11.6, 7.3)
    frame(ax, 1.5, 2.0, 9.9, 6.6, "hidden")
    yc, ybus, yg = 5.9, 2.6, 3.6
    f, i, o = gate(ax, 3.2, yg), gate(ax, 4.6, yg), gate(ax, 7.5, yg)
    cand = gate(ax, 6.0, yg, r"$\tanh$")
    forget, add = op(ax, 3.2, yc, TIMES), op(ax, 6.0, yc, PLUS)
    mul_in, mul_out = op(ax, 6.0, 4.8, TIMES), op(ax, 8.7, yg, TIMES)
    squash = box(ax, 8.7, 4.85, r"$\tanh$", "op", w=0.95, h=0.5, size=FONT)
    # cell state: forget, then add the gated candidate
    arrow(ax, (1.05, yc), forget.left)
    arrow(ax, forget.right, add.left)
    arrow(ax, add.right, (10.45, yc))
    # [h_{t-1}, x_t] feeds the four layers
    arrow(ax, (1.05, ybus), (7.5, ybus), o.bottom)
    arrow(ax, (2.1, 1.2), (2.1, ybus), head=False)
    dot(ax, 2.1, ybus)
    for g in (f, i, cand):
        dot(ax, g.x, ybus)
        arrow(ax, (g.x, ybus), g.bottom)
    arrow(ax, f.top, forget.bottom)
    arrow(ax, i.top, (i.x, mul_in.y), mul_in.left)
    arrow(ax, cand.top, mul_in.bottom)
    arrow(ax, mul_in.top, add.bottom)
    # output: o_t * tanh(c_t)
    dot(ax, 8.7, yc)
    arrow(ax, (8.7, yc), squash.top)
    arrow(ax, squash.bottom, mul_out.top)
    arrow(ax, o.right, mul_out.left)
    arrow(ax, mul_out.bottom, (8.7, ybus), (10.45, ybus))
    labels(ax, [(3.45, 4.75, "$f_t$", "left"), (4.35, 4.25, "$i_t$", "right"),
                (6.25, 4.2, r"$\tilde{c}_t$", "left"), (8.18, 3.85, "$o_t$", "center"),
                (0.6, yc, "$c_{t-1}$", "center"), (0.6, ybus, "$h_{t-1}$", "center"),
                (2.1, 0.95, "$x_t$", "center"), (10.95, yc, "$c_t$", "center"),
                (10.95, ybus, "$h_t$", "center")])
    notes(ax, [(4.6, 6.28, "stan komórki", "center")])
    names(ax, 1.8, [(3.2, "bramka\nzapominania"), (4.6, "bramka\nwejściowa"), (6.0, "kandydat"),
                    (7.5, "bramka\nwyjściowa")])
    text(ax, 6.2, 0.35, r"$c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t"
                        r"\qquad h_t = o_t \odot \tanh(c_t)$")
    return fig


def gru_cell():
    """Reset gate r_t, update gate z_t, candidate; h_t mixes old state and candidate by z_t."""
    fig, ax = canvas(11.6, 7.6)
    frame(ax, 1.5, 2.0, 9.9, 6.9, "hidden")
    yh, ybus, yg = 6.3, 2.6, 3.6
    r, z, cand = gate(ax, 3.4, yg), gate(ax, 5.0, yg), gate(ax, 6.8, yg, r"$\tanh$")
    keep, add = op(ax, 5.0, yh, TIMES), op(ax, 9.3, yh, PLUS)
    reset, flip, mix = op(ax, 3.4, 4.6, TIMES), op(ax, 8.3, 4.6, ONE_MINUS), op(ax, 8.3, yg, TIMES)
    # old state: kept in proportion z_t
    arrow(ax, (1.05, yh), keep.left)
    arrow(ax, keep.right, add.left)
    arrow(ax, add.right, (10.45, yh))
    # [h_{t-1}, x_t] feeds the gates and (x_t part) the candidate
    dot(ax, 2.0, yh)
    arrow(ax, (2.0, yh), (2.0, ybus), (6.8, ybus), cand.bottom)
    arrow(ax, (2.6, 1.2), (2.6, ybus), head=False)
    dot(ax, 2.6, ybus)
    for g in (r, z):
        dot(ax, g.x, ybus)
        arrow(ax, (g.x, ybus), g.bottom)
    # update gate: z_t to the old state, 1 - z_t to the candidate
    dot(ax, 5.0, 5.3)
    arrow(ax, z.top, keep.bottom)
    arrow(ax, (5.0, 5.3), (8.3, 5.3), flip.top)
    arrow(ax, flip.bottom, mix.top)
    # reset gate: r_t * h_{t-1} enters the candidate (passing over the z_t line)
    arrow(ax, r.top, reset.bottom)
    dot(ax, 2.0, 4.6)
    arrow(ax, (2.0, 4.6), reset.left)
    arrow(ax, reset.right, (6.8, 4.6), cand.top, halo=body("hidden"))
    arrow(ax, cand.right, mix.left)
    arrow(ax, mix.right, (9.3, yg), add.bottom)
    labels(ax, [(3.62, 4.1, "$r_t$", "left"), (5.22, 4.1, "$z_t$", "left"),
                (7.55, 3.85, r"$\tilde{h}_t$", "center"), (0.6, yh, "$h_{t-1}$", "center"),
                (2.6, 0.95, "$x_t$", "center"), (10.95, yh, "$h_t$", "center")])
    notes(ax, [(3.5, 6.68, "stan ukryty", "center")])
    names(ax, 1.8, [(3.4, "bramka\nresetu"), (5.0, "bramka\naktualizacji"), (6.8, "kandydat")])
    text(ax, 6.2, 0.35, r"$h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t$")
    return fig
