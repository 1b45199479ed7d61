"""Neural machine translation: encoder-decoder, without and with attention."""

from __future__ import annotations

from .rnn import unroll
from .style import KINDS, LW, SMALL, arrow, bracket, canvas, link, node, ring, text

ROWS = (1.55, 2.85, 4.15)  # heights of input words, RNN states, output words
TOKEN = (1.3, 0.6)  # size of a word box
SOURCE = ["lubię", "koty", "<end>"]
TARGET_IN = ["<start>", "i", "like", "cats"]
TARGET_OUT = ["i", "like", "cats", "<end>"]


def seq2seq(ax, enc_xs, dec_xs):
    """The encoder reading the Polish words and the decoder writing the English ones."""
    enc = unroll(ax, enc_xs, SOURCE, [f"$h_{k + 1}$" for k in range(3)], [None] * 3, rows=ROWS,
                 io=TOKEN, io_round=False, size=SMALL + 1, cell=(0.95, 0.72))
    dec = unroll(ax, dec_xs, TARGET_IN, [f"$s_{k + 1}$" for k in range(4)], TARGET_OUT, rows=ROWS,
                 io=TOKEN, io_round=False, size=SMALL + 1, cell=(0.95, 0.72))
    half = TOKEN[0] / 2
    bracket(ax, enc_xs[0] - half, enc_xs[-1] + half, 0.95, "koder (czyta zdanie polskie)",
            size=SMALL)
    bracket(ax, dec_xs[0] - half, dec_xs[-1] + half, 0.95, "dekoder (pisze zdanie angielskie)",
            size=SMALL)
    return enc, dec


def encoder_decoder():
    """The whole source sentence squeezed into one context vector c."""
    fig, ax = canvas(12.8, 4.8)
    (_, enc, _), (_, dec, _) = seq2seq(ax, [0.9, 2.45, 4.0], [7.05, 8.6, 10.15, 11.7])
    context = node(ax, 5.52, ROWS[1], "$c$", "hidden", r=0.45)
    link(ax, enc[-1], context)
    link(ax, context, dec[0])
    text(ax, 5.52, ROWS[1] + 0.65, "wektor\nkontekstu", size=SMALL, va="bottom")
    return fig


ALPHA = [0.15, 0.75, 0.10]  # attention of decoder step 3 ("cats") over the encoder states


def encoder_decoder_attention():
    """Decoder step 3 mixes all encoder states with weights alpha into its own context c_3."""
    fig, ax = canvas(12.8, 6.5)
    enc_xs = [0.9, 2.45, 4.0]
    (_, enc, _), (_, _, outs) = seq2seq(ax, enc_xs, [6.4, 7.95, 9.5, 11.05])
    accent = KINDS["accent"][0]
    context = node(ax, enc_xs[1], 5.55, "$c_3$", "hidden", r=0.4)
    for h, a, side in zip(enc, ALPHA, (-1, 1, 1)):  # line width ~ weight; label left or right
        link(ax, h, context, color=accent, lw=1.5 + 16 * a, head=False)
        x, y = h.x + 0.25 * (context.x - h.x), h.y + 0.25 * (context.y - h.y) + 0.3
        text(ax, x + 0.25 * side, y, f"{a:.2f}".replace(".", ","), size=SMALL, color=accent,
             ha="left" if side > 0 else "right")
    ring(ax, outs[2])
    arrow(ax, context.right, (outs[2].x, context.y), outs[2].top, color=accent, lw=LW + 0.5)
    text(ax, 7.5, 5.75, r"kontekst $c_3 = \sum_j \alpha_{3j}\, h_j$"
         "  (wagi zależą od stanu $s_3$)", size=SMALL, va="bottom")
    text(ax, 0.15, 5.55, "wagi\nuwagi " + r"$\alpha_{3j}$", size=SMALL, color=accent, ha="left")
    return fig
