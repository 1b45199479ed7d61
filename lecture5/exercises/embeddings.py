"""Checks for the exercises of notebooks/04_word_embeddings.ipynb (word embeddings)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

import numpy as np

from lecture5.exercises import Wrong, _array, _call, _exercise, _number, _unchanged


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


@_exercise("emb.cosine")
def _emb_cosine(function: Callable) -> str:
    rng = np.random.default_rng(21)
    a64 = rng.normal(size=64)
    cases = [(np.array([1.0, 0.0]), np.array([0.0, 1.0])), (np.array([1.0, 2.0, 3.0]), np.array([2.0, 4.0, 6.0])),
             (np.array([1.0, 2.0]), np.array([-2.0, -4.0])), (np.array([3.0, 4.0]), np.array([4.0, 3.0])),
             (a64 * 5, a64 + rng.normal(size=64)), (rng.normal(size=64) * 0.1, rng.normal(size=64) * 7)]
    for a, b in cases:
        before = (a.copy(), b.copy())
        expected = _cos(a, b)
        what = f"wektory o długości {len(a)}" if len(a) > 3 else f"a = {a.tolist()}, b = {b.tolist()}"
        value = _number(_call(function, a, b))
        _unchanged(before[0], a)
        _unchanged(before[1], b)
        if abs(value - expected) < 1e-6:
            continue
        if abs(value - float(a @ b)) < 1e-6:
            raise Wrong(f"{what}: to sam iloczyn skalarny — podziel go przez iloczyn długości (norm) obu wektorów; "
                        "liczy się kierunek, nie długość.")
        if abs(value - abs(expected)) < 1e-6:
            raise Wrong(f"{what}: kosinus wektorów przeciwnych to −1 — nie bierz wartości bezwzględnej.")
        if abs(value - (1 - expected)) < 1e-6:
            raise Wrong(f"{what}: to odległość kosinusowa 1 − cos, a potrzebne jest podobieństwo cos.")
        if abs(value - float(a @ b) / float((a @ a) * (b @ b))) < 1e-6:
            raise Wrong(f"{what}: dzielimy przez normy ‖a‖·‖b‖, nie przez ich kwadraty.")
        raise Wrong(f"{what}: wynik {value:.4f}, a powinno być {expected:.4f}; cos = a·b / (‖a‖·‖b‖).")
    return ("a·b / (‖a‖·‖b‖): 1 dla wektorów o tym samym kierunku (dowolnej długości), 0 — prostopadłych, "
            "−1 — przeciwnych.")


def reference_most_similar(word: str, vectors: np.ndarray, words: list[str], k: int) -> list[str]:
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    query = words.index(word)
    similarity = unit @ unit[query]
    similarity[query] = -np.inf
    return [words[i] for i in np.argsort(-similarity, kind="stable")[:k]]


def _as_words(result) -> list:
    """A list of words; (word, score) pairs are accepted too."""
    try:
        items = list(result)
    except TypeError:
        raise Wrong(f"funkcja ma zwrócić listę słów, a zwraca {type(result).__name__}.") from None
    return [item[0] if isinstance(item, (tuple, list)) and len(item) == 2 else item for item in items]


@_exercise("emb.most_similar")
def _emb_most_similar(function: Callable) -> str:
    rng = np.random.default_rng(4)
    words = [f"słowo{i}" for i in range(60)]
    vectors = rng.normal(size=(60, 8)) * rng.uniform(0.2, 5.0, size=(60, 1))    # lengths differ a lot
    before = vectors.copy()
    for query, k in [("słowo0", 3), ("słowo17", 5), ("słowo59", 1), ("słowo33", 10)]:
        expected = reference_most_similar(query, vectors, words, k)
        what = f"zapytanie {query!r}, k={k}"
        got = _as_words(_call(function, query, vectors, words, k))
        _unchanged(before, vectors)
        if got and all(isinstance(item, (int, np.integer)) for item in got):
            raise Wrong(f"{what}: zwróć słowa (words[i]), nie ich indeksy.")
        if query in got:
            raise Wrong(f"{what}: na liście jest samo zapytanie — pomiń słowo, o które pytamy (jego kosinus to 1).")
        if len(got) != k:
            raise Wrong(f"{what}: liczba słów {len(got)}, a ma być dokładnie k = {k}.")
        if got == expected:
            continue
        index = words.index(query)
        dots = vectors @ vectors[index]
        dots[index] = -np.inf
        if got == [words[i] for i in np.argsort(-dots, kind="stable")[:k]]:
            raise Wrong(f"{what}: to kolejność iloczynów skalarnych — długie wektory wygrywają niezależnie od "
                        "kierunku; podziel przez normy (podobieństwo kosinusowe).")
        unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        cosines = unit @ unit[index]
        cosines[index] = np.inf
        if got == [words[i] for i in np.argsort(cosines, kind="stable")[:k]]:
            raise Wrong(f"{what}: to słowa *najmniej* podobne — sortuj malejąco.")
        if sorted(got) == sorted(expected):
            raise Wrong(f"{what}: słowa dobre, ale kolejność nie — od największego kosinusa.")
        raise Wrong(f"{what}: {got} zamiast {expected}.")
    return "k słów o największym kosinusie, od najbliższego, bez samego zapytania."


def reference_skipgram(sentence: list[str], window: int) -> list[tuple[str, str]]:
    return [(sentence[i], sentence[j]) for i in range(len(sentence))
            for j in range(max(0, i - window), min(len(sentence), i + window + 1)) if j != i]


def _pairs(result, what: str) -> Counter:
    try:
        return Counter(tuple(pair) for pair in result)
    except TypeError:
        raise Wrong(f"{what}: funkcja ma zwrócić listę par (środek, kontekst).") from None


@_exercise("emb.skipgram")
def _emb_skipgram(function: Callable) -> str:
    cases = [(["zawsze", "karmię", "psy", "wczesnym", "wieczorem"], 2),
             (["zawsze", "karmię", "psy", "wczesnym", "wieczorem"], 1),
             (["ala", "ma", "kota", "i", "psa", "a", "kot", "ma", "alę"], 3),
             (["nie", "wiem", "czy", "nie"], 3),                   # the same word twice: (nie, nie) is a real pair
             (["sam"], 2), (["krótkie", "zdanie"], 5)]
    for sentence, window in cases:
        before = list(sentence)
        expected = Counter(reference_skipgram(sentence, window))
        what = f"zdanie {' '.join(sentence)!r}, window={window}"
        got = _pairs(_call(function, sentence, window), what)
        if sentence != before:
            raise Wrong("funkcja zmienia zdanie, które dostała.")
        if got == expected:
            continue
        extra, missing = got - expected, expected - got
        unique = len(set(sentence)) == len(sentence)
        if unique and any(centre == context for centre, context in extra):
            raise Wrong(f"{what}: jest para (słowo, to samo słowo) — środek nie jest swoim kontekstem.")
        if unique:
            position = {w: i for i, w in enumerate(sentence)}
            far = [(c, o) for c, o in extra if abs(position[o] - position[c]) > window]
            if far and all((position[c] - position[o]) % len(sentence) <= window for c, o in far):
                raise Wrong(f"{what}: są pary przez początek zdania (np. {far[0]}) — indeks ujemny w Pythonie liczy "
                            "od końca listy; pilnuj brzegów zdania.")
            if far:
                raise Wrong(f"{what}: są pary dalej niż window słów od środka (np. {far[0]}).")
            if missing and all(abs(position[o] - position[c]) == window for c, o in missing):
                raise Wrong(f"{what}: brakuje par odległych o dokładnie window słów (np. {next(iter(missing))}) — "
                            "okno obejmuje window słów z każdej strony, włącznie.")
            if missing and all(position[o] < position[c] for c, o in missing):
                raise Wrong(f"{what}: brakuje kontekstu z lewej strony — okno sięga w obie strony.")
            if missing and all(position[o] > position[c] for c, o in missing):
                raise Wrong(f"{what}: brakuje kontekstu z prawej strony — okno sięga w obie strony.")
        elif missing and all(centre == context for centre, context in missing):
            raise Wrong(f"{what}: brakuje pary {next(iter(missing))} — pomijaj *pozycję* środka, nie każde słowo "
                        "równe środkowemu (to samo słowo może stać obok siebie w zdaniu).")
        raise Wrong(f"{what}: pary się nie zgadzają (nadmiarowe: {sorted(extra)[:3]}, brakujące: "
                    f"{sorted(missing)[:3]}).")
    return "wszystkie pary (środek, kontekst) w oknie, w obie strony, bez wychodzenia poza zdanie."


def reference_keep(counts: np.ndarray, t: float) -> np.ndarray:
    f = counts / counts.sum()
    return np.minimum(1.0, (np.sqrt(f / t) + 1) * t / f)


@_exercise("emb.keep")
def _emb_keep(function: Callable) -> str:
    rng = np.random.default_rng(6)
    zipf = np.floor(20000 / np.arange(1, 201) ** 1.1) + 1
    cases = [(zipf, 1e-3), (zipf, 1e-2), (rng.integers(1, 5000, size=50).astype(float), 1e-3),
             (np.array([9464.0, 7549.0, 62.0, 37.0, 230_000.0]), 1e-3)]
    for counts, t in cases:
        before = counts.copy()
        expected = reference_keep(counts, t)
        what = f"{len(counts)} słów, t = {t:g}"
        result = _array(_call(function, counts, t), expected.shape, what, "Jedno prawdopodobieństwo na słowo.")
        _unchanged(before, counts)
        if np.allclose(result, expected):
            continue
        f = counts / counts.sum()
        if np.any(result > 1 + 1e-9) and np.allclose(np.minimum(result, 1), expected):
            raise Wrong(f"{what}: są wartości większe od 1 — prawdopodobieństwo obcinamy: min(1, …).")
        if np.allclose(np.minimum(1, result), np.minimum(1, np.sqrt(t / f))):
            raise Wrong("to wzór z artykułu (√(t/f)); notatnik, word2vec i gensim używają (√(f/t) + 1)·t/f.")
        with np.errstate(all="ignore"):
            raw = np.minimum(1.0, (np.sqrt(counts / t) + 1) * t / counts)
        if np.allclose(result, raw):
            raise Wrong("f to częstość względna: liczba wystąpień słowa podzielona przez liczbę wszystkich tokenów.")
        raise Wrong(f"{what}: wartości się nie zgadzają (np. dla najczęstszego słowa {result[np.argmax(counts)]:.3f} "
                    f"zamiast {expected[np.argmax(counts)]:.3f}).")
    return "min(1, (√(f/t) + 1)·t/f): słowa rzadsze niż ok. 2,6·t zostają zawsze, częste — tylko czasem."


def reference_noise(counts: np.ndarray, power: float = 0.75) -> np.ndarray:
    weights = counts.astype(float) ** power
    return weights / weights.sum()


@_exercise("emb.noise")
def _emb_noise(function: Callable) -> str:
    rng = np.random.default_rng(13)
    cases = [(np.array([100.0, 10.0, 1.0]), 0.75), (rng.integers(1, 10_000, size=40).astype(float), 0.75),
             (np.array([9464.0, 7549.0, 62.0, 37.0]), 0.75), (np.array([3.0, 1.0, 6.0]), 1.0),
             (np.array([50.0, 5.0]), 0.5)]
    for counts, power in cases:
        before = counts.copy()
        expected = reference_noise(counts, power)
        what = f"liczby {counts[:5].astype(int).tolist()}{' …' if len(counts) > 5 else ''}, potęga {power}"
        result = _array(_call(function, counts, power), expected.shape, what, "Jedno prawdopodobieństwo na słowo.")
        _unchanged(before, counts)
        if np.allclose(result, expected):
            continue
        if not np.isclose(result.sum(), 1):
            raise Wrong(f"{what}: suma wyników to {result.sum():.4g}, a rozkład sumuje się do 1 — "
                        "podziel przez sumę.")
        if power != 1 and np.allclose(result, counts / counts.sum()):
            raise Wrong(f"{what}: to zwykłe częstości — podnieś liczby wystąpień do potęgi {power} "
                        "przed normalizacją.")
        raise Wrong(f"{what}: wartości się nie zgadzają (np. {np.round(result[:3], 4).tolist()} zamiast "
                    f"{np.round(expected[:3], 4).tolist()}); p ∝ liczba^{power}.")
    return ("p ∝ liczba^power; przy 0,75 (word2vec) częste słowa losujemy rzadziej, niż wynika z ich udziału "
            "w tekście, a rzadkie — częściej.")


# emb.pairs: how many (target, context) pairs a sentence of N words gives with a fixed window
PAIRS_N, PAIRS_WINDOW = 10, 3
PAIRS = 2 * PAIRS_WINDOW * PAIRS_N - PAIRS_WINDOW * (PAIRS_WINDOW + 1)        # 60 − 12 = 48


@_exercise("emb.pairs")
def _emb_pairs(answer) -> str:
    n, w = PAIRS_N, PAIRS_WINDOW
    value = _number(answer)
    if not value.is_integer():
        raise Wrong("par jest całkowita liczba.")
    hints = {
        2 * w * n: f"{2 * w * n} = {n}·2·{w} — tyle byłoby, gdyby każde słowo miało {w} sąsiadów z obu stron; słowa "
                   "przy brzegach zdania mają ich mniej (pierwsze — tylko z prawej).",
        w * n: "okno sięga w obie strony — i pilnuj brzegów zdania.",
        PAIRS // 2: "pary są uporządkowane: (a, b) i (b, a) to dwie różne pary — każde słowo jest raz celem, "
                    "raz kontekstem.",
        2 * w * n - w * (w + 1) // 2: "brzeg jest z obu stron: końcowe słowa też mają mniej sąsiadów z prawej.",
        PAIRS + n: "środek nie jest swoim kontekstem — nie licz pary (słowo, to samo słowo).",
        (2 * w + 1) * n: "środek nie jest swoim kontekstem, a słowa przy brzegach mają mniej sąsiadów.",
    }
    if int(value) != PAIRS:
        raise Wrong(hints.get(int(value), "policz sąsiadów każdej pozycji osobno: słowo i ma min(i, window) "
                                          "sąsiadów z lewej i min(N − 1 − i, window) z prawej."))
    return (f"{n}·2·{w} = {2 * w * n} minus braki przy brzegach: po {w * (w + 1) // 2} (= 3 + 2 + 1) z każdej "
            f"strony, czyli {PAIRS}.")


# emb.train: word vectors on a tiny synthetic corpus in which four groups of words share their contexts
GROUPS = {
    "zwierzęta": ["kot", "pies", "koń", "lis"],
    "napoje": ["mleko", "piwo", "wino", "sok"],
    "pojazdy": ["samochód", "rower", "autobus", "motocykl"],
    "dni": ["poniedziałek", "wtorek", "czwartek", "piątek"],
}
TEMPLATES = {
    "zwierzęta": ["{} śpi na trawie", "mój {} głośno je", "{} biega po ogrodzie", "widzę jak {} śpi",
                  "stary {} biega szybko"],
    "napoje": ["piję zimne {}", "kupiłem w sklepie {}", "nalej mi {} do szklanki", "lubię pić {} wieczorem",
               "to {} jest za słodkie"],
    "pojazdy": ["naprawiam stary {}", "{} stoi w garażu", "sprzedałem szybki {}", "mój {} ma nowe koła",
                "{} jedzie ulicą"],
    "dni": ["w {} rano pracuję", "najbardziej lubię {}", "każdy {} jest długi", "w {} mam zajęcia",
            "cały {} pada deszcz"],
}
FILLERS = ["dziś", "wczoraj", "znowu", "chyba", "bardzo", "też", "zawsze", "potem"]
TRAIN_EMBEDDINGS = dict(sentences=2000, min_gap=0.3)


def embedding_corpus(seed: int = 0, size: int = TRAIN_EMBEDDINGS["sentences"]) -> list[list[str]]:
    """Sentences from the templates, each with a random word of the template's group and random fillers."""
    rng = np.random.default_rng(seed)
    groups = list(GROUPS)
    sentences = []
    for _ in range(size):
        group = groups[rng.integers(len(groups))]
        template = TEMPLATES[group][rng.integers(len(TEMPLATES[group]))]
        words = template.format(GROUPS[group][rng.integers(4)]).split()
        for _ in range(rng.integers(0, 3)):
            words.insert(int(rng.integers(len(words) + 1)), FILLERS[rng.integers(len(FILLERS))])
        sentences.append(words)
    return sentences


