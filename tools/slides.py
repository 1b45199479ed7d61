"""Build the lecture's static slide decks, HTML pages and PDFs; they work without a network.

    python tools/slides.py slides [NOTEBOOK ...]  one reveal.js deck per notebook, the combined
                                                  deck lecture5.slides.html and index.html
                                                  -> build/slides/
    python tools/slides.py html [NOTEBOOK ...]    full pages (all cells and outputs) -> build/html/
    python tools/slides.py pdf [NOTEBOOK ...]     decks printed by headless Chromium -> build/pdf/
    python tools/slides.py assets                 only fetch (npm ci) and copy the assets

NOTEBOOK defaults to notebooks/[0-9][0-9]_*.ipynb; --build DIR writes elsewhere than build/.
reveal.js, require.js, jQuery, MathJax 2 and the theme fonts come from slides/package-lock.json
(see tools/slide_assets.py) and are copied to build/assets/, so build/ can be moved as a whole.
The notebook metadata ``rise`` (what RISE uses live) sets the theme, transition, size, scroll.
notebooks/rise.css (what RISE loads live) sets the code size and figure caps; see shared_css().
"""

from __future__ import annotations

import argparse
import base64
import copy
import html
import mimetypes
import re
import sys
import time
from pathlib import Path

import nbformat

sys.path.insert(0, str(Path(__file__).resolve().parent))
import slide_assets  # noqa: E402

ROOT = slide_assets.ROOT
TEMPLATES = ROOT / "slides" / "templates"
LECTURE_TITLE = "Uczenie maszynowe — wykład 5"
COMBINED = "lecture5"  # build/slides/lecture5.slides.html
# RISE's own defaults (jupyterlab-rise 0.43 settings schema), so live and static decks agree.
RISE_DEFAULTS = {"theme": "simple", "transition": "slide", "scroll": False, "width": "100%",
                 "height": "100%", "controls": True, "progress": True, "center": True,
                 "slideNumber": False, "history": True, "pdfSeparateFragments": False}
REVEAL_OPTIONS = {"controls", "progress", "center", "slideNumber", "transition", "width", "height",
                  "margin", "minScale", "maxScale", "history", "backgroundTransition",
                  "transitionSpeed", "controlsLayout", "showNotes", "viewDistance",
                  "pdfSeparateFragments", "pdfMaxPagesPerSlide"}
IMAGE_REFS = [re.compile(r"(!\[[^\]]*\]\(\s*<?)([^)\s>]+)"),  # ![alt](src) and ![alt](<src>)
              re.compile(r"(<img\b[^>]*?\bsrc=[\"'])([^\"']+)")]
# The slides' look both views share: notebooks/rise.css (jupyterlab-rise loads it live), up to the
# comment line that opens its live-RISE-only rules (written for JupyterLab's markup, not nbconvert's).
RISE_CSS = ROOT / "notebooks" / "rise.css"
LIVE_ONLY = re.compile(r"^/\* live RISE only\b", re.M)


def all_notebooks() -> list[Path]:
    return sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def slide_type(cell) -> str:
    return cell.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") or "-"


