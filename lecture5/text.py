"""Text processing for the word-embedding and translation notebooks.

Tokenisation and vocabularies are plumbing; the word2vec data pipeline (subsampling, windows,
negative sampling) is lecture code that notebook 04 shows as short loops and checks against
these vectorised versions.

Everything here is plain Python and NumPy (SciPy's sparse matrices in one function; no
Keras, no gensim), so it can be unit-tested quickly and reused:

* :func:`normalise` and :func:`tokenize` -- Unicode-aware tokenisation of Polish (or any
  Latin-script) text: NFC, lower-casing, diacritics kept, invisible characters dropped,
  punctuation optionally kept as tokens;
* :func:`split_sentences` -- a simple sentence splitter for running prose or verse;
* :class:`Vocabulary` -- word <-> index, ordered by frequency, with reserved special tokens;
* :func:`keep_probabilities` / :func:`subsample` -- word2vec's subsampling of frequent words;
* :func:`skipgram_pairs`, :func:`cbow_windows`, :class:`NegativeSampler`,
  :func:`with_negatives` -- vectorised generation of word2vec training examples;
* :func:`neighbours` -- nearest neighbours by cosine similarity, with clear errors;
  :func:`neighbour_overlap` -- how much two embeddings agree on them;
* :func:`dominant_translations`, :func:`translation_relatives`, :func:`hits_at_k` -- a
  ground truth for word vectors built from a parallel corpus, and a score against it.

Bad input (an empty query, an unknown word, a wrong type) raises :class:`ValueError` with
a message that says what is wrong and what to do.

For a sequence-to-sequence model, keep the punctuation and reserve the usual tokens::

    tokens = [tokenize(s, punctuation=True) for s in texts]
    vocab = Vocabulary.build(tokens, min_count=2,
                             specials=("<pad>", "<start>", "<end>", "<unk>"), unknown="<unk>")
    ids = vocab.encode(tokens[0])          # unknown words -> index of "<unk>"
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = [
    "normalise",
    "tokenize",
    "split_sentences",
    "Vocabulary",
    "keep_probabilities",
    "subsample",
    "skipgram_pairs",
    "cbow_windows",
    "NegativeSampler",
    "with_negatives",
    "neighbours",
    "neighbour_overlap",
    "dominant_translations",
    "translation_relatives",
    "hits_at_k",
]

# Characters that are invisible but split or glue words: zero-width space/joiners, BOM,
# soft hyphen, word joiner.  Tatoeba contains a few of them.
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"))

# A word: letters, optionally joined by one inner hyphen or apostrophe ("czarno-biały",
# "Shakespeare'a").  A number: digits with optional inner separators ("3,5", "1.000").
_WORD = r"[^\W\d_]+(?:[-'’][^\W\d_]+)*"
_NUMBER = r"\d+(?:[.,:]\d+)*"
_PUNCT = r"\.\.\.|[^\w\s]"
_TOKEN_RE = re.compile(rf"{_WORD}|{_NUMBER}")
_TOKEN_PUNCT_RE = re.compile(rf"{_WORD}|{_NUMBER}|{_PUNCT}")

# Sentence end: . ! ? or … (possibly repeated) and optional closing quotes/brackets, then
# whitespace.  Blank lines (paragraph breaks, headings) also end a sentence.
_SENTENCE_END_RE = re.compile(r"([.!?…]+[\"'”»)\]]*)\s+")
_BLANK_LINE_RE = re.compile(r"\n\s*\n")


def _check_text(text: object, what: str = "text") -> str:
    if not isinstance(text, str):
        raise ValueError(f"{what} must be a str, got {type(text).__name__}")
    return text


def normalise(text: str, lower: bool = True) -> str:
    """Canonical form of ``text``: Unicode NFC, invisible characters removed, lower-cased.

    Diacritics are kept (``"Żółć"`` -> ``"żółć"``): in Polish they distinguish words.
    """
    text = _check_text(text)
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    return text.lower() if lower else text


def tokenize(text: str, lower: bool = True, punctuation: bool = False) -> list[str]:
    """Split ``text`` into word tokens.

    * words are runs of letters (any script, diacritics kept); an inner hyphen or
      apostrophe keeps a word together (``"czarno-białe"``, ``"shakespeare'a"``);
    * numbers are kept as tokens (``"5"``, ``"3,5"``);
    * punctuation is dropped, or kept as one token per mark when ``punctuation=True``
      (useful for translation, where it must be generated back);
    * ``lower=False`` keeps the original case.

    >>> tokenize("Litwo! Ojczyzno moja! ty jesteś jak zdrowie:")
    ['litwo', 'ojczyzno', 'moja', 'ty', 'jesteś', 'jak', 'zdrowie']
    >>> tokenize("Mam czarno-białego psa.", punctuation=True)
    ['mam', 'czarno-białego', 'psa', '.']
    """
    text = normalise(text, lower=lower)
    pattern = _TOKEN_PUNCT_RE if punctuation else _TOKEN_RE
    return pattern.findall(text)


def split_sentences(text: str) -> list[str]:
    """Split running text (prose or verse) into sentences.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` followed by whitespace (closing quotes
    or brackets stay with it), or at a blank line.  Line breaks inside a sentence become
    spaces; empty pieces are dropped.  Abbreviations are not special-cased: good enough
    for context windows, not for linguistics.
    """
    text = normalise(text, lower=False)
    text = _SENTENCE_END_RE.sub("\\1\0", _BLANK_LINE_RE.sub("\0", text))
    pieces = (" ".join(piece.split()) for piece in text.split("\0"))
    return [piece for piece in pieces if piece]


class Vocabulary:
    """A mapping word <-> integer index, most frequent words first.

    Indices ``0 .. len(specials)-1`` are the special tokens (by default ``"<pad>"`` at 0,
    which the CBOW windows use for padding); then the words seen at least ``min_count``
    times, by decreasing count, ties in alphabetical order, so the numbering is
    deterministic.  ``counts[i]`` is the corpus count of word ``i`` (0 for specials).

    ``unknown``: a special token that unknown words are mapped to when encoding (it must
    be one of ``specials``), or None to drop unknown words (what word2vec does).
    """

    def __init__(
        self,
        counts: Counter | dict[str, int],
        min_count: int = 1,
        max_size: int | None = None,
        specials: Sequence[str] = ("<pad>",),
        unknown: str | None = None,
    ) -> None:
        if not isinstance(min_count, int) or min_count < 1:
            raise ValueError(f"min_count must be a positive int, got {min_count!r}")
        if max_size is not None and (not isinstance(max_size, int) or max_size < 1):
            raise ValueError(f"max_size must be a positive int or None, got {max_size!r}")
        specials = tuple(specials)
        if len(set(specials)) != len(specials):
            raise ValueError(f"special tokens must be distinct, got {specials}")
        if unknown is not None and unknown not in specials:
            raise ValueError(f"unknown={unknown!r} must be one of the specials {specials}")
        kept = sorted(
            ((word, n) for word, n in counts.items() if n >= min_count and word not in specials),
            key=lambda item: (-item[1], item[0]),
        )
        if max_size is not None:
            kept = kept[:max_size]
        self.specials = specials
        self.unknown = unknown
        self.min_count = min_count
        self.words: tuple[str, ...] = specials + tuple(word for word, _ in kept)
        self.counts = np.array([0] * len(specials) + [n for _, n in kept], dtype=np.int64)
        self.index: dict[str, int] = {word: i for i, word in enumerate(self.words)}

    @classmethod
    def build(cls, sentences: Iterable[Sequence[str]], **options) -> Vocabulary:
        """Count the tokens of ``sentences`` (lists of tokens) and build the vocabulary."""
        counts: Counter = Counter()
        for sentence in sentences:
            if isinstance(sentence, str):
                raise ValueError("sentences must be lists of tokens, not strings: tokenize them first")
            counts.update(sentence)
        return cls(counts, **options)

    def __len__(self) -> int:
        return len(self.words)

    def __contains__(self, word: object) -> bool:
        return word in self.index

    def __repr__(self) -> str:
        return f"Vocabulary({len(self)} entries, min_count={self.min_count}, specials={self.specials})"

    def id(self, word: str) -> int:
        """The index of ``word``; ValueError with similar known words if it is unknown."""
        if word in self.index:
            return self.index[word]
        raise ValueError(_unknown_message(word, self.words, self.specials, self.min_count))

    def encode(self, tokens: Sequence[str]) -> np.ndarray:
        """Indices of ``tokens`` (int32); unknown tokens are dropped or mapped to ``unknown``."""
        if isinstance(tokens, str):
            raise ValueError("encode() takes a list of tokens, not a string: tokenize it first")
        if self.unknown is None:
            ids = [self.index[t] for t in tokens if t in self.index]
        else:
            fallback = self.index[self.unknown]
            ids = [self.index.get(t, fallback) for t in tokens]
        return np.array(ids, dtype=np.int32)

    def encode_all(self, sentences: Iterable[Sequence[str]], min_length: int = 1) -> list[np.ndarray]:
        """Encode every sentence; keep those with at least ``min_length`` known tokens."""
        encoded = (self.encode(sentence) for sentence in sentences)
        return [ids for ids in encoded if len(ids) >= min_length]

    def decode(self, ids: Iterable[int]) -> list[str]:
        """The words of indices ``ids``; ValueError for an index outside ``0 .. len(self) - 1``."""
        ids = np.asarray(ids if isinstance(ids, np.ndarray) else list(ids))
        if ids.size and ids.dtype.kind not in "iu":
            raise ValueError(f"ids must be integers, got {ids.dtype}")
        bad = ids[(ids < 0) | (ids >= len(self.words))] if ids.size else ids
        if bad.size:
            raise ValueError(
                f"index {int(bad.flat[0])} is outside the vocabulary (valid: 0 .. {len(self.words) - 1})"
            )
        return [self.words[int(i)] for i in ids.ravel()]

    def frequencies(self) -> np.ndarray:
        """Relative frequency of each entry (specials 0)."""
        return self.counts / max(int(self.counts.sum()), 1)


def _unknown_message(word: str, known: Sequence[str], specials: Sequence[str] = (), min_count=None) -> str:
    """'word is unknown' plus up to five known words sharing its longest possible prefix."""
    where = f"the vocabulary ({len(known) - len(specials)} words"
    where += f" seen at least {min_count} times)" if min_count else ")"
    message = f"{word!r} is not in {where}."
    for length in range(min(len(word), 6), 2, -1):
        prefix = word[:length]
        similar = [w for w in known if w.startswith(prefix) and w not in specials][:5]
        if similar:
            return message + f" Known words starting with {prefix!r}: {', '.join(similar)}."
    return message + " Check the spelling (the vocabulary is lower-case)."


# --- Subsampling of frequent words --------------------------------------------------------


def keep_probabilities(counts: np.ndarray, threshold: float = 1e-3) -> np.ndarray:
    """Probability of keeping each occurrence of a word, as in word2vec and gensim.

    ``p_keep(w) = (sqrt(f / t) + 1) * t / f``, capped at 1, where ``f`` is the word's
    relative frequency and ``t`` the ``threshold``.  Words rarer than about ``t`` are
    always kept; the most frequent ones are dropped most of the time.  Entries with count
    0 (special tokens) get 0.
    """
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 1 or (counts < 0).any() or counts.sum() == 0:
        raise ValueError("counts must be a 1-D array of non-negative counts, not all zero")
    if not threshold > 0:
        raise ValueError(f"threshold must be positive, got {threshold!r}")
    f = counts / counts.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        p = (np.sqrt(f / threshold) + 1) * threshold / f
    return np.where(counts > 0, np.minimum(p, 1.0), 0.0)


def subsample(sentences: Sequence[np.ndarray], keep: np.ndarray, rng: np.random.Generator) -> list[np.ndarray]:
    """Drop each token of each sentence with probability ``1 - keep[token]`` (vectorised).

    ``keep`` is indexed by token id (e.g. from :func:`keep_probabilities` on the same
    vocabulary); a token id outside it raises ValueError.
    """
    keep = np.asarray(keep, dtype=np.float64)
    if keep.ndim != 1:
        raise ValueError(f"keep must be a 1-D array of probabilities indexed by token id, got shape {keep.shape}")
    if not len(sentences):
        return []
    flat, starts = _flatten(sentences)
    if len(flat) and (flat.min() < 0 or flat.max() >= len(keep)):
        bad = int(flat.min()) if flat.min() < 0 else int(flat.max())
        raise ValueError(
            f"token id {bad} has no keep probability (keep has {len(keep)} entries): "
            "compute keep from the vocabulary that encoded the sentences"
        )
    mask = rng.random(len(flat)) < keep[flat]
    sentence_of = np.repeat(np.arange(len(sentences)), np.diff(starts))
    lengths = np.bincount(sentence_of[mask], minlength=len(sentences))
    return np.split(flat[mask], np.cumsum(lengths)[:-1])


# --- Training examples for word2vec --------------------------------------------------------


def _flatten(sentences: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """All tokens in one array, and the start offset of each sentence (plus the end)."""
    if isinstance(sentences, np.ndarray) and sentences.ndim == 1 and sentences.dtype != object:
        sentences = [sentences]
    lengths = np.fromiter((len(s) for s in sentences), dtype=np.int64, count=len(sentences))
    starts = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.concatenate(list(sentences)).astype(np.int32) if len(sentences) else np.zeros(0, np.int32)
    return flat, starts


def _window_offsets(window: int, n: int, rng: np.random.Generator | None, dynamic: bool):
    if not isinstance(window, int) or window < 1:
        raise ValueError(f"window must be a positive int, got {window!r}")
    if dynamic:
        if rng is None:
            raise ValueError("dynamic windows need a random generator: pass rng=np.random.default_rng(seed)")
        # word2vec shrinks the window at each position to b in 1..window: near words count more.
        return rng.integers(1, window + 1, size=n)
    return np.full(n, window)


def skipgram_pairs(
    sentences: Sequence[np.ndarray],
    window: int = 2,
    rng: np.random.Generator | None = None,
    dynamic: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """All (target, context) pairs within ``window`` words, never across sentences.

    Returns two int32 arrays of equal length, ordered by offset (-window .. -1, 1 .. window),
    then by position.  With ``dynamic=True`` each position uses a random window size in
    ``1..window`` as word2vec does (requires ``rng``).  One NumPy operation per offset: no
    Python loop over tokens.
    """
    flat, starts = _flatten(sentences)
    sentence_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    reach = _window_offsets(window, len(flat), rng, dynamic)
    positions = np.arange(len(flat))
    targets, contexts = [], []
    for offset in [*range(-window, 0), *range(1, window + 1)]:
        other = positions + offset
        ok = (other >= 0) & (other < len(flat)) & (abs(offset) <= reach)
        ok[ok] &= sentence_of[other[ok]] == sentence_of[ok]
        targets.append(flat[ok])
        contexts.append(flat[other[ok]])
    return np.concatenate(targets), np.concatenate(contexts)


def cbow_windows(
    sentences: Sequence[np.ndarray],
    window: int = 2,
    rng: np.random.Generator | None = None,
    dynamic: bool = True,
    pad_id: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Context windows and their centre words, for CBOW.

    Returns ``contexts`` of shape ``(n, 2 * window)`` -- the words at offsets -window..-1,
    1..window, ``pad_id`` where the window leaves the sentence or exceeds the (dynamic)
    window size -- and ``targets`` of shape ``(n,)``.  Positions with no context word at
    all (one-word sentences) are left out.
    """
    flat, starts = _flatten(sentences)
    sentence_of = np.repeat(np.arange(len(starts) - 1), np.diff(starts))
    reach = _window_offsets(window, len(flat), rng, dynamic)
    positions = np.arange(len(flat))
    offsets = [*range(-window, 0), *range(1, window + 1)]
    contexts = np.full((len(flat), len(offsets)), pad_id, dtype=np.int32)
    for column, offset in enumerate(offsets):
        other = positions + offset
        ok = (other >= 0) & (other < len(flat)) & (abs(offset) <= reach)
        ok[ok] &= sentence_of[other[ok]] == sentence_of[ok]
        contexts[ok, column] = flat[other[ok]]
    has_context = (contexts != pad_id).any(axis=1)
    return contexts[has_context], flat[has_context]


class NegativeSampler:
    """Draws "noise" words with probability proportional to ``count ** power`` (0.75 in word2vec).

    The power flattens the distribution: frequent words are drawn less often than their
    share, rare ones more often.  Entries with count 0 (special tokens) are never drawn.
    """

    def __init__(self, counts: np.ndarray, power: float = 0.75) -> None:
        counts = np.asarray(counts, dtype=np.float64)
        if counts.ndim != 1 or (counts < 0).any() or counts.sum() == 0:
            raise ValueError("counts must be a 1-D array of non-negative counts, not all zero")
        weights = counts**power
        self.probabilities = weights / weights.sum()
        self._cdf = np.cumsum(self.probabilities)
        # Rounding must not let a draw land on a trailing zero-count entry or past the end.
        self._last = int(np.flatnonzero(weights)[-1])
        self._cdf[self._last :] = 1.0

    def sample(self, shape, rng: np.random.Generator, avoid: np.ndarray | None = None) -> np.ndarray:
        """Noise word indices of the given shape (int32).

        ``avoid`` (broadcastable to ``shape``, e.g. the positive words as a column) is
        never returned at the same place: a draw that hits it is redrawn from the noise
        distribution with the avoided word's probability set to zero (word2vec skips such
        draws).  ValueError if the avoided word is the only one that can be drawn.
        """
        ids = np.searchsorted(self._cdf, rng.random(shape), side="right").astype(np.int32)
        if avoid is None:
            return ids
        avoid = np.asarray(avoid)
        if avoid.size and (avoid.dtype.kind not in "iu" or avoid.min() < 0 or avoid.max() >= len(self._cdf)):
            raise ValueError(f"avoid must hold word indices in 0 .. {len(self._cdf) - 1}")
        avoid = np.broadcast_to(avoid, ids.shape)
        clash = ids == avoid
        while clash.any():
            words = avoid[clash]
            p_word = self.probabilities[words]
            if (p_word >= 1.0).any():
                raise ValueError(
                    f"cannot avoid word {int(words[p_word >= 1.0][0])}: it is the only word with a "
                    "nonzero count, so every noise draw would be that word"
                )
            # Inverse-CDF sampling with the word's own interval cut out: u in [0, 1 - p) is
            # shifted past the interval when it lands at or after its start.
            u = rng.random(len(words)) * (1.0 - p_word)
            start = self._cdf[words] - p_word
            u = np.where(u < start, u, u + p_word)
            ids[clash] = np.minimum(np.searchsorted(self._cdf, u, side="right"), self._last)
            clash = ids == avoid  # only a rounding accident can clash again: redraw those
        return ids


def with_negatives(
    positives: np.ndarray, sampler: NegativeSampler, k: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Candidates ``(n, 1 + k)``: the true word first, then ``k`` noise words; labels 1, 0, ..., 0.

    A model scores every candidate against its input; binary cross-entropy on these labels
    is word2vec's negative-sampling loss.
    """
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"k (negatives per positive) must be a positive int, got {k!r}")
    positives = np.asarray(positives, dtype=np.int32)
    noise = sampler.sample((len(positives), k), rng, avoid=positives[:, None])
    candidates = np.concatenate([positives[:, None], noise], axis=1)
    labels = np.zeros(candidates.shape, dtype=np.float32)
    labels[:, 0] = 1.0
    return candidates, labels


# --- Nearest neighbours --------------------------------------------------------------------


def neighbours(query, vectors, vocabulary=None, k: int = 10) -> list[tuple[str, float]]:
    """The ``k`` words whose vectors have the highest cosine similarity to ``query``.

    ``query`` is a word (str) or a vector.  ``vectors`` is an array ``(n_words, dim)``
    with ``vocabulary`` its words (a :class:`Vocabulary` or a sequence of str), or a gensim
    ``KeyedVectors`` (``model.wv``) with ``vocabulary`` left out.  A word query is looked
    up as given, then in normalised (lower-case) form, and is not listed among its own
    neighbours; special tokens never are.  Returns ``[(word, similarity), ...]``.
    """
    matrix, words, lookup, specials = _embedding_table(vectors, vocabulary)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive int, got {k!r}")

    exclude = {lookup[s] for s in specials if s in lookup}
    if isinstance(query, str):
        word = query.strip()
        if not word:
            raise ValueError("empty query: give a word, e.g. neighbours('kot', ...)")
        index = lookup.get(word, lookup.get(normalise(word)))
        if index is None:
            raise ValueError(_unknown_message(normalise(word), words, specials))
        vector = matrix[index]
        exclude.add(index)
    elif isinstance(query, np.ndarray) or (hasattr(query, "shape") and hasattr(query, "dtype")):
        vector = np.asarray(query, dtype=np.float64)
        if vector.shape != (matrix.shape[1],):
            raise ValueError(f"a query vector must have shape ({matrix.shape[1]},), got {vector.shape}")
    else:
        raise ValueError(f"query must be a word (str) or a vector (numpy array), got {type(query).__name__}")

    norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(vector)
    similarity = matrix @ vector / np.maximum(norms, 1e-12)
    if exclude:
        similarity[list(exclude)] = -np.inf
    k = min(int(k), len(words) - len(exclude))
    best = np.argpartition(-similarity, k - 1)[:k] if k < len(words) else np.arange(len(words))
    best = best[np.lexsort((best, -similarity[best]))][:k]
    return [(words[i], float(similarity[i])) for i in best]


def _embedding_table(vectors, vocabulary):
    if vocabulary is None and hasattr(vectors, "vectors") and hasattr(vectors, "index_to_key"):
        words = list(vectors.index_to_key)
        return _float_matrix(vectors.vectors), words, dict(vectors.key_to_index), ()
    if vocabulary is None:
        raise ValueError("pass the vocabulary (the words of the rows of `vectors`), or gensim KeyedVectors")
    if isinstance(vocabulary, Vocabulary):
        words, lookup, specials = list(vocabulary.words), vocabulary.index, vocabulary.specials
    elif isinstance(vocabulary, (str, bytes)) or not isinstance(vocabulary, Sequence):
        raise ValueError(f"vocabulary must be a Vocabulary or a sequence of words, got {type(vocabulary).__name__}")
    else:
        words, specials = list(vocabulary), ()
        lookup = {word: i for i, word in enumerate(words)}
    matrix = _float_matrix(vectors)
    if matrix.ndim != 2 or matrix.shape[0] != len(words):
        raise ValueError(
            f"vectors must be an array (n_words, dim) with one row per vocabulary entry: "
            f"got shape {matrix.shape} for {len(words)} entries"
        )
    return matrix, words, lookup, specials


def _float_matrix(vectors) -> np.ndarray:
    try:
        matrix = np.asarray(vectors)
    except Exception:
        matrix = None
    if matrix is None or matrix.dtype.kind not in "fiu":
        raise ValueError(f"vectors must be a numeric array (n_words, dim), got {type(vectors).__name__}")
    return matrix if matrix.dtype.kind == "f" else matrix.astype(np.float64)


def _unit_rows(matrix: np.ndarray) -> np.ndarray:
    return (matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def neighbour_overlap(first, second, queries: Sequence[str], k: int = 10) -> float:
    """Mean share of common words among the ``k`` nearest neighbours in two embeddings.

    ``first`` and ``second`` are each gensim KeyedVectors or a pair ``(vectors, vocabulary)``
    as taken by :func:`neighbours`; every query must be in both.  1.0 means the same
    neighbour lists (in any order), 0.0 none in common.
    """
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive int, got {k!r}")
    if isinstance(queries, str) or not len(queries):
        raise ValueError("queries must be a non-empty list of words")
    found = []
    for embedding in (first, second):
        vectors, vocabulary = embedding if isinstance(embedding, tuple) else (embedding, None)
        matrix, words, lookup, specials = _embedding_table(vectors, vocabulary)
        missing = [q for q in queries if q not in lookup]
        if missing:
            raise ValueError(f"{len(missing)} queries are missing from an embedding, e.g. {missing[:3]}")
        unit = _unit_rows(matrix)
        rows = np.array([lookup[q] for q in queries])
        similarity = unit[rows] @ unit.T
        similarity[np.arange(len(rows)), rows] = -np.inf
        similarity[:, [lookup[s] for s in specials if s in lookup]] = -np.inf
        top = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
        found.append([{words[j] for j in row} for row in top])
    return float(np.mean([len(a & b) / k for a, b in zip(*found)]))


# --- A ground truth for embeddings from a parallel corpus ----------------------------------


def dominant_translations(
    pairs: Sequence[tuple[Sequence[str], Sequence[str]]],
    min_share: float = 0.6,
    min_pairs: int = 2,
    max_df: float = 0.05,
) -> dict[str, str]:
    """For each word of the *second* language, its most characteristic word in the *first*.

    ``pairs`` are tokenised sentence pairs ``(first_tokens, second_tokens)``, e.g. the
    (English, Polish) pairs of Tatoeba.  For a second-language word ``w`` seen in at least
    ``min_pairs`` pairs, every first-language word ``e`` gets the score
    ``share(w, e) * log(N / df(e))``: ``share`` is the fraction of ``w``'s pairs that
    contain ``e`` and the logarithm (an idf weight) discounts words found everywhere, such
    as "the".  Only words ``e`` with a share of at least ``min_share`` compete, and only
    those found in at most ``max_df`` of all pairs: a word as common as "the", "you" or, in
    Tatoeba, the name "Tom" does not identify anything.  Words with no candidate left get
    no translation.

    A crude word aligner, but an independent signal: inflected forms of one Polish word
    (``kot``, ``kota``, ``kotem``) mostly map to the same English word (``cat``).
    """
    import scipy.sparse as sparse  # a dependency of scikit-learn and gensim

    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must be in (0, 1], got {min_share!r}")
    if not 0 < max_df <= 1:
        raise ValueError(f"max_df must be in (0, 1], got {max_df!r}")
    first = [set(_check_tokens(a)) for a, _ in pairs]
    second = [set(_check_tokens(b)) for _, b in pairs]
    first_index = {w: i for i, w in enumerate(sorted(set().union(*first)))}
    second_words = sorted(set().union(*second))
    second_index = {w: i for i, w in enumerate(second_words)}

    def incidence(sentences, index):
        rows = np.repeat(np.arange(len(sentences)), [len(s) for s in sentences])
        cols = np.fromiter((index[w] for s in sentences for w in s), dtype=np.int64, count=len(rows))
        data = np.ones(len(rows), dtype=np.float64)
        return sparse.csr_matrix((data, (rows, cols)), shape=(len(sentences), len(index)))

    a, b = incidence(first, first_index), incidence(second, second_index)
    together = (b.T @ a).tocsr()  # pairs containing both words
    together.sort_indices()  # ties go to the alphabetically first word: deterministic
    df_first = np.asarray(a.sum(axis=0)).ravel()
    df_second = np.asarray(b.sum(axis=0)).ravel()
    first_words = np.array(sorted(first_index, key=first_index.get), dtype=object)
    idf = np.log(len(pairs) / np.maximum(df_first, 1))

    result = {}
    for i, word in enumerate(second_words):
        if df_second[i] < min_pairs:
            continue
        span = slice(together.indptr[i], together.indptr[i + 1])
        columns = together.indices[span]
        share = together.data[span] / df_second[i]
        allowed = (share >= min_share) & (df_first[columns] <= max_df * len(pairs))
        score = np.where(allowed, share * idf[columns], -np.inf)
        best = int(np.argmax(score))
        if np.isfinite(score[best]):
            result[word] = str(first_words[columns[best]])
    return result


def translation_relatives(translations: dict[str, str], vocabulary=None) -> dict[str, set[str]]:
    """Group words by their dominant translation: ``word -> other words with the same one``.

    Only words in ``vocabulary`` (if given) are kept, and only words with at least one
    relative appear as keys.
    """
    groups: dict[str, set[str]] = {}
    for word, translation in translations.items():
        if vocabulary is None or word in vocabulary:
            groups.setdefault(translation, set()).add(word)
    return {
        word: groups[translation] - {word}
        for word, translation in translations.items()
        if translation in groups and word in groups[translation] and len(groups[translation]) > 1
    }


def hits_at_k(vectors, vocabulary, relatives: dict[str, set[str]], queries: Sequence[str], k: int = 10) -> np.ndarray:
    """For each query word: is at least one of its ``relatives`` among its ``k`` nearest neighbours?

    ``vectors``/``vocabulary`` as in :func:`neighbours` (an array and its words, or gensim
    KeyedVectors).  Neighbours are searched among all words but the query and the special
    tokens.  Returns a boolean array aligned with ``queries``.
    """
    matrix, words, lookup, specials = _embedding_table(vectors, vocabulary)
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or k < 1:
        raise ValueError(f"k must be a positive int, got {k!r}")
    if isinstance(queries, str):
        raise ValueError("queries must be a list of words, not a string")
    missing = [q for q in queries if q not in lookup or q not in relatives]
    if missing:
        raise ValueError(f"{len(missing)} queries are not in the vocabulary or have no relatives, e.g. {missing[:3]}")
    unit = _unit_rows(matrix)
    banned = [lookup[s] for s in specials if s in lookup]
    hits = np.zeros(len(queries), dtype=bool)
    for start in range(0, len(queries), 1000):  # chunks keep the similarity matrix small
        chunk = queries[start : start + 1000]
        rows = np.array([lookup[q] for q in chunk])
        similarity = unit[rows] @ unit.T
        similarity[np.arange(len(rows)), rows] = -np.inf
        similarity[:, banned] = -np.inf
        # The best-placed relative of each query, then how many words beat it.
        kin = [[lookup[w] for w in relatives[q] if w in lookup] or [rows[i]] for i, q in enumerate(chunk)]
        owner = np.repeat(np.arange(len(chunk)), [len(r) for r in kin])
        best = np.full(len(chunk), -np.inf, dtype=np.float32)
        np.maximum.at(best, owner, similarity[owner, np.concatenate(kin)])
        rank = (similarity > best[:, None]).sum(axis=1)
        hits[start : start + len(chunk)] = (rank < k) & np.isfinite(best)
    return hits


def _check_tokens(tokens) -> Sequence[str]:
    if isinstance(tokens, str):
        raise ValueError("expected a list of tokens, got a string: tokenize it first")
    return tokens
