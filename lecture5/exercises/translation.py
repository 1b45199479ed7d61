"""Checks for the exercises of notebooks/05_translation.ipynb (neural machine translation)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from lecture5.exercises import Wrong, _array, _call, _exercise, _n, _number, _pair, _unchanged

PAD, START, END = 0, 2, 3          # the ids of '', '[start]' and '[end]' in the notebook's English vocabulary


def reference_shift(ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    return ids[:, :-1], ids[:, 1:]


@_exercise("nmt.shift")
def _nmt_shift(function: Callable) -> str:
    rng = np.random.default_rng(5)
    random_rows = np.zeros((6, 10), dtype="int32")
    for row, length in zip(random_rows, rng.integers(1, 9, size=6)):
        row[: length + 2] = [START, *rng.integers(4, 3000, size=length), END]
    cases = [np.array([[START, 40, 41, 7, END, PAD, PAD]]),
             np.array([[START, 5, 6, 7, 8, END], [START, 9, END, PAD, PAD, PAD]]),     # a full row: no padding
             random_rows]
    for ids in cases:
        before = ids.copy()
        expected_input, expected_target = reference_shift(ids)
        what = f"identyfikatory o kształcie {ids.shape}"
        decoder_input, target = _pair(_call(function, ids), what)
        _unchanged(before, ids)
        if np.shape(decoder_input) == ids.shape or np.shape(target) == ids.shape:
            raise Wrong(f"{what}: wejście i cel mają o jedną pozycję mniej niż zdanie "
                        f"({ids.shape[1] - 1}): wejściu brakuje ostatniego tokenu, celowi — [start].")
        decoder_input = _array(decoder_input, expected_input.shape, f"{what}, wejście dekodera")
        target = _array(target, expected_target.shape, f"{what}, cel")
        if np.array_equal(decoder_input, expected_target) and np.array_equal(target, expected_input):
            raise Wrong("wejście i cel zamienione: dekoder czyta [start] w1 … i ma przewidzieć w1 … [end].")
        if not np.array_equal(decoder_input, expected_input):
            raise Wrong(f"{what}: wejście dekodera to zdanie bez ostatniej pozycji (zaczyna się od [start]); "
                        f"pierwszy wiersz: {decoder_input[0].astype(int).tolist()} zamiast "
                        f"{expected_input[0].tolist()}.")
        if not np.array_equal(target, expected_target):
            raise Wrong(f"{what}: cel to zdanie bez pierwszej pozycji — w każdym kroku następne słowo; "
                        f"pierwszy wiersz: {target[0].astype(int).tolist()} zamiast {expected_target[0].tolist()}.")
    return "cel to wejście przesunięte o jedną pozycję w lewo, jak w nmt.vectorize_pairs."


def reference_attention(h: np.ndarray, s: np.ndarray, W: np.ndarray, mask: np.ndarray):
    scores = np.where(mask[None, :], h @ W @ s.T, -np.inf)
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    weights /= weights.sum(axis=1, keepdims=True)
    return weights @ s, weights


def _softmax_rows(scores: np.ndarray) -> np.ndarray:
    weights = np.exp(scores - scores.max(axis=1, keepdims=True))
    return weights / weights.sum(axis=1, keepdims=True)


@_exercise("nmt.attention")
def _nmt_attention(function: Callable) -> str:
    rng = np.random.default_rng(15)
    cases = [(3, 4, 3, [True] * 4, 1.0), (2, 5, 4, [True, True, True, False, False], 1.0),
             (4, 6, 5, [True, True, True, True, False, False], 1.0), (2, 3, 4, [True, True, False], 30.0)]
    for steps, n, d, mask, scale in cases:
        h, s = rng.normal(size=(steps, d)) * scale, rng.normal(size=(n, d)) * scale
        W = rng.normal(size=(d, d))                      # not symmetric: W and Wᵀ give different scores
        mask = np.array(mask)
        arguments = (h, s, W, mask)
        before = [a.copy() for a in arguments]
        context, weights = reference_attention(*arguments)
        what = f"h {h.shape}, s {s.shape}, mask {mask.astype(int).tolist()}"
        with np.errstate(all="ignore"):                  # an overflow is a hint below, not a warning
            result = _call(function, *arguments)
        for old, new in zip(before, arguments):
            _unchanged(old, new)
        got_context, got_weights = _pair(result, what)
        got_weights = _array(got_weights, weights.shape, f"{what}, wagi",
                             "Wagi: (kroki dekodera, wyjścia kodera) — wiersz na każde słowo tłumaczenia.")
        got_context = _array(got_context, context.shape, f"{what}, kontekst",
                             "Kontekst: (kroki dekodera, wymiar) — średnia ważona wyjść kodera.")
        if not np.all(np.isfinite(got_weights)):
            raise Wrong(f"{what}: w wagach jest nan albo inf — przy dużych wynikach exp się przepełnia; odejmij "
                        "maksimum z wiersza przed exp, a dopełnieniu daj wynik −∞ (albo wagę 0) przed softmaksem.")
        if not np.allclose(got_weights, weights, atol=1e-6):
            if np.any(got_weights[:, ~mask] > 1e-9):
                if np.allclose(got_weights, _softmax_rows(h @ W @ s.T), atol=1e-6):
                    raise Wrong(f"{what}: dopełnienie dostało wagę — maska ma wyzerować jego wagi: wynik −∞ przed "
                                "softmaksem.")
                raise Wrong(f"{what}: dopełnienie ma dostać wagę 0.")
            if not np.allclose(got_weights.sum(axis=1), 1):
                if np.allclose(got_weights.sum(axis=0)[mask], 1):
                    raise Wrong(f"{what}: softmax po złej osi — wagi każdego kroku dekodera (wiersza) "
                                "sumują się do 1.")
                raise Wrong(f"{what}: wagi w wierszu nie sumują się do 1 — zamaskuj przed softmaksem, nie po nim.")
            if np.allclose(got_weights, reference_attention(h, s, W.T, mask)[1], atol=1e-6):
                raise Wrong("użyto Wᵀ zamiast W: wynik to e_{t,i} = h_tᵀ W s_i, czyli h @ W @ s.T.")
            if np.allclose(got_weights, reference_attention(h, s, np.eye(d), mask)[1], atol=1e-6):
                raise Wrong("to wynik iloczynowy h_tᵀ s_i — w wariancie general między h i s stoi macierz W.")
            raise Wrong(f"{what}: wagi się nie zgadzają (największa różnica "
                        f"{np.abs(got_weights - weights).max():.3g}).")
        if not np.allclose(got_context, context, atol=1e-6):
            raise Wrong(f"{what}: wagi dobre, kontekst nie — c_t = Σ_i α_(t,i)·s_i, czyli wagi @ s.")
    return "wyniki h W sᵀ, dopełnienie z wagą 0, softmax w każdym wierszu, kontekst = wagi @ s; bez przepełnienia."


class _ToyDecoder:
    """A decoder step for the greedy-decoding check: token id and state in, probabilities and state out.

    ``table[token]`` gives the next token's probabilities when the state does not matter;
    with ``counting=True`` the state counts the steps and decides the next token."""

    LIMIT = 200

    def __init__(self, table: dict[int, list[float]] | None = None, counting: bool = False, vocab: int = 20):
        self.table, self.counting, self.vocab = table, counting, vocab
        self.calls, self.runaway, self.tokens_seen = 0, False, []

    def __call__(self, token, state):
        self.calls += 1
        if self.calls > self.LIMIT:
            self.runaway = True
            raise RuntimeError("dekoder wywołany ponad 200 razy")
        token = int(token)
        self.tokens_seen.append(token)
        probs = np.full(self.vocab, 0.01)
        if self.counting:
            step = int(state)
            probs[END if step >= 4 else 10 + step] = 0.9
            return probs / probs.sum(), step + 1
        for next_token, p in enumerate(self.table.get(token, [])):
            probs[next_token] = p
        return probs / probs.sum(), state


def _chain(*tokens: int) -> dict[int, list[float]]:
    """A table in which each token is most likely followed by the next one in ``tokens``."""
    table = {}
    for current, following in zip(tokens, tokens[1:]):
        row = [0.0] * 20
        row[following] = 0.6
        row[(following + 7) % 20 or 1] = 0.3               # a runner-up, so that argmax matters
        table[current] = row
    return table


@_exercise("nmt.greedy")
def _nmt_greedy(function: Callable) -> str:
    cases = [  # (decoder, max_len, expected, what)
        (_ToyDecoder(_chain(START, 5, 6, 7, END)), 10, [5, 6, 7], "łańcuch [start] → 5 → 6 → 7 → [end]"),
        (_ToyDecoder(counting=True), 10, [10, 11, 12, 13], "dekoder, którego stan liczy kroki"),
        (_ToyDecoder(_chain(START, 4, 9, 4, 9, 4, 9, 4, 9, 4, 9)), 5, [4, 9, 4, 9, 4], "dekoder bez [end], max_len=5"),
        (_ToyDecoder(_chain(START, END)), 10, [], "[end] od razu"),
        (_ToyDecoder(_chain(START, 8, END)), 1, [8], "max_len=1"),
    ]
    for decoder, max_len, expected, what in cases:
        try:
            got = _call(function, decoder, 0, START, END, max_len)
        except Wrong:
            if decoder.runaway:
                raise Wrong(f"{what}: pętla się nie kończy — przerwij po [end] albo po max_len krokach.") from None
            raise
        try:
            got = [int(token) for token in got]
        except (TypeError, ValueError):
            raise Wrong(f"{what}: funkcja ma zwrócić listę identyfikatorów (liczb całkowitych).") from None
        if got == expected:
            continue
        if got[:1] == [START]:
            raise Wrong(f"{what}: wynik zaczyna się od [start] — zwróć tylko słowa wygenerowane przez dekoder.")
        if got == expected + [END]:
            raise Wrong(f"{what}: na końcu jest [end] — znacznik kończy dekodowanie, ale do tłumaczenia nie należy.")
        if END in got:
            raise Wrong(f"{what}: dekodowanie ma się zatrzymać na pierwszym [end].")
        if decoder.tokens_seen[1:] and all(token == START for token in decoder.tokens_seen):
            raise Wrong(f"{what}: dekoder w każdym kroku dostaje [start] — podawaj mu słowo wybrane w poprzednim "
                        "kroku.")
        if len(got) > max_len or (len(got) < max_len and len(got) < len(expected)):
            raise Wrong(f"{what}: liczba tokenów {len(got)} przy max_len={max_len} — najwyżej max_len kroków dekodera, "
                        "wynik bez [end].")
        if decoder.counting and len(set(got)) == 1:
            raise Wrong(f"{what}: stan się nie zmienia — podawaj dekoderowi stan zwrócony w poprzednim kroku.")
        raise Wrong(f"{what}: {got} zamiast {expected} — w każdym kroku bierz najbardziej prawdopodobne słowo "
                    "(argmax).")
    return "argmax w każdym kroku, wybrane słowo i nowy stan idą do następnego kroku, stop na [end] albo po max_len."


def _ngrams(tokens: list[str], n: int) -> Counter:
    return Counter(tuple(tokens[i:i + n]) for i in range(len(tokens) - n + 1))


def reference_clipped_precision(candidate: list[str], references: list[list[str]], n: int) -> float:
    counts = _ngrams(candidate, n)
    if not counts:
        return 0.0
    most = Counter()
    for reference in references:
        most |= _ngrams(reference, n)                  # | keeps the larger count of each n-gram
    return sum(min(count, most[gram]) for gram, count in counts.items()) / sum(counts.values())


@_exercise("nmt.precision")
def _nmt_precision(function: Callable) -> str:
    def words(text: str) -> list[str]:
        return text.split()

    cat = [words("the cat is on the mat"), words("there is a cat on the mat")]
    cases = [
        (words("the the the the the the the"), cat, 1),
        (words("the cat the cat on the mat"), cat, 2),
        (words("a cat is on a mat"), [words("the cat is on the mat"), words("a cat is on a mat today")], 1),
        (words("tom is very very tired"), [words("tom is tired"), words("tom is very very tired")], 1),
        (words("tom is tired"), [words("tom is very tired")], 3),
        (words("hello"), [words("hello there")], 2),                          # no bigram in the candidate
    ]
    for candidate, references, n in cases:
        before = ([*candidate], [list(r) for r in references])
        expected = reference_clipped_precision(candidate, references, n)
        what = f"kandydat {' '.join(candidate)!r}, n={n}"
        try:
            value = _number(_call(function, candidate, references, n))
        except Wrong as error:
            if len(candidate) < n:
                raise Wrong(f"{error} Kandydat krótszy niż n nie ma żadnego n-gramu: zwróć wtedy 0.") from None
            raise
        if (candidate, references) != before:
            raise Wrong("funkcja zmienia swoje argumenty (listy słów).")
        if abs(value - expected) < 1e-9:
            continue
        counts = _ngrams(candidate, n)
        total = sum(counts.values())
        in_some = sum(count for gram, count in counts.items() if any(gram in _ngrams(r, n) for r in references))
        summed = sum(min(count, sum(_ngrams(r, n)[gram] for r in references)) for gram, count in counts.items())
        first = sum(min(count, _ngrams(references[0], n)[gram]) for gram, count in counts.items())
        if total and abs(value - in_some / total) < 1e-9:
            raise Wrong(f"{what}: n-gramy nie są przycinane — każdy liczy się najwyżej tyle razy, ile występuje "
                        "we wzorcu (inaczej „the the the …” dostaje pełny wynik).")
        if total and abs(value - summed / total) < 1e-9:
            raise Wrong(f"{what}: przycinamy do największej liczby wystąpień w *jednym* wzorcu, nie do sumy po "
                        "wzorcach.")
        if total and abs(value - first / total) < 1e-9:
            raise Wrong(f"{what}: uwzględnij wszystkie wzorce — dla każdego n-gramu maksimum po wzorcach.")
        raise Wrong(f"{what}: wynik {value:.4f}, a powinno być {expected:.4f} — n-gram to n kolejnych słów, "
                    "mianownik to liczba n-gramów kandydata.")
    return "n-gramy kandydata przycięte do maksimum we wzorcach, przez liczbę n-gramów kandydata (jak w BLEU)."


# nmt.perplexity: the perplexity (perpleksja) behind a mean cross-entropy, counted on paper
PERPLEXITY_LOSS = 2.0                                       # nats per target token, as Keras reports it


@_exercise("nmt.perplexity")
def _nmt_perplexity(answer) -> str:
    loss = PERPLEXITY_LOSS
    value, right = _number(answer), float(np.exp(loss))
    hints = {
        2 ** loss: "2^strata to perpleksja dla straty w bitach; Keras liczy entropię krzyżową logarytmem naturalnym "
                   "(w natach), więc podstawą jest e.",
        10 ** loss: "Keras liczy entropię krzyżową logarytmem naturalnym, więc perpleksja to e^strata, nie 10^strata.",
        loss: "to sama strata; perpleksja to e^strata — liczba słów, między którymi model waha się średnio tak, "
              "jakby wybierał spośród nich losowo.",
        float(np.exp(-loss)): "e^(−strata) to średnie (geometryczne) prawdopodobieństwo poprawnego słowa; "
                              "perpleksja to jego odwrotność, e^strata.",
        float(np.log(loss)): "odwrotnie: perpleksja to e^strata, a strata to ln(perpleksji).",
    }
    if abs(value - right) > 0.01 * right:
        for wrong, hint in hints.items():
            if abs(value - wrong) <= 0.01 * abs(wrong):
                raise Wrong(hint)
        raise Wrong("perpleksja to e^strata: strata to średnia z −ln p(poprawne słowo), a e^strata — odwrotność "
                    "średniej geometrycznej tych prawdopodobieństw.")
    return (f"e^{loss:g} ≈ {right:.2f}: model jest średnio tak niepewny, jakby losował spośród ok. {right:.1f} tokenów "
            "(model jednostajny na 2000 tokenach ma perpleksję 2000).")


# nmt.reverser: a small encoder-decoder that learns to write a sequence of digits backwards
REVERSER = dict(vocab=14, length=6, train=4000, test=500, epochs=8, batch=64, learning_rate=1e-2,
                max_params=50_000, min_accuracy=0.9)


def _percent(fraction: float, digits: int = 1) -> str:
    return f"{100 * fraction:.{digits}f} %"


def reverse_task(n: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(source, decoder input, target): source = `length` digits (ids 4..vocab-1), target = them backwards + [end]."""
    rules = REVERSER
    source = np.random.default_rng(seed).integers(4, rules["vocab"], size=(n, rules["length"])).astype("int32")
    sentence = np.concatenate([np.full((n, 1), START), source[:, ::-1], np.full((n, 1), END)], axis=1)
    return source, sentence[:, :-1].astype("int32"), sentence[:, 1:].astype("int32")


