"""Which slides do not fit the screen? Walks every slide of the built decks in headless Chromium.

    python tools/slide_fit.py [DECK.slides.html ...] [--sizes 1024x768 1280x720 1920x1080] [--list]
    make fit [NB=...]

Each slide is shown with all its fragments; a slide does not fit when its content is taller than
the slide area, or when a code cell, output or table is wider than its box (cut at the right edge).
Prints a table per deck and size: slides, slides that do not fit, the tallest (in screens), and with
--list each slide that does not fit (its title and the notebook cells on it). Exit status 0: this is
a report; tests/test_browser.py::test_every_slide_fits_the_projector enforces the same measure at
1280x720, except on slides with a cell tagged slide-overflow (and a slide_overflow_reason).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from slide_browser import WAIT_FOR_DECK, chromium

ROOT = Path(__file__).resolve().parents[1]

# What may be cut at the right edge: code, outputs, tables, figures and display maths. The static
# decks have nbconvert's markup and MathJax 2; live RISE has JupyterLab's (code in CodeMirror
# scrollers) and MathJax 3.
DECK_BOXES = "pre, table, .jp-OutputArea-output, .jp-RenderedImage img, .MathJax_Display"
RISE_BOXES = "pre, table, .jp-OutputArea-output, .jp-RenderedImage img, .cm-scroller, mjx-container"

# One leaf slide, its fragments shown: its title, its content height against the slide area, and how
# far its widest box (`boxes`) reaches past its own width or the slide's. Both walks below use it.
MEASURE_LEAF = """(slide, boxes) => {
    const box = document.querySelector('.reveal .slides');
    const size = {width: box.offsetWidth, height: box.offsetHeight};
    const wide = [...slide.querySelectorAll(boxes)]
        .map(e => e.scrollWidth - Math.min(e.clientWidth || e.scrollWidth, size.width))
        .reduce((a, b) => Math.max(a, b), 0);
    const heading = slide.querySelector('h1, h2, h3, h4');
    return {title: heading ? heading.textContent.replace('¶', '').trim() : '', height: slide.scrollHeight,
            area: size.height, width: size.width, wide};
}"""

# Static decks (argument: DECK_BOXES): every leaf slide in turn, all fragments shown, measured, with
# its output figures and body text size and the notebook cells on it.
MEASURE = """async (boxes) => {
    const measureLeaf = """ + MEASURE_LEAF + """;
    const sleep = ms => new Promise(r => setTimeout(r, ms));
    const rows = [];
    await Promise.all([...document.images].map(i => i.decode().catch(() => null)));
    const tops = [...document.querySelectorAll('.reveal .slides > section')];
    for (let h = 0; h < tops.length; h++) {
        const nested = [...tops[h].querySelectorAll(':scope > section')];
        const leaves = nested.length ? nested : [tops[h]];
        for (let v = 0; v < leaves.length; v++) {
            window.location.hash = '#/' + h + '/' + v;
            await sleep(60);
            const slide = leaves[v];
            slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
            await sleep(20);
            const leaf = measureLeaf(slide, boxes);
            // output figures: drawn size / own size (1 = shown pixel for pixel), and the body text size
            const figures = [...slide.querySelectorAll('.jp-RenderedImage img')].filter(i => i.naturalWidth)
                .map(i => ({scale: i.clientWidth / i.naturalWidth,
                            cell: (i.closest('[id^="cell-id="]') || {id: 'cell-id=?'}).id.slice(8)}));
            const text = slide.querySelector('.jp-RenderedMarkdown p, .jp-RenderedMarkdown li');
            rows.push({h, v, ...leaf, figures,
                       body_px: text ? parseFloat(getComputedStyle(text).fontSize) : null,
                       cells: [...slide.querySelectorAll('[id^="cell-id="]')].map(e => e.id.slice(8))});
        }
    }
    return rows;
}"""


# The live RISE view (JupyterLab; argument: RISE_BOXES): the present slide, all fragments shown,
# measured; the walk presses Space.
RISE_PRESENT = """(boxes) => {
    const measureLeaf = """ + MEASURE_LEAF + """;
    const slide = [...document.querySelectorAll('.reveal .slides section.present')]
        .filter(s => !s.querySelector('section')).pop();
    if (!slide) return null;
    slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
    return measureLeaf(slide, boxes);
}"""


def _verdict(row: dict) -> dict:
    """The row, marked too tall (content over the slide area) and too wide (a box cut at the right);
    2 pixels of slack for rounding."""
    row["too_tall"] = row["height"] > row["area"] + 2
    row["too_wide"] = row["wide"] > 2
    return row


def measure_rise(page) -> list[dict]:
    """Every slide of a notebook open in RISE (`page` at /rise/NOTEBOOK, reveal ready), in order."""
    leaves = page.evaluate("() => document.querySelectorAll('.reveal .slides section:not(.stack)').length")
    rows = []
    for _ in range(leaves):
        page.wait_for_timeout(60)
        rows.append(_verdict(page.evaluate(RISE_PRESENT, RISE_BOXES)))
        page.keyboard.press("Space")   # next slide: its fragments are all shown already
    return rows


def measure(context, deck: Path, width: int, height: int) -> list[dict]:
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(deck.resolve().as_uri())
    page.evaluate(WAIT_FOR_DECK)
    rows = page.evaluate(MEASURE, DECK_BOXES)
    page.close()
    return [_verdict(row) for row in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("decks", nargs="*", type=Path)
    parser.add_argument("--sizes", nargs="+", default=["1024x768", "1280x720", "1920x1080"])
    parser.add_argument("--list", action="store_true", help="list every slide that does not fit")
    args = parser.parse_args()
    decks = args.decks or sorted((ROOT / "build" / "slides").glob("[0-9][0-9]_*.slides.html"))
    if not decks:
        print("no decks: run `make slides` first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    print("| deck | size | slides | do not fit | taller than the screen | cut at the right | tallest (screens) |")
    print("|---|---|---:|---:|---:|---:|---:|")
    listing = []
    with sync_playwright() as playwright, chromium(playwright) as context:
        for deck in decks:
            for size in args.sizes:
                width, height = (int(n) for n in size.split("x"))
                rows = measure(context, deck, width, height)
                bad = [r for r in rows if r["too_tall"] or r["too_wide"]]
                tallest = max(r["height"] / r["area"] for r in rows)
                print(f"| {deck.name.split('.')[0]} | {size} | {len(rows)} | {len(bad)} | "
                      f"{sum(r['too_tall'] for r in rows)} | {sum(r['too_wide'] for r in rows)} | {tallest:.1f} |",
                      flush=True)
                listing += [(deck.name, size, r) for r in bad]
    if args.list:
        for name, size, r in listing:
            print(f"{name} {size} #/{r['h']}/{r['v']} {r['title'][:50]!r}: {r['height'] / r['area']:.2f} screens,"
                  f" {r['wide']} px too wide, cells {' '.join(r['cells'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
