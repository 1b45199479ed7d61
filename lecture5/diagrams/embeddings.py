"""word2vec: CBOW (context -> middle word) and skip-gram (middle word -> context)."""

from __future__ import annotations

from .style import MUTED, SMALL, arrow, box, canvas, text

# "Litwo! Ojczyzno moja! ty jesteś ..." with a window of 2 words on each side of "moja"
CONTEXT = [("$w_{t-2}$", "litwo"), ("$w_{t-1}$", "ojczyzno"), ("$w_{t+1}$", "ty"),
           ("$w_{t+2}$", "jesteś")]
MIDDLE = ("$w_t$", "moja")
CENTRE = 2.9  # height of the middle of the picture


def words(ax, x, kind, word_x):
    """The four context words as boxes at x, their example words (in quotes) at word_x."""
    shapes = []
    for k, (symbol, word) in enumerate(CONTEXT):
        y = CENTRE + (1.5 - k) * 1.0
        shapes.append(box(ax, x, y, symbol, kind, w=1.25, h=0.65))
        text(ax, word_x, y, f"„{word}”", size=SMALL, color=MUTED, style="italic")
    return shapes


def middle(ax, x, kind):
    """The middle word w_t with its example word underneath."""
    shape = box(ax, x, CENTRE, MIDDLE[0], kind, w=1.1, h=0.65)
    text(ax, x, CENTRE - 0.6, f"„{MIDDLE[1]}”", size=SMALL, color=MUTED, style="italic")
    return shape


def fan(ax, many, one, into=True):
    """Arrows between a column of boxes and one box, spread along the single box's side."""
    spread = min(0.3, 0.8 * one.h / 2 / max(abs(s.y - one.y) for s in many))
    for s in many:
        y = one.y + (s.y - one.y) * spread
        if into:
            arrow(ax, s.right, (one.x - one.w / 2, y))
        else:
            arrow(ax, (one.x + one.w / 2, y), s.left)


def cbow():
    """Average the context words' embeddings and predict the middle word."""
    fig, ax = canvas(11.0, 5.6)
    context = words(ax, 2.4, "input", 0.85)
    embedding = box(ax, 5.2, CENTRE, "średnia\nzanurzeń", "hidden", w=1.9, h=1.4)
    softmax = box(ax, 7.45, CENTRE, "softmax", "layer", w=1.45, h=0.7)
    target = middle(ax, 9.5, "output")
    fan(ax, context, embedding)
    arrow(ax, embedding.right, softmax.left)
    arrow(ax, softmax.right, target.left)
    text(ax, 3.75, 5.2, "wspólna macierz\nzanurzeń $E$", size=SMALL, color=MUTED)
    text(ax, 2.4, 0.55, "kontekst (okno ±2)", size=SMALL, weight="bold")
    text(ax, 9.5, 0.55, "słowo środkowe", size=SMALL, weight="bold")
    return fig


def skipgram():
    """Embed the middle word and predict each word of its context."""
    fig, ax = canvas(10.8, 5.6)
    source = middle(ax, 1.2, "input")
    embedding = box(ax, 3.35, CENTRE, "zanurzenie\n" + r"$v_{w_t}$", "hidden", w=1.8, h=1.4)
    softmax = box(ax, 5.6, CENTRE, "softmax", "layer", w=1.45, h=0.7)
    context = words(ax, 8.3, "output", 9.95)
    arrow(ax, source.right, embedding.left)
    arrow(ax, embedding.right, softmax.left)
    fan(ax, context, softmax, into=False)
    text(ax, 1.2, 0.55, "słowo środkowe", size=SMALL, weight="bold")
    text(ax, 8.3, 0.55, "kontekst (okno ±2)", size=SMALL, weight="bold")
    text(ax, 4.5, 5.2, "w praktyce: próbkowanie negatywne\nzamiast pełnego softmaksu",
         size=SMALL, color=MUTED)
    return fig
