"""Unit tests of lecture5.translation: pure functions and tiny untrained models (fast)."""

from __future__ import annotations

import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import numpy as np
import pytest

from lecture5 import translation as tr
from lecture5.translation import END, PAD_ID, START

# --- tokenisation ------------------------------------------------------------------------


def test_tokenize_lowercases_polish_and_splits_punctuation():
    assert tr.tokenize("Żółć? ŁÓDŹ, tak!") == ["żółć", "?", "łódź", ",", "tak", "!"]
    assert tr.tokenize("I don't know, Tom's dog.") == ["i", "don't", "know", ",", "tom's", "dog", "."]
    assert tr.tokenize("I don’t") == ["i", "don't"]  # typographic apostrophe
    assert tr.tokenize("   ") == []


def test_tokenize_normalises_unicode():
    decomposed = "z\u0307o\u0301łw"  # ż and ó written as letter + combining mark
    assert tr.tokenize(decomposed) == ["żółw"]


def test_tokenize_rejects_non_strings():
    with pytest.raises(ValueError, match="expected a string"):
        tr.tokenize(None)


def test_prepare_count_words_and_detokenize():
    assert tr.prepare("Nie wiem, czy przyjdzie.") == "nie wiem , czy przyjdzie ."
    assert tr.count_words("Nie wiem, czy przyjdzie.") == 4
    assert tr.detokenize(["i", "don't", "know", ",", "do", "you", "?"]) == "i don't know, do you?"
    assert tr.detokenize([]) == ""
    assert tr.is_word("3") and tr.is_word("żółw") and not tr.is_word("?")


# --- splitting ----------------------------------------------------------------------------

PAIRS = [(f"Sentence number {i}.", f"Zdanie numer {i % 40}.") for i in range(100)] + [
    ("This English sentence is much too long to keep.", "Krótkie."),
    ("Short.", "To polskie zdanie jest o wiele za długie."),
]


def test_split_pairs_is_deterministic_and_filters_by_length():
    first = tr.split_pairs(PAIRS, max_tokens=4, n_val=5, n_test=5, seed=1)
    again = tr.split_pairs(PAIRS, max_tokens=4, n_val=5, n_test=5, seed=1)
    other = tr.split_pairs(PAIRS, max_tokens=4, n_val=5, n_test=5, seed=2)
    assert first == again
    assert first != other
    everything = first.train + first.val + first.test
    assert len(everything) == 100  # the two over-long pairs are gone
    assert all(pl.startswith("Zdanie") and en.startswith("Sentence") for pl, en in everything)


def test_split_pairs_keeps_translations_of_one_sentence_together():
    splits = tr.split_pairs(PAIRS, max_tokens=4, n_val=5, n_test=5)
    sources = [{tr.prepare(pl) for pl, _ in part} for part in splits]
    assert [len(s) for s in sources] == [30, 5, 5]  # counted in distinct Polish sentences
    assert not (sources[0] & sources[1]) and not (sources[0] & sources[2]) and not (sources[1] & sources[2])
    assert sum(map(len, splits)) == 100


def test_split_pairs_rejects_impossible_requests():
    with pytest.raises(ValueError, match="cannot hold out"):
        tr.split_pairs(PAIRS, max_tokens=4, n_val=20, n_test=20)
    with pytest.raises(ValueError, match="max_tokens"):
        tr.split_pairs(PAIRS, max_tokens=0, n_val=1, n_test=1)


def test_group_references_and_streams():
    pairs = [("Cześć!", "Hi!"), ("Idź.", "Go."), ("cześć !", "Hello!"), ("Cześć!", "Hey!")]
    sources, references = tr.group_references(pairs)
    assert sources == ["Cześć!", "Idź."]
    assert references == [["Hi!", "Hello!", "Hey!"], ["Go."]]
    assert tr.reference_streams(references) == [["Hi!", "Go."], ["Hello!", ""], ["Hey!", ""]]


# --- vectorisation ------------------------------------------------------------------------


def test_build_vocabulary_orders_by_frequency_then_alphabet():
    texts = ["b a c", "a b", "a d", "e"]
    assert tr.build_vocabulary(texts, 3) == ["a", "b", "c"]
    assert tr.build_vocabulary(texts, 4, reserved=[START, END]) == [START, END, "a", "b"]
    assert tr.build_vocabulary([f"{START} x {END}"], 10, reserved=[START, END]) == [START, END, "x"]


