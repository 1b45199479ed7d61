"""The one visual style of all lecture diagrams: palette, sizes and drawing primitives.

Coordinates are inches: ``canvas(w, h)`` makes a w x h inch figure whose data units are
inches, so font sizes (points) and line widths look the same in every diagram.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

import matplotlib.style
from matplotlib import patheffects
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch, Polygon, Rectangle
from matplotlib.path import Path

# One colour per concept kind, (line, fill); Okabe-Ito-like hues, distinct on a projector.
KINDS = {
    "input": ("#0072B2", "#DCEBF7"),  # wejście: x_t, words read, input samples
    "hidden": ("#009E73", "#D7F1E8"),  # stan ukryty: h_t, c_t, code, embedding, context
    "output": ("#C8372D", "#F9DEDB"),  # wyjście: predictions, reconstructions
    "layer": ("#E69F00", "#FDEFD2"),  # warstwa z wagami: sigma/tanh gates, W, U, filters, A, B
    "op": ("#444444", "#FFFFFF"),  # operacja punktowa: x, +, 1-
    "accent": ("#8E44AD", "#EEDFF5"),  # wyróżnienie: window, attention, loss, long gap
}
INK = "#222222"  # text and arrows
MUTED = "#6B6B6B"  # secondary notes and background connections

FONT = 18  # labels (points)
SMALL = 15  # notes and captions; nothing smaller
LW = 2.5  # arrows and outlines
THIN = 1.3  # background connections, grid lines
HEAD = "-|>,head_length=0.55,head_width=0.28"

RC = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],  # ships with matplotlib, has Polish diacritics
    "mathtext.fontset": "dejavusans",
    "font.size": FONT,
    "text.color": INK,
    "svg.fonttype": "path",  # glyphs as paths: same look in every browser, no fonts needed
    "svg.hashsalt": "lecture5-diagrams",  # stable ids -> byte-identical files
    "path.simplify": False,
}


@dataclass(frozen=True)
class Shape:
    """Where a drawn box or circle is, for attaching arrows to its sides."""

    x: float
    y: float
    w: float
    h: float
    round: bool = False

    @property
    def left(self):
        return (self.x - self.w / 2, self.y)

    @property
    def right(self):
        return (self.x + self.w / 2, self.y)

    @property
    def top(self):
        return (self.x, self.y + self.h / 2)

    @property
    def bottom(self):
        return (self.x, self.y - self.h / 2)

    def toward(self, point):
        """The point of the outline on the straight line from the centre to ``point``."""
        dx, dy = point[0] - self.x, point[1] - self.y
        if self.round:
            t = (self.w / 2) / math.hypot(dx, dy)
        else:
            t = min(self.w / 2 / abs(dx) if dx else math.inf,
                    self.h / 2 / abs(dy) if dy else math.inf)
        return (self.x + t * dx, self.y + t * dy)


def canvas(width: float, height: float):
    """A white figure of width x height inches whose data coordinates are inches."""
    fig = Figure(figsize=(width, height), facecolor="white")
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, width)
    ax.set_ylim(0, height)
    ax.set_axis_off()
    return fig, ax


def text(ax, x, y, s, size=FONT, color=INK, **kw):
    """A label centred at (x, y) unless ``ha``/``va`` say otherwise; $...$ is mathtext."""
    kw.setdefault("ha", "center")
    kw.setdefault("va", "center")
    ax.text(x, y, s, fontsize=size, color=color, zorder=6, **kw)


def box(ax, x, y, label="", kind="hidden", w=1.0, h=0.7, size=FONT):
    """A rounded box of one concept kind centred at (x, y)."""
    line, fill = KINDS[kind]
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, fc=fill, ec=line, lw=LW, zorder=4,
                                boxstyle="round,pad=0,rounding_size=0.1"))
    if label:
        text(ax, x, y, label, size=size)
    return Shape(x, y, w, h)


def node(ax, x, y, label="", kind="hidden", r=0.35, size=FONT):
    """A circle (neuron, vector or pointwise operation) centred at (x, y)."""
    line, fill = KINDS[kind]
    ax.add_patch(Circle((x, y), r, fc=fill, ec=line, lw=LW, zorder=4))
    if label:
        text(ax, x, y, label, size=size)
    return Shape(x, y, 2 * r, 2 * r, round=True)


def ring(ax, shape: Shape, color=KINDS["accent"][0], pad=0.09, lw=3.5):
    """Highlight a shape with an outline around it."""
    if shape.round:
        patch = Circle((shape.x, shape.y), shape.w / 2 + pad, fill=False, ec=color, lw=lw, zorder=5)
    else:
        patch = FancyBboxPatch(
            (shape.x - shape.w / 2 - pad, shape.y - shape.h / 2 - pad), shape.w + 2 * pad,
            shape.h + 2 * pad, boxstyle="round,pad=0,rounding_size=0.15", fill=False, ec=color,
            lw=lw, zorder=5,
        )
    ax.add_patch(patch)


def body(kind):
    """The pale background of a container of one kind (opaque, so lines can bridge over it)."""
    r, g, b, _ = to_rgba(KINDS[kind][1])
    return (1 - 0.45 * (1 - r), 1 - 0.45 * (1 - g), 1 - 0.45 * (1 - b))


def frame(ax, x0, y0, x1, y1, kind="hidden", lw=LW, fill=True, dashed=False, z=1):
    """A rounded rectangle from corner (x0, y0) to (x1, y1): a cell's body, a window."""
    line, tint = KINDS[kind]
    ax.add_patch(
        FancyBboxPatch(
            (x0, y0), x1 - x0, y1 - y0, boxstyle="round,pad=0,rounding_size=0.18",
            fc=body(kind) if fill else "none", ec=line, lw=lw, ls="--" if dashed else "-", zorder=z,
        )
    )


