"""Reference solutions to the exercises of notebooks/04_word_embeddings.ipynb (for the lecturer and CI).

Students find the exercises, with stubs and `check(...)` calls, at the end of the notebook.
`tests/test_exercises.py` proves that every check accepts these solutions.
"""

import numpy as np
from gensim.models import Word2Vec


def cosine(a, b):
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def most_similar(word, vectors, words, k):
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    query = words.index(word)
    similarity = unit @ unit[query]
    similarity[query] = -np.inf                       # the query is not its own neighbour
    return [words[i] for i in np.argsort(-similarity)[:k]]


def context_pairs(sentence, window):
    pairs = []
    for i, centre in enumerate(sentence):
        for j in range(max(0, i - window), min(len(sentence), i + window + 1)):
            if j != i:
                pairs.append((centre, sentence[j]))
    return pairs


def keep_probability(counts, t):
    f = counts / counts.sum()
    return np.minimum(1.0, (np.sqrt(f / t) + 1) * t / f)


def noise_distribution(counts, power=0.75):
    weights = counts ** power
    return weights / weights.sum()


# emb.pairs: every word has min(i, 3) neighbours on the left and min(9 − i, 3) on the right
pairs = 10 * 2 * 3 - 2 * (3 + 2 + 1)             # 48


def train_embeddings(sentences):
    # a tiny corpus: small vectors, many epochs, every word kept; one thread, so the seed decides everything
    model = Word2Vec(sentences, vector_size=16, window=2, min_count=1, sg=1, negative=5, epochs=30,
                     seed=0, workers=1)
    return model.wv


SOLUTIONS = {
    "emb.cosine": cosine,
    "emb.most_similar": most_similar,
    "emb.skipgram": context_pairs,
    "emb.keep": keep_probability,
    "emb.noise": noise_distribution,
    "emb.pairs": pairs,
    "emb.train": train_embeddings,
}