def _vector(vectors, word: str) -> np.ndarray:
    if hasattr(vectors, "wv") and not hasattr(vectors, "__getitem__"):
        raise Wrong("to model gensima — zwróć jego wektory: model.wv.")
    try:
        vector = vectors[word]
    except KeyError:
        raise Wrong(f"brakuje wektora słowa {word!r} — każde słowo z korpusu występuje co najmniej kilkadziesiąt "
                    "razy; czy min_count (albo słownik) nie jest za duży?") from None
    except (TypeError, IndexError):
        raise Wrong("wynik ma dawać wektor słowa: vectors[słowo] (słownik słowo → wektor albo model.wv "
                    "z gensima).") from None
    return np.asarray(vector, dtype=float).reshape(-1)


def group_gap(vectors) -> tuple[float, float, dict[str, str]]:
    """Mean cosine inside the groups, mean cosine across them, and each word's nearest other word."""
    words = [w for group in GROUPS.values() for w in group]
    table = [_vector(vectors, w) for w in words]
    if len({v.shape for v in table}) != 1:
        raise Wrong("wektory słów mają różne długości — wszystkie mają mieć ten sam wymiar.")
    matrix = np.stack(table)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    if not np.all(np.isfinite(matrix)) or np.any(norms == 0):
        raise Wrong("są wektory zerowe albo z nan — kosinus nie jest wtedy określony.")
    cosines = (matrix / norms) @ (matrix / norms).T
    group_of = np.repeat(np.arange(len(GROUPS)), 4)
    same = (group_of[:, None] == group_of[None, :]) & ~np.eye(len(words), dtype=bool)
    across = group_of[:, None] != group_of[None, :]
    np.fill_diagonal(cosines, -np.inf)
    nearest = {w: words[int(np.argmax(row))] for w, row in zip(words, cosines)}
    return float(cosines[same].mean()), float(cosines[across].mean()), nearest


