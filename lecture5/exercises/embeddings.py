"""Checks for the exercises of notebooks/04_word_embeddings.ipynb (word embeddings)."""

from __future__ import annotations

from collections import Counter
from typing import Callable

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
