"""Neural machine translation (notebook 05): data splits, vectorisation and decoding.

The pieces are deliberately small and independent of any particular model:

* :func:`tokenize` / :func:`prepare` / :func:`detokenize` -- one tokenisation for both
  languages (lower case, punctuation as separate tokens), used for training, decoding and
  evaluation alike;
* :func:`split_pairs` -- a deterministic train/validation/test split in which all
  translations of one source sentence land in the same part (no leakage);
* :func:`build_vocabulary` / :func:`make_vectorizer` / :func:`vectorize_pairs` -- Keras
  ``TextVectorization`` layers with ``[start]``/``[end]`` tokens on the target side;
* :func:`greedy_decode` / :func:`beam_search` -- decoding over any *step function*
  (numpy in, numpy out), batched over sentences and hypotheses; notebook 05 shows beam search
  for one sentence as a readable loop and checks that both give the same translations;
* :func:`diagonal_mass` -- how close an attention map is to the diagonal;
* :class:`Translator` -- wraps an encoder model and a one-step decoder model and offers
  ``translate()`` with clear errors for bad input.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

import numpy as np

from lecture5.text import tokenize as _tokenize

START = "[start]"
END = "[end]"
PAD_ID = 0  # TextVectorization reserves index 0 for padding ...
UNK_ID = 1  # ... and index 1 for out-of-vocabulary words

_NO_SPACE_BEFORE = re.compile(r" ([.,!?;:%)\]}…])")
_NO_SPACE_AFTER = re.compile(r"([(\[{]) ")


class TranslationInputError(ValueError):
    """The text given to :meth:`Translator.translate` cannot be translated by the model."""


# --- Tokenisation -------------------------------------------------------------------------


def tokenize(text: str) -> list[str]:
    """Lower-case ``text`` and split it into words and punctuation marks.

    The notebooks' common tokeniser (:func:`lecture5.text.tokenize` with punctuation
    kept: a translation must produce its full stops and question marks), with the
    typographic apostrophe read as ``'``.

    >>> tokenize("Nie wiem, czy Tom przyjdzie.")
    ['nie', 'wiem', ',', 'czy', 'tom', 'przyjdzie', '.']
    >>> tokenize("I don’t know!")
    ['i', "don't", 'know', '!']
    """
    if not isinstance(text, str):
        raise ValueError(f"expected a string, got {type(text).__name__}")
    return _tokenize(text.replace("’", "'"), punctuation=True)


def prepare(text: str) -> str:
    """The tokens of ``text`` joined by single spaces: what the vectorisers read."""
    return " ".join(tokenize(text))


def is_word(token: str) -> bool:
    """True for a word or number, False for a punctuation mark."""
    return any(ch.isalnum() for ch in token)


def count_words(text: str) -> int:
    """Number of words in ``text`` (punctuation marks are not counted)."""
    return sum(is_word(token) for token in tokenize(text))


def detokenize(tokens: Sequence[str]) -> str:
    """Join tokens into readable text: no space before ``.,!?`` etc.

    >>> detokenize(["i", "don't", "know", "."])
    "i don't know."
    """
    text = " ".join(tokens)
    text = _NO_SPACE_BEFORE.sub(r"\1", text)
    return _NO_SPACE_AFTER.sub(r"\1", text)


# --- Splitting ----------------------------------------------------------------------------


class Splits(NamedTuple):
    """Sentence pairs ``(source, target)`` = ``(polish, english)`` of each part."""

    train: list[tuple[str, str]]
    val: list[tuple[str, str]]
    test: list[tuple[str, str]]


def split_pairs(
    pairs: Sequence[tuple[str, str]],
    max_tokens: int,
    n_val: int,
    n_test: int,
    seed: int = 0,
) -> Splits:
    """Filter by length and split Tatoeba pairs into train/validation/test.

    ``pairs`` are ``(english, polish)`` as :func:`lecture5.data.load_pol_eng` returns
    them; the result holds ``(polish, english)``: Polish is the source language.
    Pairs whose sentences both have at most ``max_tokens`` tokens (words and punctuation
    marks, see :func:`tokenize`) are kept.  Pairs are
    grouped by their tokenised Polish sentence, so one Polish sentence with several
    English translations never appears in two parts.  ``n_val`` and ``n_test`` count
    distinct Polish sentences.  The split depends only on the data and ``seed``.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be at least 1, got {max_tokens}")
    if n_val < 0 or n_test < 0:
        raise ValueError(f"n_val and n_test must be non-negative, got {n_val} and {n_test}")
    groups: dict[str, list[tuple[str, str]]] = {}
    for english, polish in pairs:
        if len(tokenize(polish)) <= max_tokens and len(tokenize(english)) <= max_tokens:
            groups.setdefault(prepare(polish), []).append((polish, english))
    keys = list(groups)  # first-appearance order: deterministic
    if n_val + n_test >= len(keys):
        raise ValueError(
            f"only {len(keys)} distinct source sentences have at most {max_tokens} tokens; "
            f"cannot hold out {n_val} + {n_test} of them and still train"
        )
    order = np.random.default_rng(seed).permutation(len(keys))
    parts = (order[n_test + n_val :], order[n_test : n_test + n_val], order[:n_test])
    return Splits(*([pair for i in sorted(part) for pair in groups[keys[i]]] for part in parts))


