"""What a notebook cell is on the slides, read from its metadata ``slideshow.slide_type``; for the
tests (pytest puts tests/ on sys.path: no __init__.py here, the default "prepend" import mode).

Works on nbformat's cells and on a notebook's raw JSON alike.
"""

from __future__ import annotations


def slide_type(cell) -> str:
    """"slide", "subslide", "fragment", "skip", "notes" or "-" (also for a cell without the key)."""
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") or "-"


def is_notes(cell) -> bool:
    """A speaker-notes cell: never on a slide; reveal.js's speaker view (S) and RISE (T) show it."""
    return slide_type(cell) == "notes"