def notebook_title(nb, path: Path) -> str:
    """The last heading of the first titled cell ("# Wykład 5.2 / ## Sieci CNN" -> "Sieci CNN")."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and slide_type(cell) not in {"skip", "notes"}:
            lines = cell.source.splitlines()
            headings = [line.lstrip("#").strip() for line in lines if line.startswith("#")]
            if headings:
                return headings[-1]
    return path.stem


def plain_text(markdown: str) -> str:
    """A heading without its emphasis marks ("*word embeddings*" -> "word embeddings")."""
    return re.sub(r"[*_`]", "", markdown)


def reveal_settings(rise: dict) -> tuple[dict, dict]:
    """metadata.rise -> (exporter traits, Reveal.initialize options)."""
    settings = {**RISE_DEFAULTS, **(rise or {})}
    if settings["transition"] == "linear":  # RISE's name for reveal.js's "slide"
        settings["transition"] = "slide"
    theme = settings["theme"]
    if not (slide_assets.NODE_MODULES / f"reveal.js/dist/theme/{theme}.css").exists():
        print(f"warning: reveal.js 4 has no theme {theme!r}; using 'simple'", file=sys.stderr)
        settings["theme"] = "simple"
    options = {key: value for key, value in settings.items() if key in REVEAL_OPTIONS}
    options.setdefault("pdfMaxPagesPerSlide", 1)  # a handout page per slide, never a spill-over page
    for key in ("width", "height"):  # "960" -> 960; "100%" stays a string
        if isinstance(options[key], str) and options[key].isdigit():
            options[key] = int(options[key])
    traits = {"reveal_theme": settings["theme"], "reveal_transition": settings["transition"],
              "reveal_scroll": bool(settings["scroll"])}
    return traits, options


def read_notebook(path: Path):
    """Read a notebook with its local images embedded as data: URIs (decks stay relocatable).

    Home-made on purpose: nbconvert's own ``HTMLExporter.embed_images`` only embeds files inside
    the notebook's folder (nbconvert 7.17, ``_src_to_base64`` drops any path that resolves outside
    it), and every notebook links its figures as ``../images/NAME.svg``.
    """
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # widget state would load its manager from unpkg
    nb.metadata.setdefault("title", plain_text(notebook_title(nb, path)))  # the page's <title>

    def embed(match: re.Match) -> str:
        src = match.group(2)
        if re.match(r"^([a-z]+:|/|#)", src):
            return match.group(0)
        target = path.parent / src
        if not target.is_file():
            print(f"warning: {path.name}: image {src} not found (make images?)", file=sys.stderr)
            return match.group(0)
        mime = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        data = base64.b64encode(target.read_bytes()).decode()
        return f"{match.group(1)}data:{mime};base64,{data}"

    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        if "```mermaid" in cell.source:
            raise SystemExit(f"error: {path.name}: mermaid diagrams need a CDN; draw them in "
                             "lecture5/diagrams and link the SVG from images/ instead")
        for pattern in IMAGE_REFS:
            cell.source = pattern.sub(embed, cell.source)
    return nb


def exporter(kind: str, traits: dict | None = None):
    from nbconvert import HTMLExporter, SlidesExporter
    from traitlets.config import Config

    urls = slide_assets.URLS
    config = Config()
    config.HTMLExporter.update(
        language_code="pl", require_js_url=urls["require_js_url"], jquery_url=urls["jquery_url"],
        mathjax_url=urls["mathjax_url"], extra_template_basedirs=[str(TEMPLATES)],
        extra_template_paths=[str(TEMPLATES)])  # TEMPLATES/lecture5_images.j2: macros both templates import
    if kind == "html":
        return HTMLExporter(config=config, template_name="lecture5_lab")
    config.SlidesExporter.update(reveal_url_prefix=urls["reveal_url_prefix"],
                                 font_awesome_url=urls["font_awesome_url"], **(traits or {}))
    return SlidesExporter(config=config, template_name="lecture5_reveal")


def hide_collapsed_inputs(nb) -> None:
    """A code cell whose input is collapsed in JupyterLab (``metadata.jupyter.source_hidden``,
    e.g. plotting code that is not the lesson) shows only its output on the slide, as in RISE."""
    for cell in nb.cells:
        if cell.cell_type == "code" and cell.metadata.get("jupyter", {}).get("source_hidden"):
            cell.metadata["transient"] = {"remove_source": True}


def shared_css() -> str:
    """The rules of notebooks/rise.css the static decks take too (their template inlines them)."""
    text = RISE_CSS.read_text(encoding="utf-8")
    live_only = LIVE_ONLY.search(text)
    return (text[:live_only.start()] if live_only else text).strip()


def write_deck(nb, name: str, out: Path) -> Path:
    hide_collapsed_inputs(nb)
    traits, options = reveal_settings(nb.metadata.get("rise", {}))
    resources = {"metadata": {"name": name, "path": str(ROOT)},
                 "deck": {"options": options, "scroll": traits["reveal_scroll"], "css": shared_css()}}
    body, _ = exporter("slides", traits).from_notebook_node(nb, resources=resources)
    target = out / f"{name}.slides.html"
    target.write_text(body, encoding="utf-8")
    return target


def horizontal_slides(cells) -> int:
    """How many horizontal slides nbconvert makes of these cells (the first shown one opens one)."""
    visible = [c for c in cells if slide_type(c) not in {"skip", "notes"}]
    return 1 + sum(slide_type(c) == "slide" for c in visible[1:]) if visible else 0


def combined_notebook(paths: list[Path]):
    """The whole lecture as one notebook: a title slide, a table of contents, then every part."""
    def markdown(text, cell_id):  # fixed ids: the same deck at every build
        return nbformat.v4.new_markdown_cell(text, id=cell_id, metadata={"slideshow": {"slide_type": "slide"}})

    parts, cells, index = [], [], 2  # horizontal index 0: title, 1: contents
    for path in paths:
        nb = read_notebook(path)
        part = [copy.deepcopy(c) for c in nb.cells]
        first = next((c for c in part if slide_type(c) not in {"skip", "notes"}), None)
        if first is None:
            continue
        first.metadata.setdefault("slideshow", {})["slide_type"] = "slide"
        parts.append((notebook_title(nb, path), index))
        index += horizontal_slides(part)
        cells += part
    toc = "\n".join(f"{i}. [{html.escape(title)}](#/{at})"
                    for i, (title, at) in enumerate(parts, 1))
    first_nb = nbformat.read(paths[0], as_version=4)
    combined = nbformat.v4.new_notebook(metadata={"title": LECTURE_TITLE,
                                                  "rise": first_nb.metadata.get("rise", {})})
    combined.cells = [markdown(f"# {LECTURE_TITLE}\n\nSlajdy ze wszystkich notatników wykładu", "lecture-title"),
                      markdown(f"## Spis treści\n\n{toc}", "lecture-contents")] + cells
    return combined


def build_slides(paths: list[Path], build: Path, combined: bool = True) -> list[Path]:
    slide_assets.copy_assets(build)
    out = build / "slides"
    out.mkdir(parents=True, exist_ok=True)
    decks = []
    for path in paths:
        start = time.perf_counter()
        decks.append(write_deck(read_notebook(path), path.stem, out))
        print(f"slides: {decks[-1].relative_to(build)} ({time.perf_counter() - start:.1f} s)")
    if combined and (len(paths) > 1 or set(paths) == set(all_notebooks())):
        decks.append(write_deck(combined_notebook(paths), COMBINED, out))
        print(f"slides: {decks[-1].relative_to(build)} (whole lecture)")
    write_index(build)
    return decks


def build_html(paths: list[Path], build: Path) -> list[Path]:
    slide_assets.copy_assets(build)
    out = build / "html"
    out.mkdir(parents=True, exist_ok=True)
    pages = []
    for path in paths:
        nb = read_notebook(path)
        resources = {"metadata": {"name": path.stem, "path": str(path.parent)}}
        body, _ = exporter("html").from_notebook_node(nb, resources=resources)
        pages.append(out / f"{path.stem}.html")
        pages[-1].write_text(body, encoding="utf-8")
        print(f"html: {pages[-1].relative_to(build)}")
    write_index(build)
    return pages


def page_title(page: Path) -> str:
    match = re.search(r"<title>(.*?)</title>", page.read_text(encoding="utf-8"), re.S)
    title = html.unescape(match.group(1)).strip() if match else page.stem
    return title.removesuffix(" slides")


def write_index(build: Path) -> None:
    """build/slides/index.html lists every deck, HTML page and PDF there is; build/index.html
    points to it."""
    def links(pages, prefix):
        return "\n".join(
            f'<li><a href="{prefix}{p.name}">'
            f"{html.escape(page_title(p) if p.suffix == '.html' else p.stem)}</a>"
            f" <small>({p.name})</small></li>" for p in pages)

    decks = sorted((build / "slides").glob("*.slides.html"),
                   key=lambda p: (p.name != f"{COMBINED}.slides.html", p.name))
    sections = [
        ("Slajdy (reveal.js; F — pełny ekran, S — notatki, Esc — przegląd)", decks, ""),
        ("Strony HTML (wszystkie komórki i wyniki)", sorted((build / "html").glob("*.html")),
         "../html/"),
        ("PDF", sorted((build / "pdf").glob("*.pdf")), "../pdf/")]
    body = "\n".join(f"<h2>{title}</h2>\n<ul>\n{links(pages, prefix)}\n</ul>"
                     for title, pages, prefix in sections if pages)
    (build / "slides").mkdir(parents=True, exist_ok=True)
    (build / "slides" / "index.html").write_text(
        f'<!DOCTYPE html>\n<html lang="pl">\n<head><meta charset="utf-8">'
        f"<title>{LECTURE_TITLE}</title>\n"
        "<style>body{font-family:sans-serif;max-width:50em;margin:2em auto;line-height:1.5}"
        "</style>\n"
        f"</head>\n<body>\n<h1>{LECTURE_TITLE}</h1>\n{body}\n"
        "<p>Wszystko działa bez sieci: skrypty, fonty i MathJax leżą w "
        "<code>assets/</code>.</p>\n"
        "</body>\n</html>\n", encoding="utf-8")
    (build / "index.html").write_text(
        '<!DOCTYPE html>\n<meta charset="utf-8">'
        '<meta http-equiv="refresh" content="0; url=slides/index.html">\n'
        f'<title>{LECTURE_TITLE}</title><a href="slides/index.html">{LECTURE_TITLE}</a>\n',
        encoding="utf-8")


def build_pdfs(paths: list[Path], build: Path) -> list[Path]:
    """Print every notebook's deck with reveal.js's print mode (?print-pdf) in headless Chromium."""
    import slide_browser
    from playwright.sync_api import sync_playwright

    if slide_browser.find_chromium() is None:
        raise SystemExit(f"error: no Chromium found; {slide_browser.INSTALL_HINT}")
    decks = build_slides(paths, build, combined=False)  # one handout per notebook; the whole lecture would take minutes
    out = build / "pdf"
    out.mkdir(parents=True, exist_ok=True)
    pdfs = []
    with sync_playwright() as playwright, slide_browser.chromium(playwright) as context:
        blocked = slide_browser.block_remote(context)
        page = context.new_page()
        for deck in decks:
            page.goto(deck.resolve().as_uri() + "?print-pdf")
            page.evaluate(slide_browser.WAIT_FOR_DECK)
            page.wait_for_timeout(500)  # reveal.js lays out the print pages after 'ready'
            pdfs.append(out / f"{deck.name.removesuffix('.slides.html')}.pdf")
            page.pdf(path=str(pdfs[-1]), print_background=True, prefer_css_page_size=True)
            print(f"pdf: {pdfs[-1].relative_to(build)}")
    if blocked:
        raise SystemExit(f"error: the decks asked for remote files: {blocked}")
    write_index(build)
    return pdfs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["slides", "html", "pdf", "assets"])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--build", type=Path, default=ROOT / "build",
                        help="output folder (default: build/)")
    args = parser.parse_args(argv)
    paths = sorted((p.resolve() for p in args.notebooks), key=lambda p: p.name) or all_notebooks()
    if args.command == "assets":
        print(f"assets: {slide_assets.copy_assets(args.build)}")
        return 0
    if not paths:
        print("error: no notebooks given and none in notebooks/", file=sys.stderr)
        return 1
    build = {"slides": build_slides, "html": build_html, "pdf": build_pdfs}[args.command]
    start = time.perf_counter()
    build(paths, args.build)
    print(f"{args.command}: done in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