def group_references(pairs: Sequence[tuple[str, str]]) -> tuple[list[str], list[list[str]]]:
    """Distinct sources (first-appearance order) and, for each, all its reference translations."""
    references: dict[str, list[str]] = {}
    firsts: dict[str, str] = {}
    for source, target in pairs:
        key = prepare(source)
        firsts.setdefault(key, source)
        references.setdefault(key, []).append(target)
    return [firsts[key] for key in references], list(references.values())


def reference_streams(references: Sequence[Sequence[str]]) -> list[list[str]]:
    """Transpose per-sentence reference lists into sacrebleu's reference streams.

    Sentences with fewer references are padded with ``""``, which sacrebleu ignores.
    """
    width = max((len(refs) for refs in references), default=0)
    return [[refs[k] if k < len(refs) else "" for refs in references] for k in range(width)]


# --- Vectorisation ------------------------------------------------------------------------


def build_vocabulary(texts: Sequence[str], max_size: int, reserved: Sequence[str] = ()) -> list[str]:
    """The ``max_size`` most frequent tokens of the prepared ``texts`` (ties: alphabetical).

    ``reserved`` tokens come first; ``max_size`` includes them, but not the two
    entries TextVectorization adds itself (padding ``""`` and ``[UNK]``).
    """
    counts = Counter(token for text in texts for token in text.split())
    for token in reserved:
        counts.pop(token, None)
    ranked = sorted(counts, key=lambda token: (-counts[token], token))
    return [*reserved, *ranked[: max(0, max_size - len(reserved))]]


def make_vectorizer(vocabulary: Sequence[str], sequence_length: int):
    """A TextVectorization layer over prepared text (tokens separated by spaces)."""
    from keras import layers

    return layers.TextVectorization(
        standardize=None,
        split="whitespace",
        output_mode="int",
        output_sequence_length=sequence_length,
        vocabulary=list(vocabulary),
    )


def with_start_end(text: str) -> str:
    """``"[start] <prepared text> [end]"``: a target sentence as the decoder sees it."""
    return f"{START} {prepare(text)} {END}"


def vectorize_pairs(pairs: Sequence[tuple[str, str]], source_vectorizer, target_vectorizer):
    """Arrays for teacher forcing: ``(source_ids, decoder_input_ids), decoder_target_ids``.

    The decoder reads ``[start] w1 ... wn`` and must output ``w1 ... wn [end]``: the
    target ids are the input ids shifted one step to the left.
    """
    sources = np.asarray(source_vectorizer([prepare(s) for s, _ in pairs]), dtype="int32")
    targets = np.asarray(target_vectorizer([with_start_end(t) for _, t in pairs]), dtype="int32")
    return (sources, targets[:, :-1]), targets[:, 1:]


def masked_accuracy():
    """A Keras metric: the share of real (non-padding) target tokens predicted correctly.

    It reads the padding from the targets (id 0) and ignores any Keras mask, so it
    counts exactly the positions the decoder must really predict.
    """
    import keras
    from keras import ops

    class MaskedAccuracy(keras.metrics.Metric):
        def __init__(self, name="accuracy", **kwargs):
            super().__init__(name=name, **kwargs)
            self.correct = self.add_variable(shape=(), initializer="zeros", name="correct")
            self.count = self.add_variable(shape=(), initializer="zeros", name="count")

        def update_state(self, y_true, y_pred, sample_weight=None):
            y_true = ops.cast(y_true, "int32")
            real = ops.cast(ops.not_equal(y_true, PAD_ID), "float32")
            hits = ops.cast(ops.equal(ops.cast(ops.argmax(y_pred, axis=-1), "int32"), y_true), "float32")
            self.correct.assign_add(ops.sum(hits * real))
            self.count.assign_add(ops.sum(real))

        def result(self):
            return self.correct / ops.maximum(self.count, 1.0)

    return MaskedAccuracy()