def draw_path(ax, path, color=INK, lw=LW, head=True, dashed=False, halo=None, z=3):
    """Stroke a path, with an arrow head at its end unless ``head`` is False.

    ``halo`` (a background colour) outlines the line, so it visibly passes over a line it crosses.
    """
    patch = FancyArrowPatch(path=path, arrowstyle=HEAD if head else "-", mutation_scale=20,
                            color=color, lw=lw, ls="--" if dashed else "-", joinstyle="round",
                            capstyle="butt", zorder=z)
    if halo:
        patch.set_path_effects([patheffects.withStroke(linewidth=lw + 7, foreground=halo),
                                patheffects.Normal()])
    ax.add_patch(patch)


def arrow(ax, *points, **kw):
    """An arrow along the polyline through ``points``; keywords as in :func:`draw_path`."""
    draw_path(ax, Path(points), **kw)


def curve(ax, start, c1, c2, end, **kw):
    """A cubic Bezier arrow from ``start`` to ``end`` with control points c1, c2."""
    draw_path(ax, Path([start, c1, c2, end], [Path.MOVETO] + [Path.CURVE4] * 3), **kw)


def link(ax, a: Shape, b: Shape, **kw):
    """A straight arrow from the outline of ``a`` to the outline of ``b``."""
    arrow(ax, a.toward((b.x, b.y)), b.toward((a.x, a.y)), **kw)


def wire(ax, a: Shape, b: Shape, color=MUTED, lw=THIN, z=2):
    """A plain connection (no head) between two shapes: dense layers, convolution windows."""
    link(ax, a, b, color=color, lw=lw, head=False, z=z)


def dot(ax, x, y, color=INK, r=0.06):
    """A junction where a line splits."""
    ax.add_patch(Circle((x, y), r, fc=color, ec="none", zorder=5))


def bracket(ax, x0, x1, y, label, size=FONT, color=INK, below=True):
    """A square bracket spanning x0..x1 at height y, with its label on the open side."""
    tick = -0.15 if below else 0.15
    ax.plot([x0, x0, x1, x1], [y - tick, y, y, y - tick], color=color, lw=2, zorder=3,
            solid_joinstyle="miter")
    text(ax, (x0 + x1) / 2, y + (-0.3 if below else 0.3), label, size=size, color=color,
         va="top" if below else "bottom")


def grid(ax, left, top, values, cell=0.55, kind="input", fills=None, size=FONT, bold=None):
    """A table of numbers with its top-left corner at (left, top); rows go down.

    ``fills`` optionally gives a fill colour per cell, ``bold`` a set of (row, col) to emphasise.
    """
    line, tint = KINDS[kind]
    for i, row in enumerate(values):
        for j, v in enumerate(row):
            x, y = left + j * cell, top - (i + 1) * cell
            fc = fills[i][j] if fills else tint
            ax.add_patch(Rectangle((x, y), cell, cell, fc=fc, ec=line, lw=THIN, zorder=2))
            weight = "bold" if bold and (i, j) in bold else "normal"
            text(ax, x + cell / 2, y + cell / 2, minus(v), size=size, weight=weight)
    n_rows, n_cols = len(values), len(values[0])
    ax.add_patch(Rectangle((left, top - n_rows * cell), n_cols * cell, n_rows * cell, fill=False,
                           ec=line, lw=LW, zorder=3))


def minus(number) -> str:
    """A number as text with a real minus sign (U+2212), as typeset in mathematics."""
    return f"{number}".replace("-", "\u2212")


def trapezoid(ax, x, y, w, h_left, h_right, label, kind="layer", size=FONT):
    """A trapezoid centred at (x, y): a network that shrinks (encoder) or grows (decoder)."""
    line, fill = KINDS[kind]
    pts = [(x - w / 2, y - h_left / 2), (x + w / 2, y - h_right / 2),
           (x + w / 2, y + h_right / 2), (x - w / 2, y + h_left / 2)]
    ax.add_patch(Polygon(pts, closed=True, fc=fill, ec=line, lw=LW, joinstyle="round", zorder=4))
    text(ax, x, y, label, size=size)
    return Shape(x, y, w, min(h_left, h_right))


def legend(ax, x, y, kinds, spacing=2.6, size=SMALL):
    """A one-row legend: a small box of each kind's colours followed by its label."""
    for i, (kind, label) in enumerate(kinds):
        line, fill = KINDS[kind]
        bx = x + i * spacing
        ax.add_patch(FancyBboxPatch((bx, y - 0.13), 0.3, 0.26, fc=fill, ec=line, lw=2, zorder=4,
                                    boxstyle="round,pad=0,rounding_size=0.05"))
        text(ax, bx + 0.42, y, label, size=size, ha="left")


def to_svg(draw) -> bytes:
    """Run a drawing function under the fixed style and return its SVG, byte-for-byte stable."""
    with matplotlib.style.context(["default", RC]):
        fig = draw()
        buf = io.BytesIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    return buf.getvalue()


def to_png(draw, path, dpi=80) -> None:
    """The same figure as a PNG (for looking at diagrams while editing them)."""
    with matplotlib.style.context(["default", RC]):
        draw().savefig(path, format="png", dpi=dpi)
