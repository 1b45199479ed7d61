"""Static checks of every committed notebook (seconds; no kernel is started)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from slide_cells import is_notes

import notebooks as nbtools  # tools/ (conftest.py puts it on sys.path)

ROOT = Path(__file__).resolve().parents[1]

NOTEBOOKS = nbtools.all_notebooks()
SLIDE_TYPES = {"slide", "subslide", "fragment", "-", "skip", "notes"}
IMAGE_REFS = re.compile(r"""!\[[^\]]*\]\(\s*<?([^)\s>]+)|<img[^>]*\bsrc=["']([^"']+)""")
ABSOLUTE_PATH = re.compile(r"(?:/(?:home|root|tmp|work|Users|private)/\w+|[A-Z]:\\\\Users)")


def test_lecture_notebooks_exist():
    assert NOTEBOOKS, "no notebooks/NN_*.ipynb found"
    assert all(path.stem in nbtools.BUDGETS for path in NOTEBOOKS), "every notebook needs a budget"


@pytest.fixture(params=NOTEBOOKS, ids=lambda path: path.name)
def notebook(request):
    path = request.param
    return path, nbformat.read(path, as_version=4)


def test_valid_and_normalised(notebook):
    path, nb = notebook
    nbformat.validate(nb)
    assert nbtools.dumps(nbtools.normalise(nb)) == path.read_text(encoding="utf-8"), (
        f"{path.name} is not normalised: run `make normalise NB={path.relative_to(ROOT)}`"
    )


def test_metadata_for_slides_and_kernel(notebook):
    path, nb = notebook
    assert nb.metadata.kernelspec.name == "python3"
    assert "rise" in nb.metadata, "notebook metadata needs RISE settings"
    missing = [i for i, cell in enumerate(nb.cells)
               if cell.metadata.get("slideshow", {}).get("slide_type") not in SLIDE_TYPES]
    assert not missing, f"cells without slide metadata: {missing}"
    assert nb.cells[0].metadata.slideshow.slide_type == "slide", "first cell is the title slide"


def test_executed_in_order_without_errors(notebook):
    path, nb = notebook
    code = [cell for cell in nb.cells if cell.cell_type == "code" and cell.source.strip()]
    counts = [cell.execution_count for cell in code]
    assert None not in counts, "every code cell must be executed (run `make execute`)"
    assert counts == list(range(1, len(code) + 1)), "outputs must come from one full run, top to bottom"
    for cell in code:
        if "raises-exception" in cell.metadata.get("tags", []):
            continue
        errors = [out for out in cell.outputs if out.output_type == "error"]
        assert not errors, f"stored error in cell {cell.source[:60]!r}"


def test_no_machine_specific_output(notebook):
    path, nb = notebook
    outputs = json.dumps([cell.get("outputs", []) for cell in nb.cells])
    found = ABSOLUTE_PATH.findall(outputs)
    assert not found, f"absolute paths in outputs: {found[:3]}"


def test_images_are_local_and_exist(notebook):
    path, nb = notebook
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in IMAGE_REFS.finditer(cell.source):
            ref = match.group(1) or match.group(2)
            assert not re.match(r"^[a-z]+:", ref), f"remote image {ref!r}: draw it in lecture5/diagrams"
            assert (path.parent / ref).resolve().is_file(), f"missing image {ref!r}"


def test_every_section_has_speaker_notes_and_a_time(notebook):
    """Issue 13: each horizontal section (a "slide" cell) carries a notes cell for the lecturer
    (what to say, what to run live, a question for the room, minutes) before the next section."""
    path, nb = notebook
    sections, current = [], None
    for cell in nb.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type")
        if kind == "slide":
            current = {"title": cell.source.splitlines()[0] if cell.source else "", "notes": []}
            sections.append(current)
        elif is_notes(cell) and current is not None:
            current["notes"].append(cell.source)
    missing = [s["title"] for s in sections[1:] if not s["notes"]]   # [0]: the title slide
    assert not missing, f"{path.name}: sections without speaker notes: {missing}"
    for section in sections[1:]:
        text = "\n".join(section["notes"])
        assert re.search(r"Czas:\**\s*(ok\.\s*)?\d", text), f"{path.name}: {section['title']}: no 'Czas: N min'"


def test_deep_dive_tags_mark_subslides(notebook):
    """A deep-dive label (cell tag deep-dive) sits on the first cell of a vertical subslide, which
    the lecturer can skip; horizontal sections carry the core path."""
    path, nb = notebook
    for cell in nb.cells:
        if "deep-dive" in cell.metadata.get("tags", []):
            assert cell.metadata.get("slideshow", {}).get("slide_type") == "subslide", (path.name, cell.id)


# Plotting calls that would draw text smaller than lecture5.runtime's FIGURE_FONT_PT.
SMALL_TEXT = re.compile(r"""\b(?:fontsize|labelsize)\s*=\s*(?:["']([\w-]+)["']|(\d+(?:\.\d+)?))""")
LARGE_NAMES = {"medium", "large", "larger", "x-large", "xx-large"}
MUTED_NAMES = re.compile(r"tab:(red|green|orange|olive|brown|pink)")


def check_plotting_text_and_palette(sources: list[tuple[str, str]]) -> None:
    """No plotting call in these (where, source) pairs asks for text smaller than FIGURE_FONT_PT or
    for a red/green colour of matplotlib's default palette by name."""
    from lecture5.runtime import FIGURE_FONT_PT

    for where, source in sources:
        for match in SMALL_TEXT.finditer(source):
            name, points = match.groups()
            assert name in LARGE_NAMES if name else float(points) >= FIGURE_FONT_PT, f"{where}: {match.group(0)}"
        assert not MUTED_NAMES.search(source), f"{where}: {MUTED_NAMES.search(source).group(0)}"


def test_figures_keep_large_text_and_the_safe_palette(notebook):
    """Issue 13: no plotting call in a notebook (lecture5/: the next test) asks for text smaller than
    the slides' body text (FIGURE_FONT_PT, checked in the decks by tests/test_browser.py), nor for the
    red/green colours of matplotlib's default palette by name (colour-blind viewers, greyscale print)."""
    path, nb = notebook
    check_plotting_text_and_palette([(f"{path.name} cell {c.id}", c.source) for c in nb.cells
                                     if c.cell_type == "code"])


def test_plotting_modules_keep_large_text_and_the_safe_palette():
    """The same for lecture5/*plot*.py, the package's plotting helpers the notebooks call."""
    check_plotting_text_and_palette([(p.name, p.read_text(encoding="utf-8"))
                                     for p in sorted((ROOT / "lecture5").glob("*plot*.py"))])


def test_figures_follow_one_size_grid(notebook):
    """Issue 13: figures drawn with a literal size take one of lecture5.plots.FIGURE_WIDTHS."""
    from lecture5.plots import FIGURE_WIDTHS

    path, nb = notebook
    for cell in nb.cells:
        if cell.cell_type == "code":
            for width in re.findall(r"figsize=\(\s*([0-9.]+)\s*,", cell.source):
                assert float(width) in FIGURE_WIDTHS, f"{path.name} cell {cell.id}: figsize width {width}"