def test_vectorize_pairs_shifts_targets_by_one():
    pairs = [("Kot śpi.", "The cat sleeps."), ("Pies?", "A dog?")]
    source_vocab = tr.build_vocabulary([tr.prepare(p) for p, _ in pairs], 10)
    target_vocab = tr.build_vocabulary([tr.with_start_end(e) for _, e in pairs], 20, reserved=[START, END])
    src = tr.make_vectorizer(source_vocab, 4)
    tgt = tr.make_vectorizer(target_vocab, 6)
    (sources, decoder_in), decoder_out = tr.vectorize_pairs(pairs, src, tgt)
    assert sources.shape == (2, 4) and decoder_in.shape == (2, 5) and decoder_out.shape == (2, 5)
    vocab = [str(t) for t in tgt.get_vocabulary()]
    assert vocab[:4] == ["", "[UNK]", START, END]
    words = lambda row: [vocab[i] for i in row]  # noqa: E731
    assert words(decoder_in[0]) == [START, "the", "cat", "sleeps", "."]
    assert words(decoder_out[0]) == ["the", "cat", "sleeps", ".", END]
    assert words(decoder_out[1]) == ["a", "dog", "?", END, ""]
    np.testing.assert_array_equal(decoder_in[:, 1:], decoder_out[:, :-1])
    assert sources[1].tolist()[2:] == [PAD_ID, PAD_ID]


def test_masked_accuracy_ignores_padding():
    metric = tr.masked_accuracy()
    y_true = np.array([[3, 4, 0, 0], [5, 0, 0, 0]])
    predicted = np.array([[3, 2, 0, 0], [5, 1, 1, 1]])  # 2 of 3 real tokens right
    y_pred = np.eye(6, dtype="float32")[predicted]
    metric.update_state(y_true, y_pred)
    assert abs(float(metric.result()) - 2 / 3) < 1e-6


# --- decoding with hand-made step functions ------------------------------------------------

START_ID, END_ID, VOCAB = 2, 3, 6


def table_step(table: dict[tuple[int, ...], dict[int, float]]):
    """A step function reading next-token probabilities from a table keyed by the prefix.

    The state is the prefix so far (an array of shape (B, t)).
    """

    def step(tokens, state):
        (prefix,) = state
        prefix = np.concatenate([prefix, tokens[:, None]], axis=1)
        probs = np.full((len(tokens), VOCAB), 1e-9)  # never exactly 0: finite logs
        for row, key in enumerate(map(tuple, prefix.tolist())):
            for token, p in table.get(key, {END_ID: 1.0}).items():
                probs[row, token] = p
        return np.log(probs), (prefix,), None

    return step


# Greedy takes 4 (0.6) and then must continue with low probability; beam finds 5 -> end.
GARDEN_PATH = {
    (START_ID,): {4: 0.6, 5: 0.4},
    (START_ID, 4): {4: 0.36, 5: 0.34, END_ID: 0.3},
    (START_ID, 5): {END_ID: 1.0},
    (START_ID, 4, 4): {END_ID: 1.0},
    (START_ID, 4, 5): {END_ID: 1.0},
}


def empty_prefix(batch: int):
    return (np.zeros((batch, 0), dtype="int32"),)


def test_greedy_decode_follows_the_best_token_and_stops_at_end():
    ids, extras = tr.greedy_decode(table_step(GARDEN_PATH), empty_prefix(2), START_ID, END_ID, max_len=5)
    assert ids == [[4, 4], [4, 4]]
    assert extras == [[None, None], [None, None]]


def test_greedy_decode_respects_max_len_and_banned_tokens():
    loop = {(START_ID,) + (4,) * n: {4: 0.9, END_ID: 0.1} for n in range(10)}
    ids, _ = tr.greedy_decode(table_step(loop), empty_prefix(1), START_ID, END_ID, max_len=3)
    assert ids == [[4, 4, 4]]
    ids, _ = tr.greedy_decode(table_step(GARDEN_PATH), empty_prefix(1), START_ID, END_ID, 5, banned=[4])
    assert ids == [[5]]


