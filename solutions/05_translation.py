"""Reference solutions to the exercises of notebooks/05_translation.ipynb (for the lecturer and CI).

Students find the exercises, with stubs and `check(...)` calls, at the end of the notebook.
`tests/test_exercises.py` proves that every check accepts these solutions.
"""

from collections import Counter

import keras
import numpy as np
from keras import layers


def teacher_forcing(ids):
    """ids: (sentences, length) with [start] ... [end] and padding -> (decoder input, target)."""
    return ids[:, :-1], ids[:, 1:]


def general_attention(h, s, W, mask):
    scores = h @ W @ s.T                                  # e[t, i] = h_t W s_i
    scores = np.where(mask, scores, -np.inf)              # padding: weight 0 after softmax
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    return weights @ s, weights


def greedy_decode(step, state, start, end, max_len):
    token, output = start, []
    for _ in range(max_len):
        probs, state = step(token, state)
        token = int(np.argmax(probs))
        if token == end:
            break
        output.append(token)
    return output


def ngrams(tokens, n):
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def clipped_precision(candidate, references, n):
    counts = ngrams(candidate, n)
    if not counts:
        return 0.0
    clipped = 0
    for gram, count in counts.items():
        clipped += min(count, max(ngrams(reference, n)[gram] for reference in references))
    return clipped / sum(counts.values())


PERPLEXITY = float(np.exp(2.0))      # perplexity = e^(mean cross-entropy in nats) ≈ 7.39


def build_reverser(vocab_size):
    # the notebook's encoder-decoder without attention, in miniature: 32 846 parameters
    source = keras.Input((None,), dtype="int32")
    decoder_input = keras.Input((None,), dtype="int32")
    _, state = layers.GRU(64, return_state=True)(layers.Embedding(vocab_size, 16)(source))
    x = layers.Embedding(vocab_size, 16)(decoder_input)
    x = layers.GRU(64, return_sequences=True)(x, initial_state=state)
    return keras.Model([source, decoder_input], layers.Dense(vocab_size, activation="softmax")(x))


SOLUTIONS = {
    "nmt.shift": teacher_forcing,
    "nmt.attention": general_attention,
    "nmt.greedy": greedy_decode,
    "nmt.precision": clipped_precision,
    "nmt.perplexity": PERPLEXITY,
    "nmt.reverser": build_reverser,
}