def _predict(model, source: np.ndarray, decoder_input: np.ndarray) -> np.ndarray:
    import keras

    return np.asarray(keras.ops.convert_to_numpy(model([source, decoder_input], training=False)), dtype=float)


def greedy_reverse(model, source: np.ndarray) -> np.ndarray:
    """Greedy decoding with the whole model: feed what it wrote so far, take the argmax of the last step."""
    written = np.full((len(source), 1), START, dtype="int32")
    for _ in range(source.shape[1] + 1):
        probs = _predict(model, source, written)
        written = np.concatenate([written, probs[:, -1].argmax(axis=-1)[:, None].astype("int32")], axis=1)
    return written[:, 1:]


@_exercise("nmt.reverser")
def _nmt_reverser(build_reverser: Callable, seed: int = 0) -> str:
    """``seed`` (tests only) changes the initial weights, the data and the order of the batches."""
    import keras

    rules = REVERSER
    vocab, length = rules["vocab"], rules["length"]
    keras.utils.set_random_seed(seed)
    model = _call(build_reverser, vocab)
    if not isinstance(model, keras.Model):
        raise Wrong(f"build_reverser() ma zwrócić model Kerasa, a zwraca {type(model).__name__}.")
    if len(model.inputs) != 2:
        raise Wrong(f"model ma {len(model.inputs)} wejść, a potrzebuje dwóch: [źródło, wejście dekodera] — "
                    "keras.Model([source, decoder_input], ...).")
    source, decoder_input, target = reverse_task(8, seed=3)
    try:
        start = _predict(model, source, decoder_input)
    except Exception as error:  # noqa: BLE001 -- a model that cannot take the two id arrays
        raise Wrong(f"model nie przyjmuje par (źródło (8, {length}), wejście dekodera (8, {length + 1})) "
                    f"identyfikatorów: {type(error).__name__}: {str(error)[:200]}") from None
    if start.shape != (8, length + 1, vocab):
        raise Wrong(f"wyjście {start.shape} dla 8 ciągów, a powinno być (8, {length + 1}, {vocab}): rozkład na "
                    f"{vocab} tokenach w każdym kroku dekodera — GRU dekodera z return_sequences=True, na końcu "
                    f"Dense({vocab}).")
    if np.any(start < 0) or not np.allclose(start.sum(axis=-1), 1, atol=1e-3):
        raise Wrong("wyjście w każdym kroku ma być rozkładem prawdopodobieństwa: Dense(vocab_size, "
                    "activation=\"softmax\").")
    if np.allclose(_predict(model, source[::-1].copy(), decoder_input), start, atol=1e-6):
        raise Wrong("wyjście nie zależy od ciągu źródłowego: dekoder nie dostaje stanu kodera — "
                    "GRU(..., initial_state=state), gdzie state zwraca koder z return_state=True.")
    params, limit = model.count_params(), rules["max_params"]
    if params > limit:
        raise Wrong(f"{_n(params)} parametrów, limit {_n(limit)}: wystarczy GRU(64) w koderze i w dekoderze "
                    "z Embedding(vocab_size, 16) (ok. 33 tys. parametrów).")
    source, decoder_input, target = reverse_task(rules["train"], seed=1 + 10 * seed)
    keras.utils.set_random_seed(seed)
    model.compile(optimizer=keras.optimizers.Adam(rules["learning_rate"]), loss="sparse_categorical_crossentropy")
    model.fit([source, decoder_input], target, epochs=rules["epochs"], batch_size=rules["batch"], verbose=0)
    test_source, _, test_target = reverse_task(rules["test"], seed=2 + 10 * seed)
    written = greedy_reverse(model, test_source)
    accuracy = float(np.mean(written == test_target))
    whole = float(np.mean(np.all(written == test_target, axis=1)))
    if accuracy < rules["min_accuracy"]:
        raise Wrong(f"po {rules['epochs']} epokach dekodowanie zachłanne trafia {_percent(accuracy, 0)} tokenów "
                    f"(wymagane {_percent(rules['min_accuracy'], 0)}): stan kodera musi pomieścić cały ciąg — "
                    "weź więcej neuronów (np. GRU(64)) albo dłuższe wektory w warstwie Embedding.")
    return (f"{_n(params)} parametrów; dekodowanie zachłanne na {rules['test']} nowych ciągach: "
            f"{_percent(accuracy)} tokenów, {_percent(whole)} całych ciągów bezbłędnie.")