@_exercise("emb.train")
def _emb_train(train_embeddings: Callable, seed: int = 0) -> str:
    import time

    import keras

    sentences = embedding_corpus(seed)
    keras.utils.set_random_seed(seed)               # also seeds Python's and NumPy's global generators
    started = time.perf_counter()
    vectors = _call(train_embeddings, [list(s) for s in sentences])
    seconds = time.perf_counter() - started
    inside, across, nearest = group_gap(vectors)
    gap, wanted = inside - across, TRAIN_EMBEDDINGS["min_gap"]
    group = {w: name for name, members in GROUPS.items() for w in members}
    strangers = [f"{w} → {n}" for w, n in nearest.items() if group[w] != group[n]]
    if gap < wanted or strangers:
        nearest = f", najbliższe słowo z innej grupy: {', '.join(strangers[:3])}" if strangers else ""
        raise Wrong(f"średni kosinus w grupach {inside:.2f}, między grupami {across:.2f}: różnica {gap:.2f} "
                    f"(potrzeba ≥ {wanted}){nearest}"
                    ". Korpus jest mały: potrzeba wielu epok (np. 20–50), małego wymiaru (np. 16–32) i okna "
                    "obejmującego sąsiadów (2–3).")
    return (f"kosinus w grupach średnio {inside:.2f}, między grupami {across:.2f} (różnica {gap:.2f} ≥ {wanted}); "
            f"każde słowo ma najbliższego sąsiada z własnej grupy; uczenie {seconds:.1f} s.")