def test_beam_search_finds_a_better_sequence_than_greedy():
    step = table_step(GARDEN_PATH)
    # total probabilities: [5] 0.4; [4, 4] 0.216; [4] 0.18 -> beam (no length normalisation) picks [5]
    assert tr.beam_search(step, empty_prefix(1), START_ID, END_ID, 5, beam_width=2, length_penalty=0.0) == [[5]]
    assert tr.beam_search(step, empty_prefix(1), START_ID, END_ID, 5, beam_width=1, length_penalty=0.0) == [[4, 4]]


def test_beam_search_batches_sentences_independently():
    step = table_step(GARDEN_PATH)
    together = tr.beam_search(step, empty_prefix(3), START_ID, END_ID, 5, beam_width=3)
    alone = tr.beam_search(step, empty_prefix(1), START_ID, END_ID, 5, beam_width=3)
    assert together == alone * 3


def test_beam_search_length_penalty_trades_length_for_probability():
    # [6] has probability 0.3 and stops; [4, 4, 4] has 0.7 * 0.5 * 0.5 * 1 = 0.175
    table = {
        (START_ID,): {4: 0.7, 6: 0.3},
        (START_ID, 4): {4: 0.5, END_ID: 0.5 - 1e-6},
        (START_ID, 4, 4): {4: 0.5, END_ID: 0.5 - 1e-6},
        (START_ID, 4, 4, 4): {END_ID: 1.0},
    }
    global VOCAB
    saved, VOCAB = VOCAB, 7
    try:
        step = table_step(table)
        short = tr.beam_search(step, empty_prefix(1), START_ID, END_ID, 6, beam_width=4, length_penalty=0.0)
        longer = tr.beam_search(step, empty_prefix(1), START_ID, END_ID, 6, beam_width=4, length_penalty=1.0)
    finally:
        VOCAB = saved
    assert short == [[4]]  # 0.35: the most probable complete sequence
    assert longer == [[4, 4, 4]]  # best average log-probability per token


def test_beam_search_rejects_bad_width():
    with pytest.raises(ValueError, match="beam_width"):
        tr.beam_search(table_step(GARDEN_PATH), empty_prefix(1), START_ID, END_ID, 5, beam_width=0)


# --- the Translator on tiny untrained models -----------------------------------------------

TINY_PAIRS = [("Kot śpi.", "The cat sleeps."), ("Pies je.", "The dog eats."), ("Kot je.", "The cat eats.")]


def tiny_translator(attention: bool, max_tokens: int = 4):
    import keras
    from keras import layers, ops

    keras.utils.set_random_seed(0)
    source_vocab = tr.build_vocabulary([tr.prepare(p) for p, _ in TINY_PAIRS], 50)
    target_vocab = tr.build_vocabulary([tr.with_start_end(e) for _, e in TINY_PAIRS], 50, reserved=[START, END])
    src_vec = tr.make_vectorizer(source_vocab, max_tokens)
    tgt_vec = tr.make_vectorizer(target_vocab, max_tokens + 2)
    n_src, n_tgt, units = len(src_vec.get_vocabulary()), len(tgt_vec.get_vocabulary()), 4

    src_embed = layers.Embedding(n_src, 3, mask_zero=True)
    encoder_gru = layers.GRU(units, return_sequences=True, return_state=True)
    tgt_embed = layers.Embedding(n_tgt, 3, mask_zero=True)
    decoder_gru = layers.GRU(units, return_sequences=True, return_state=True)
    attend = layers.Attention()
    output = layers.Dense(n_tgt, activation="softmax")

    source = keras.Input((None,), dtype="int32")
    sequence, state = encoder_gru(src_embed(source))
    encoder = keras.Model(source, [state, sequence] if attention else [state])

    token = keras.Input((1,), dtype="int32")
    previous = keras.Input((units,))
    hidden, new_state = decoder_gru(tgt_embed(token), initial_state=previous)
    if attention:
        memory = keras.Input((None, units))
        source_ids = keras.Input((None,), dtype="int32")
        context, weights = attend(
            [hidden, memory], mask=[None, ops.not_equal(source_ids, 0)], return_attention_scores=True
        )
        probs = output(layers.Concatenate()([hidden, context]))
        step = keras.Model([token, previous, memory, source_ids], [probs, new_state, weights])
    else:
        step = keras.Model([token, previous], [output(hidden), new_state])
    return tr.Translator(src_vec, tgt_vec, encoder, step, max_output_len=5)


