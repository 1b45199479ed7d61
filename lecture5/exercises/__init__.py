"""Self-checks for the exercises at the end of the notebooks; messages in Polish.

In a notebook, right under the student's stub:

    check("cnn.conv2d", conv2d)

A check runs the answer on cases of its own (not only the example in the text) and prints one
line: OK, what is wrong with a hint, or that the exercise is not done yet (the stub still raises
``NotImplementedError``, or the answer is still ``None``). It never raises, so "Run all" goes
through with the stubs in place. ``evaluate()`` returns the verdict instead of printing it:
``tests/test_exercises.py`` runs every check on the reference solutions in ``solutions/`` (must
pass) and on typical wrong answers (must fail with the intended hint).

This module is the framework; the checks live in one module per topic (``rnn``, ``cnn``,
``autoencoders``, ``embeddings``, ``translation``), imported at the end so that
``from lecture5.exercises import check`` registers all of them. Importing stays light: NumPy
only; a check that needs Keras imports it inside.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np


@dataclass(frozen=True)
class Verdict:
    status: str  # "ok", "wrong" or "todo"
    message: str


class NotDone(Exception):
    """The stub has not been filled in yet."""


class Wrong(Exception):
    """The answer is wrong; the message says how, with a hint."""


CHECKS: dict[str, Callable[[Any], str]] = {}
TODO = "jeszcze nie zrobione — uzupełnij kod w komórce powyżej i uruchom ją ponownie."
SIGNS = {"ok": "✓", "wrong": "✗", "todo": "…"}   # in DejaVu too: no emoji font needed


def _exercise(name: str):
    def register(function: Callable[[Any], str]) -> Callable[[Any], str]:
        CHECKS[name] = function
        return function
    return register


def evaluate(name: str, answer: Any) -> Verdict:
    """The verdict on ``answer`` for exercise ``name``."""
    if name not in CHECKS:
        return Verdict("wrong", f"nie ma ćwiczenia {name!r}; są: {', '.join(sorted(CHECKS))}.")
    if answer is None or answer is Ellipsis:
        return Verdict("todo", TODO)
    try:
        return Verdict("ok", CHECKS[name](answer))
    except NotDone:
        return Verdict("todo", TODO)
    except Wrong as error:
        return Verdict("wrong", str(error))
    except Exception as error:  # noqa: BLE001 -- an answer of an unexpected form (e.g. a ragged list)
        return Verdict("wrong", f"nie da się sprawdzić odpowiedzi o takiej postaci ({type(error).__name__}: {error}); "
                                "porównaj ją z opisem ćwiczenia.")


def check(name: str, answer: Any) -> None:
    """Print the verdict on ``answer`` in one line (never raises)."""
    verdict = evaluate(name, answer)
    print(f"{SIGNS[verdict.status]} {name}: {'OK — ' if verdict.status == 'ok' else ''}{verdict.message}")


def _shown(argument: Any) -> str:
    if isinstance(argument, np.ndarray):
        return f"tablica o kształcie {argument.shape}"
    if callable(argument):
        return "funkcja"
    text = repr(argument)
    return text if len(text) <= 80 else text[:77] + "..."


def _call(function: Callable, *args):
    """Run the student's function; its exceptions become a verdict, not a traceback."""
    if not callable(function):
        raise Wrong(f"oczekiwana funkcja, a jest {type(function).__name__}.")
    try:
        result = function(*args)
    except NotImplementedError:
        raise NotDone from None
    except Exception as error:  # noqa: BLE001 -- any error in student code is a hint, not a crash
        shown = ", ".join(_shown(a) for a in args)
        raise Wrong(f"funkcja zgłosiła {type(error).__name__}: {error} (argumenty: {shown}).") from None
    if result is None:
        raise Wrong("funkcja nic nie zwraca (None) — brakuje return?")
    return result


def _n(value: int) -> str:
    """12345 -> '12 345' (Polish thousands separator)."""
    return f"{value:,}".replace(",", " ")


def _number(answer: Any) -> float:
    if isinstance(answer, bool):
        raise Wrong(f"odpowiedzią ma być liczba, a jest {answer!r}.")
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise Wrong(f"odpowiedzią ma być liczba, a jest {answer!r}.") from None
    if not math.isfinite(value):
        raise Wrong(f"odpowiedzią ma być skończona liczba, a jest {answer!r}.")
    return value


def _count(answer: Any, right: int, hints: dict[int, str], otherwise: str) -> None:
    """A whole number counted on paper: ``right``, or a hint for a known wrong value."""
    value = _number(answer)
    if not value.is_integer():
        raise Wrong("liczba parametrów jest całkowita.")
    if value != right:
        raise Wrong(hints.get(int(value), otherwise))


def _array(result: Any, expected_shape: tuple[int, ...], what: str, hint: str = "") -> np.ndarray:
    try:
        result = np.asarray(result, dtype=float)
    except (TypeError, ValueError):
        raise Wrong(f"{what}: wynik nie jest tablicą liczb ({type(result).__name__}).") from None
    if result.shape != expected_shape:
        raise Wrong(f"{what}: kształt wyniku {result.shape}, a powinien być {expected_shape}. {hint}".strip())
    return result


def _pair(result: Any, what: str) -> tuple[Any, Any]:
    """A function that must return two things, e.g. ``(x, y)``."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Wrong(f"{what}: funkcja ma zwrócić parę (dwa elementy), a zwraca {type(result).__name__}.")
    return result[0], result[1]


def _unchanged(before: np.ndarray, after: np.ndarray) -> None:
    if not np.array_equal(before, after):
        raise Wrong("funkcja zmienia swoje wejście; licz wynik w nowej tablicy.")


# the topic modules register their checks with @_exercise when imported
from lecture5.exercises import autoencoders, cnn, embeddings, rnn, translation  # noqa: E402,F401
