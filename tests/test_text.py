"""Unit tests of lecture5.text (tokenisation, vocabulary, word2vec examples, neighbours)."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from lecture5.text import (
    NegativeSampler,
    Vocabulary,
    cbow_windows,
    dominant_translations,
    hits_at_k,
    keep_probabilities,
    neighbour_overlap,
    neighbours,
    normalise,
    skipgram_pairs,
    split_sentences,
    subsample,
    tokenize,
    translation_relatives,
    with_negatives,
)

# --- tokenisation ----------------------------------------------------------------------------


def test_tokenize_lowercases_and_keeps_diacritics():
    assert tokenize("Zażółć GĘŚLĄ jaźń!") == ["zażółć", "gęślą", "jaźń"]
    assert tokenize("Łaska to nie laska") == ["łaska", "to", "nie", "laska"]


def test_tokenize_punctuation_hyphens_apostrophes_numbers():
    assert tokenize("Mam czarno-białego psa.") == ["mam", "czarno-białego", "psa"]
    assert tokenize("Kto wysłał Toma?", punctuation=True) == ["kto", "wysłał", "toma", "?"]
    assert tokenize("Czytam Shakespeare'a.", punctuation=True) == ["czytam", "shakespeare'a", "."]
    assert tokenize("To piwo ma 5% alkoholu, a to 3,5.") == ["to", "piwo", "ma", "5", "alkoholu", "a", "to", "3,5"]
    assert tokenize("Wie - i już...", punctuation=True) == ["wie", "-", "i", "już", "..."]
    assert tokenize('"Cytat" - powiedział.') == ["cytat", "powiedział"]
    assert tokenize("bawiłam/bawiłem") == ["bawiłam", "bawiłem"]


def test_tokenize_keeps_case_on_request():
    assert tokenize("Pan Tadeusz", lower=False) == ["Pan", "Tadeusz"]


def test_invisible_characters_and_unicode_forms():
    assert tokenize("że \u200b\u200bznajdzie") == ["że", "znajdzie"]
    assert tokenize("ko\u00adt") == ["kot"]
    decomposed = "z\u0307o\u0301łw"  # ż and ó written as letter + combining mark
    assert tokenize(decomposed) == ["żółw"]
    assert normalise("Ąę\xa0X") == "ąę\xa0x"


def test_tokenize_empty_and_wrong_type():
    assert tokenize("") == []
    assert tokenize(" ,.!? ") == []
    with pytest.raises(ValueError, match="must be a str"):
        tokenize(None)
    with pytest.raises(ValueError, match="must be a str"):
        tokenize(["a", "b"])


def test_split_sentences_joins_verse_lines():
    text = ("Litwo! Ojczyzno moja! ty jesteś jak zdrowie:\nIle cię trzeba cenić, ten tylko się dowie,\n"
            "Kto cię stracił. Dziś\n\nTytuł\n«Tak!» rzekł.")
    assert split_sentences(text) == [
        "Litwo!",
        "Ojczyzno moja!",
        "ty jesteś jak zdrowie: Ile cię trzeba cenić, ten tylko się dowie, Kto cię stracił.",
        "Dziś",
        "Tytuł «Tak!»",  # a single line break does not end a sentence; "!" inside quotes does
        "rzekł.",
    ]
    assert split_sentences("") == []


# --- vocabulary ------------------------------------------------------------------------------

SENTENCES = [["a", "b", "a", "c"], ["b", "a"], ["d"], ["a", "c", "e", "e"]]


def test_vocabulary_order_counts_and_specials():
    vocab = Vocabulary.build(SENTENCES, min_count=2)
    assert vocab.words == ("<pad>", "a", "b", "c", "e")  # count desc, ties alphabetical
    assert vocab.counts.tolist() == [0, 4, 2, 2, 2]
    assert len(vocab) == 5 and "a" in vocab and "d" not in vocab
    assert vocab.id("c") == 3
    assert vocab.decode([1, 2]) == ["a", "b"]
    assert vocab.frequencies()[0] == 0 and np.isclose(vocab.frequencies().sum(), 1)


def test_vocabulary_encode_drops_or_maps_unknown_words():
    vocab = Vocabulary.build(SENTENCES, min_count=2)
    assert vocab.encode(["a", "d", "e"]).tolist() == [1, 4]
    assert vocab.encode([]).dtype == np.int32
    with_unk = Vocabulary.build(SENTENCES, min_count=2, specials=("<pad>", "<unk>"), unknown="<unk>")
    assert with_unk.encode(["a", "zzz"]).tolist() == [2, 1]
    assert [s.tolist() for s in vocab.encode_all([["d"], ["a", "b"]], min_length=1)] == [[1, 2]]


def test_vocabulary_max_size_and_errors():
    assert Vocabulary.build(SENTENCES, max_size=2).words == ("<pad>", "a", "b")
    vocab = Vocabulary.build(SENTENCES)
    with pytest.raises(ValueError, match="not in the vocabulary"):
        vocab.id("zzz")
    with pytest.raises(ValueError, match="min_count"):
        Vocabulary(Counter(a=1), min_count=0)
    with pytest.raises(ValueError, match="unknown"):
        Vocabulary(Counter(a=1), unknown="<unk>")
    with pytest.raises(ValueError, match="tokenize"):
        Vocabulary.build(["a sentence"])
    with pytest.raises(ValueError, match="tokenize"):
        vocab.encode("a b")


def test_vocabulary_decode_rejects_indices_outside_it():
    vocab = Vocabulary.build(SENTENCES, min_count=2)  # 5 entries
    assert vocab.decode(np.array([4, 0])) == ["e", "<pad>"]
    assert vocab.decode([]) == []
    for bad in ([5], [1, -1], np.array([7])):
        with pytest.raises(ValueError, match="outside the vocabulary"):
            vocab.decode(bad)
    with pytest.raises(ValueError, match="integers"):
        vocab.decode([1.5])


# --- subsampling ----------------------------------------------------------------------------


def test_keep_probabilities_formula():
    counts = np.array([0, 1_000, 10, 1])
    keep = keep_probabilities(counts, threshold=1e-3)
    f = counts[1] / counts.sum()
    assert keep[0] == 0
    assert np.isclose(keep[1], (np.sqrt(f / 1e-3) + 1) * 1e-3 / f)
    assert keep[1] < keep[2] <= keep[3] == 1.0
    with pytest.raises(ValueError):
        keep_probabilities(np.zeros(3))


def test_subsample_keeps_sentence_structure():
    rng = np.random.default_rng(0)
    sentences = [np.array([1, 2, 1, 3]), np.array([], dtype=np.int32), np.array([1, 1])]
    keep = np.array([0.0, 0.0, 1.0, 1.0])  # word 1 is always dropped
    out = subsample(sentences, keep, rng)
    assert [s.tolist() for s in out] == [[2, 3], [], []]
    assert subsample([], keep, rng) == []


def test_subsample_rejects_ids_without_a_keep_probability():
    rng = np.random.default_rng(0)
    keep = np.array([0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match="token id 3 has no keep probability"):
        subsample([np.array([1, 3])], keep, rng)
    with pytest.raises(ValueError, match="token id -1"):
        subsample([np.array([1, -1])], keep, rng)
    with pytest.raises(ValueError, match="1-D"):
        subsample([np.array([1])], np.ones((2, 2)), rng)


# --- pairs and windows ----------------------------------------------------------------------


def _pairs_by_loop(sentences, window):
    return Counter(
        (s[i], s[j])
        for s in sentences
        for i in range(len(s))
        for j in range(max(0, i - window), min(len(s), i + window + 1))
        if j != i
    )


def test_skipgram_pairs_match_a_loop_and_stay_in_sentences():
    rng = np.random.default_rng(1)
    sentences = [rng.integers(1, 20, size=n).astype(np.int32) for n in (1, 2, 5, 9, 0, 3)]
    for window in (1, 2, 4):
        targets, contexts = skipgram_pairs(sentences, window, dynamic=False)
        assert targets.dtype == np.int32 and len(targets) == len(contexts)
        assert Counter(zip(targets.tolist(), contexts.tolist())) == _pairs_by_loop(
            [s.tolist() for s in sentences], window
        )


def test_skipgram_dynamic_window_is_a_subset():
    rng = np.random.default_rng(2)
    sentences = [rng.integers(1, 50, size=30).astype(np.int32) for _ in range(20)]
    full = _pairs_by_loop([s.tolist() for s in sentences], 3)
    targets, contexts = skipgram_pairs(sentences, 3, rng=np.random.default_rng(0))
    dynamic = Counter(zip(targets.tolist(), contexts.tolist()))
    assert not dynamic - full and 0 < sum(dynamic.values()) < sum(full.values())
    with pytest.raises(ValueError, match="rng"):
        skipgram_pairs(sentences, 3)
    with pytest.raises(ValueError, match="window"):
        skipgram_pairs(sentences, 0, dynamic=False)


def test_cbow_windows_pad_and_align():
    sentences = [np.array([5, 6, 7], dtype=np.int32), np.array([8], dtype=np.int32), np.array([9, 4], dtype=np.int32)]
    contexts, targets = cbow_windows(sentences, window=2, dynamic=False)
    assert contexts.shape == (5, 4)
    assert targets.tolist() == [5, 6, 7, 9, 4]  # the one-word sentence has no context
    assert contexts.tolist() == [
        [0, 0, 6, 7],
        [0, 5, 7, 0],
        [5, 6, 0, 0],
        [0, 0, 4, 0],
        [0, 9, 0, 0],
    ]


def test_cbow_windows_agree_with_skipgram_pairs():
    rng = np.random.default_rng(3)
    sentences = [rng.integers(1, 30, size=n).astype(np.int32) for n in (4, 7, 2, 6)]
    contexts, targets = cbow_windows(sentences, 2, rng=np.random.default_rng(5))
    t, c = skipgram_pairs(sentences, 2, rng=np.random.default_rng(5))
    from_cbow = Counter((int(target), int(word)) for row, target in zip(contexts, targets) for word in row if word)
    assert from_cbow == Counter(zip(t.tolist(), c.tolist()))


# --- negative sampling ----------------------------------------------------------------------


def test_negative_sampler_distribution_and_avoidance():
    counts = np.array([0, 100, 10, 1])
    sampler = NegativeSampler(counts, power=0.75)
    expected = np.array([0, 100**0.75, 10**0.75, 1]) / (100**0.75 + 10**0.75 + 1)
    assert np.allclose(sampler.probabilities, expected)
    rng = np.random.default_rng(0)
    draws = sampler.sample(200_000, rng)
    assert draws.dtype == np.int32 and (draws != 0).all()
    assert np.allclose(np.bincount(draws, minlength=4) / len(draws), expected, atol=0.005)
    avoid = np.full((1000, 1), 1)
    assert (sampler.sample((1000, 5), rng, avoid=avoid) != 1).all()


def test_negative_sampler_never_returns_the_avoided_word_even_if_it_dominates():
    # Word 1 has 99.4 % of the noise mass: the old sampler gave up after 100 redraws and
    # returned it in about half of the places.
    sampler = NegativeSampler(np.array([0, 1000, 1, 0]), power=0.75)
    rng = np.random.default_rng(0)
    draws = sampler.sample((2000, 5), rng, avoid=np.full((2000, 1), 1))
    assert (draws == 2).all()
    # Redraws follow the noise distribution with the avoided word removed.
    sampler = NegativeSampler(np.array([0, 100, 10, 1]), power=0.75)
    draws = sampler.sample(200_000, rng, avoid=np.full(200_000, 1))
    expected = np.array([0, 0, 10**0.75, 1]) / (10**0.75 + 1)
    assert np.allclose(np.bincount(draws, minlength=4) / len(draws), expected, atol=0.005)
    # Mixed rows: each row avoids its own word.
    avoid = rng.integers(1, 4, size=(5000, 1))
    assert (sampler.sample((5000, 8), rng, avoid=avoid) != avoid).all()


def test_negative_sampler_impossible_avoidance_is_a_clear_error():
    sampler = NegativeSampler(np.array([0, 7, 0]))
    rng = np.random.default_rng(0)
    with pytest.raises(ValueError, match="only word"):
        sampler.sample((3, 2), rng, avoid=np.array([[1], [1], [1]]))
    assert (sampler.sample((3, 2), rng, avoid=np.array([[2], [0], [2]])) == 1).all()
    with pytest.raises(ValueError, match="word indices"):
        sampler.sample(4, rng, avoid=np.array([3]))


def test_with_negatives_layout():
    sampler = NegativeSampler(np.array([0, 5, 5, 5, 5]))
    candidates, labels = with_negatives(np.array([1, 2, 3]), sampler, 4, np.random.default_rng(0))
    assert candidates.shape == labels.shape == (3, 5)
    assert candidates[:, 0].tolist() == [1, 2, 3]
    assert (candidates[:, 1:] != candidates[:, :1]).all()
    assert labels.tolist() == [[1, 0, 0, 0, 0]] * 3
    with pytest.raises(ValueError, match="positive int"):
        with_negatives(np.array([1]), sampler, 0, np.random.default_rng(0))


# --- neighbours -----------------------------------------------------------------------------


@pytest.fixture
def table():
    vocab = Vocabulary(Counter({"kot": 5, "pies": 4, "dom": 3, "kota": 2}))
    vectors = np.array([[9.0, 9.0], [1.0, 0.1], [1.0, 0.0], [0.0, 1.0], [0.9, 0.2]])
    return vectors, vocab


def test_neighbours_ranks_by_cosine(table):
    vectors, vocab = table
    result = neighbours("kot", vectors, vocab, k=2)
    assert [w for w, _ in result] == ["pies", "kota"]
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    assert result[1][1] == pytest.approx(unit[1] @ unit[4])
    assert [w for w, _ in neighbours("KOT ", vectors, vocab, k=10)] == ["pies", "kota", "dom"]  # no <pad>
    assert [w for w, _ in neighbours(np.array([0.0, 1.0]), vectors, vocab, k=1)] == ["dom"]
    assert "<pad>" in [w for w, _ in neighbours("kot", vectors, list(vocab.words), k=4)]  # a plain word now


def test_neighbours_clear_errors(table):
    vectors, vocab = table
    with pytest.raises(ValueError, match="empty query"):
        neighbours("", vectors, vocab)
    with pytest.raises(ValueError, match="empty query"):
        neighbours("   ", vectors, vocab)
    with pytest.raises(ValueError, match=r"'kotami' is not in the vocabulary \(4 words\)\. "
                                         r"Known words starting with 'kota': kota\."):
        neighbours("kotami", vectors, vocab)
    with pytest.raises(ValueError, match="word \\(str\\) or a vector"):
        neighbours(42, vectors, vocab)
    with pytest.raises(ValueError, match="shape"):
        neighbours(np.zeros(3), vectors, vocab)
    with pytest.raises(ValueError, match="k must be"):
        neighbours("kot", vectors, vocab, k=0)
    with pytest.raises(ValueError, match="one row per vocabulary entry"):
        neighbours("kot", vectors[:3], vocab)
    with pytest.raises(ValueError, match="pass the vocabulary"):
        neighbours("kot", vectors)


def test_neighbour_overlap(table):
    vectors, vocab = table
    same = neighbour_overlap((vectors, vocab), (vectors, vocab), ["kot", "dom"], k=2)
    assert same == 1.0
    shuffled = Vocabulary(Counter({"kot": 5, "pies": 4, "dom": 3, "kota": 2}))
    other = vectors.copy()
    other[[1, 3]] = other[[3, 1]]  # kot and dom swap places
    assert neighbour_overlap((vectors, vocab), (other, shuffled), ["pies"], k=1) == 0.0
    with pytest.raises(ValueError, match="missing"):
        neighbour_overlap((vectors, vocab), (vectors, vocab), ["kotek"])
    with pytest.raises(ValueError, match="non-empty"):
        neighbour_overlap((vectors, vocab), (vectors, vocab), [])


def test_neighbours_accepts_gensim_keyed_vectors():
    gensim = pytest.importorskip("gensim")
    kv = gensim.models.KeyedVectors(vector_size=2)
    kv.add_vectors(["kot", "pies", "dom"], np.array([[1.0, 0.1], [1.0, 0.0], [0.0, 1.0]]))
    assert [w for w, _ in neighbours("kot", kv, k=2)] == ["pies", "dom"]
    with pytest.raises(ValueError, match="not in the vocabulary"):
        neighbours("kotek", kv)


# --- ground truth from a parallel corpus ------------------------------------------------------


def test_dominant_translations_and_relatives():
    pairs = [
        (["the", "cat", "sleeps"], ["kot", "śpi"]),
        (["the", "cat", "eats"], ["kot", "je"]),
        (["i", "see", "the", "cat"], ["widzę", "kota"]),
        (["the", "cat", "is", "black"], ["kot", "jest", "czarny"]),
        (["with", "the", "cat"], ["z", "kotem"]),
        (["he", "was", "my", "cat"], ["był", "moim", "kotem"]),
        (["she", "became", "our", "cat"], ["została", "naszym", "kotem"]),
        (["the", "dog", "sleeps"], ["pies", "śpi"]),
        (["the", "dog", "is", "black"], ["pies", "jest", "czarny"]),
        (["i", "see", "the", "dog"], ["widzę", "psa"]),
        (["we", "feed", "the", "dog"], ["karmimy", "psa"]),
    ]
    translations = dominant_translations(pairs, min_pairs=2, max_df=1.0)
    assert translations["kot"] == "cat" and translations["kotem"] == "cat" and translations["pies"] == "dog"
    assert "kota" not in translations  # seen in one pair only
    relatives = translation_relatives(translations)
    assert relatives["kot"] == {"kotem"} and relatives["pies"] == {"psa"}
    assert translation_relatives(translations, vocabulary={"kot", "pies", "psa"}) == {"pies": {"psa"}, "psa": {"pies"}}
    assert "kot" not in dominant_translations(pairs, max_df=0.5)  # "cat" is in 6 of 11 pairs
    with pytest.raises(ValueError, match="tokenize"):
        dominant_translations([("the cat", "kot")])


def test_hits_at_k():
    vocab = Vocabulary(Counter({"kot": 5, "kotem": 4, "pies": 3, "psa": 2, "dom": 1}))
    vectors = np.array([[0, 0], [1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.7, 0.7], [0.2, 1.0]])
    relatives = {"kot": {"kotem"}, "pies": {"psa"}, "psa": {"pies"}}
    hits = hits_at_k(vectors, vocab, relatives, ["kot", "pies", "psa"], k=1)
    assert hits.tolist() == [True, False, False]  # the nearest word to pies and to psa is dom
    assert hits_at_k(vectors, vocab, relatives, ["pies"], k=2).tolist() == [True]
    with pytest.raises(ValueError, match="not in the vocabulary"):
        hits_at_k(vectors, vocab, relatives, ["dom"], k=1)