# --- Decoding -----------------------------------------------------------------------------

# A step function takes the previous tokens (shape (B,)) and the decoder's state (any
# tuple of arrays with B rows) and returns log-probabilities of the next token (B, V),
# the new state (same structure) and extra per-step output (e.g. attention, B x ...) or None.
StepFn = Callable[[np.ndarray, tuple], tuple[np.ndarray, tuple, "np.ndarray | None"]]


def _numpy(tensor) -> np.ndarray:
    """A model's output as a numpy array on any Keras backend (PyTorch's need detaching first)."""
    from keras import ops

    return ops.convert_to_numpy(tensor)


def _take(state: tuple, rows: np.ndarray) -> tuple:
    return tuple(np.take(np.asarray(part), rows, axis=0) for part in state)


def _ban(log_probs: np.ndarray, banned: Sequence[int]) -> np.ndarray:
    log_probs = np.array(log_probs, dtype="float32")
    if len(banned):
        log_probs[:, list(banned)] = -np.inf
    return log_probs


def greedy_decode(
    step: StepFn,
    state: tuple,
    start_id: int,
    end_id: int,
    max_len: int,
    banned: Sequence[int] = (),
) -> tuple[list[list[int]], list[list]]:
    """Pick the most probable token at every step, for a batch of sentences.

    Returns the token ids of each sentence (without start and end tokens) and the
    per-step extras (e.g. attention rows) that produced them.
    """
    batch = len(state[0])
    tokens = np.full(batch, start_id, dtype="int32")
    outputs: list[list[int]] = [[] for _ in range(batch)]
    extras: list[list] = [[] for _ in range(batch)]
    done = np.zeros(batch, dtype=bool)
    for _ in range(max_len):
        log_probs, state, extra = step(tokens, state)
        tokens = _ban(log_probs, banned).argmax(axis=-1).astype("int32")
        for i in np.flatnonzero(~done):
            if tokens[i] == end_id:
                done[i] = True
            else:
                outputs[i].append(int(tokens[i]))
                extras[i].append(None if extra is None else np.asarray(extra[i]))
        if done.all():
            break
    return outputs, extras


def beam_search(
    step: StepFn,
    state: tuple,
    start_id: int,
    end_id: int,
    max_len: int,
    beam_width: int = 3,
    length_penalty: float = 1.0,
    banned: Sequence[int] = (),
) -> list[list[int]]:
    """Keep the ``beam_width`` best partial translations of every sentence.

    All sentences of the batch are decoded together (``batch * beam_width`` rows per
    step).  A finished hypothesis (one that produced ``end_id``) keeps its score.  The
    final choice divides each total log-probability by ``length ** length_penalty``
    (length counted with the end token), so that 0 favours short outputs and 1 compares
    average log-probabilities.  ``beam_width=1`` is greedy decoding.
    """
    if beam_width < 1:
        raise ValueError(f"beam_width must be at least 1, got {beam_width}")
    batch, width = len(state[0]), beam_width
    rows = np.repeat(np.arange(batch), width)
    state = _take(state, rows)
    tokens = np.full(batch * width, start_id, dtype="int32")
    # only the first copy of each sentence is live at the start: no duplicate beams
    scores = np.tile(np.r_[0.0, np.full(width - 1, -np.inf)], (batch, 1))
    sequences = np.zeros((batch, width, 0), dtype="int32")
    finished = np.zeros((batch, width), dtype=bool)
    lengths = np.zeros((batch, width), dtype="int32")
    for _ in range(max_len):
        log_probs, state, _ = step(tokens, state)
        log_probs = _ban(log_probs, banned).reshape(batch, width, -1)
        vocab = log_probs.shape[-1]
        # a finished hypothesis can only be extended by padding, at no cost
        log_probs[finished] = -np.inf
        log_probs[finished, PAD_ID] = 0.0
        total = (scores[:, :, None] + log_probs).reshape(batch, width * vocab)
        top = np.argpartition(-total, width - 1, axis=1)[:, :width]  # the best `width`, unordered
        order = np.argsort(-np.take_along_axis(total, top, axis=1), axis=1, kind="stable")
        best = np.take_along_axis(top, order, axis=1)
        origin, token = best // vocab, (best % vocab).astype("int32")
        scores = np.take_along_axis(total, best, axis=1)
        was_finished = np.take_along_axis(finished, origin, axis=1)
        finished = was_finished | (token == end_id)
        lengths = np.take_along_axis(lengths, origin, axis=1) + ~was_finished
        sequences = np.concatenate(
            [np.take_along_axis(sequences, origin[:, :, None], axis=1), token[:, :, None]], axis=2
        )
        state = _take(state, (np.arange(batch)[:, None] * width + origin).ravel())
        tokens = token.ravel()
        if finished.all():
            break
    normalised = np.where(np.isfinite(scores), scores / np.maximum(lengths, 1) ** length_penalty, -np.inf)
    choice = normalised.argmax(axis=1)
    results = []
    for i, k in enumerate(choice):
        ids = [int(t) for t in sequences[i, k]]
        results.append(ids[: ids.index(end_id)] if end_id in ids else ids)
    return results


