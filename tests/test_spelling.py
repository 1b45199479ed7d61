"""The spell checker's word list and its hunspell pipe-mode parsing."""

from pathlib import Path

import pytest
import spellcheck  # tools/ (conftest.py puts it on sys.path)

ROOT = Path(__file__).resolve().parents[1]


def test_word_list_is_sorted_and_unique():
    words = spellcheck.WORDS.read_text(encoding="utf-8").splitlines()
    assert words == sorted(set(words)), \
        "sort it: LC_ALL=C.UTF-8 sort -u -o tools/spelling/words.txt tools/spelling/words.txt"


def test_prose_drops_code_math_and_links():
    text = "Zdanie z `kodem`, $x^2$ i [odnośnikiem](https://example.org/xyz) oraz conv2d."
    assert spellcheck.prose(text).split() == ["Zdanie", "z", ",", "i", "odnośnikiem", "oraz", "."]


@pytest.mark.skipif(spellcheck.missing_tools() is not None, reason="hunspell with pl_PL and en_US is not installed")
def test_unknown_words_are_reported_per_text():
    texts = ["Zażółć gęślą jaźń.", "", "Dobre słowo i błont, oraz fsdfgh.", "attention and encoder"]
    assert spellcheck.unknown_words(texts) == [[], [], ["błont", "fsdfgh"], []]