@pytest.fixture(scope="module")
def translator():
    return tiny_translator(attention=False)


@pytest.fixture(scope="module")
def attentive():
    return tiny_translator(attention=True)


def test_translator_translates_with_greedy_and_beam(translator):
    text = translator.translate("Kot śpi.")
    assert isinstance(text, str)
    assert "[UNK]" not in text and START not in text and "  " not in text
    assert translator.translate("KOT ŚPI.") == translator.greedy(["Kot śpi."])[0]
    assert isinstance(translator.translate("Kot śpi.", beam_width=2), str)
    assert translator.beam(["Kot śpi.", "Pies je."], beam_width=1) == translator.greedy(["Kot śpi.", "Pies je."])
    assert translator.max_source_len == 4


@pytest.mark.parametrize("bad", ["", "   ", "?!", "..."])
def test_translate_rejects_empty_input(translator, bad):
    with pytest.raises(ValueError, match="empty"):
        translator.translate(bad)


@pytest.mark.parametrize("bad", [None, 42, ["Kot śpi."], b"Kot"])
def test_translate_rejects_non_strings(translator, bad):
    with pytest.raises(ValueError, match="expects a Polish sentence as a string"):
        translator.translate(bad)


def test_translate_rejects_only_unknown_words(translator):
    with pytest.raises(ValueError, match="none of the words") as error:
        translator.translate("Grzegorz Brzęczyszczykiewicz!")
    assert "grzegorz" in str(error.value)
    assert translator.unknown_words("Kot Grzegorz śpi.") == ["grzegorz"]
    assert isinstance(translator.translate("Kot Grzegorz."), str)  # some known words: fine


def test_translate_rejects_too_long_input(translator):
    with pytest.raises(ValueError, match="too long: 6 tokens") as error:
        translator.translate("Kot je, pies je.")
    assert "at most 4" in str(error.value)
    assert isinstance(translator.translate("Kot je, pies"), str)  # exactly 4 tokens


def test_input_errors_are_value_errors():
    assert issubclass(tr.TranslationInputError, ValueError)


def test_attention_weights_have_one_row_per_output_word(attentive, translator):
    source, output, weights = attentive.attention("Kot śpi.")
    assert source == ["kot", "śpi", "."]
    assert weights.shape == (len(output), 3)
    assert np.all(weights >= 0) and np.all(weights.sum(axis=1) <= 1 + 1e-5)
    assert attentive.translate("Kot śpi.", beam_width=3) in attentive.beam(["Kot śpi."], beam_width=3)
    with pytest.raises(ValueError, match="no attention"):
        translator.attention("Kot śpi.")


def test_attentions_batch_matches_one_sentence_at_a_time(attentive):
    sentences = ["Kot śpi.", "Pies je.", "Kot je."]
    batch = attentive.attentions(sentences)
    assert len(batch) == 3
    for sentence, (source, output, weights) in zip(sentences, batch):
        one_source, one_output, one_weights = attentive.attention(sentence)
        assert (source, output) == (one_source, one_output)
        np.testing.assert_allclose(weights, one_weights, atol=1e-6)


# --- attention maps -------------------------------------------------------------------------


def test_diagonal_mass_of_diagonal_uniform_and_antidiagonal_maps():
    assert tr.diagonal_mass(np.eye(5)) == pytest.approx(1.0)
    assert tr.diagonal_mass(np.full((4, 8), 1 / 8)) == pytest.approx(0.25)
    assert tr.diagonal_mass(np.eye(6)[::-1]) == pytest.approx(2 / 6)  # only the middle rows are near
    # different lengths: 2 output words over 6 source tokens, each looking at "its" third
    stretched = np.array([[0, 1, 0, 0, 0, 0], [0, 0, 0, 0, 1, 0]], dtype=float)
    assert tr.diagonal_mass(stretched) == pytest.approx(1.0)
    off_by_one = np.array([[1, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 1]], dtype=float)
    assert tr.diagonal_mass(off_by_one) == pytest.approx(1.0)
    assert tr.diagonal_mass(off_by_one, band=0.5) == pytest.approx(0.0)
    with pytest.raises(ValueError, match="non-empty"):
        tr.diagonal_mass(np.zeros((0, 3)))