# --- Attention maps -----------------------------------------------------------------------


def diagonal_mass(weights: np.ndarray, band: float = 1.0) -> float:
    """Share of attention mass at most ``band`` source positions from the diagonal.

    ``weights`` is ``(T, S)``: one row per output word, one column per source token.
    Output and source have different lengths, so the diagonal is length-normalised:
    output word ``t`` "should" look at source position ``(t + 0.5) * S / T - 0.5``
    (the first row at the start, the last row at the end).  Returns the mean over rows
    of the weight within ``band`` of that position; 1.0 means a strictly diagonal map.

    >>> diagonal_mass(np.eye(3))
    1.0
    >>> diagonal_mass(np.full((4, 8), 1 / 8))   # uniform weights: the band's share of columns
    0.25
    """
    weights = np.asarray(weights, dtype="float64")
    if weights.ndim != 2 or 0 in weights.shape:
        raise ValueError(f"expected a non-empty (T, S) matrix, got shape {weights.shape}")
    rows, cols = weights.shape
    centre = (np.arange(rows) + 0.5) * cols / rows - 0.5
    near = np.abs(np.arange(cols)[None, :] - centre[:, None]) <= band
    return float((weights * near).sum(axis=1).mean())


# --- The translator -----------------------------------------------------------------------


class Translator:
    """Greedy and beam-search translation with a trained encoder-decoder.

    ``encoder``: a model mapping source ids ``(B, S)`` to a list ``[state, *context]``
    (the decoder's initial state, then whatever the decoder needs at every step, e.g.
    the encoder's outputs).  ``decoder_step``: a model mapping
    ``[previous_ids (B, 1), state, *context]`` (optionally followed by the source ids) to
    ``[probabilities (B, 1, V), new_state]`` plus, optionally, attention weights
    ``(B, 1, S)``.
    """

    def __init__(self, source_vectorizer, target_vectorizer, encoder, decoder_step, max_output_len: int):
        self.source_vectorizer = source_vectorizer
        self.target_vectorizer = target_vectorizer
        self.encoder = encoder
        self.decoder_step = decoder_step
        self.max_output_len = max_output_len
        self.source_vocabulary = [str(t) for t in source_vectorizer.get_vocabulary()]
        self.target_vocabulary = [str(t) for t in target_vectorizer.get_vocabulary()]
        self.source_index = {t: i for i, t in enumerate(self.source_vocabulary)}
        self.start_id = self.target_vocabulary.index(START)
        self.end_id = self.target_vocabulary.index(END)
        self.max_source_len = int(np.asarray(source_vectorizer(["x"])).shape[-1])
        # never generate padding, [UNK] or a second [start]
        self.banned = (PAD_ID, UNK_ID, self.start_id)

    # -- batched decoding over many sentences (evaluation) --

    def source_ids(self, sentences: Sequence[str]) -> np.ndarray:
        return np.asarray(self.source_vectorizer([prepare(s) for s in sentences]), dtype="int32")

    def initial_state(self, sentences: Sequence[str]) -> tuple:
        """The decoders' starting point for a batch of sentences: ``(decoder_state, *context)``."""
        source = self.source_ids(sentences)
        outputs = self.encoder(source, training=False)
        outputs = [_numpy(x) for x in (outputs if isinstance(outputs, (list, tuple)) else [outputs])]
        if len(self.decoder_step.inputs) == len(outputs) + 2:  # the step also reads the source ids
            outputs.append(source)
        return tuple(outputs)

    def step(self, tokens: np.ndarray, state: tuple):
        """One decoder step for a batch: previous tokens ``(B,)`` and ``state`` from
        :meth:`initial_state` (or the previous step) -> log-probabilities ``(B, V)``, the new
        state, and the attention rows ``(B, S)`` (None for a model without attention)."""
        decoder_state, *context = state
        outputs = self.decoder_step([tokens[:, None], decoder_state, *context], training=False)
        probs, new_state = _numpy(outputs[0])[:, 0, :], _numpy(outputs[1])
        extra = _numpy(outputs[2])[:, 0, :] if len(outputs) > 2 else None
        log_probs = np.log(np.maximum(probs, 1e-12))
        return log_probs, (new_state, *context), extra

    def words(self, ids: Sequence[int]) -> list[str]:
        """Target-vocabulary tokens of the ids ``ids``."""
        return [self.target_vocabulary[i] for i in ids]

    def greedy(self, sentences: Sequence[str], batch_size: int = 512) -> list[str]:
        """Greedy translations of many sentences (detokenised, lower case)."""
        results = []
        for begin in range(0, len(sentences), batch_size):
            ids, _ = greedy_decode(
                self.step, self.initial_state(sentences[begin : begin + batch_size]),
                self.start_id, self.end_id, self.max_output_len, self.banned,
            )
            results += [detokenize(self.words(seq)) for seq in ids]
        return results

    def beam(self, sentences: Sequence[str], beam_width: int = 3, length_penalty: float = 1.0,
             batch_size: int = 256) -> list[str]:
        """Beam-search translations of many sentences (detokenised, lower case)."""
        results = []
        for begin in range(0, len(sentences), batch_size):
            ids = beam_search(
                self.step, self.initial_state(sentences[begin : begin + batch_size]),
                self.start_id, self.end_id, self.max_output_len, beam_width, length_penalty,
                self.banned,
            )
            results += [detokenize(self.words(seq)) for seq in ids]
        return results

    def attentions(
        self, sentences: Sequence[str], batch_size: int = 512
    ) -> list[tuple[list[str], list[str], np.ndarray]]:
        """Greedy translations of many sentences with their attention weights.

        For each sentence: the source tokens, the output tokens and a matrix
        ``(len(output), len(source))`` of attention weights (one row per output word).
        Like :meth:`greedy`, it does not check the input (:meth:`attention` does).
        """
        results = []
        for begin in range(0, len(sentences), batch_size):
            chunk = sentences[begin : begin + batch_size]
            ids, extras = greedy_decode(
                self.step, self.initial_state(chunk), self.start_id, self.end_id,
                self.max_output_len, self.banned,
            )
            for sentence, seq, rows in zip(chunk, ids, extras):
                if rows and rows[0] is None:
                    raise ValueError("this model has no attention: its decoder step returns no weights")
                source_tokens = tokenize(sentence)
                weights = np.array([row[: len(source_tokens)] for row in rows]).reshape(-1, len(source_tokens))
                results.append((source_tokens, self.words(seq), weights))
        return results

    def attention(self, sentence: str) -> tuple[list[str], list[str], np.ndarray]:
        """Greedy translation of one sentence with its attention weights (see :meth:`attentions`)."""
        self.check(sentence)
        return self.attentions([sentence])[0]

    # -- one sentence, for people --

    def unknown_words(self, sentence: str) -> list[str]:
        """Words of ``sentence`` that are not in the source vocabulary."""
        return [t for t in tokenize(sentence) if is_word(t) and t not in self.source_index]

    def check(self, sentence) -> None:
        """Raise :class:`TranslationInputError` if the model cannot translate ``sentence``."""
        if not isinstance(sentence, str):
            raise TranslationInputError(
                f"translate() expects a Polish sentence as a string, got {type(sentence).__name__}"
            )
        tokens = tokenize(sentence)
        if not any(is_word(t) for t in tokens):
            raise TranslationInputError(
                "the sentence is empty (no words to translate): give a short Polish sentence, "
                "e.g. 'Lubię koty.'"
            )
        if len(tokens) > self.max_source_len:
            raise TranslationInputError(
                f"the sentence is too long: {len(tokens)} tokens (words and punctuation), while "
                f"the model was trained on at most {self.max_source_len}; split it into shorter "
                f"sentences"
            )
        unknown = self.unknown_words(sentence)
        if len(unknown) == sum(is_word(t) for t in tokens):
            raise TranslationInputError(
                f"none of the words {unknown} is in the model's Polish vocabulary "
                f"({len(self.source_vocabulary) - 2} tokens: words and punctuation); try a simpler "
                f"everyday sentence"
            )

    def translate(self, sentence: str, beam_width: int = 1) -> str:
        """Translate one Polish sentence into English (lower case).

        Raises :class:`TranslationInputError` (a ``ValueError``) for input the model
        cannot handle: not a string, empty, longer than the training sentences, or made
        only of words outside the vocabulary.  Single unknown words are read as ``[UNK]``.
        """
        self.check(sentence)
        if beam_width == 1:
            return self.greedy([sentence])[0]
        return self.beam([sentence], beam_width=beam_width)[0]
