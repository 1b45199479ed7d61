"""Local copies of everything the slide decks and HTML pages load (no CDN, no Google Fonts).

The npm packages pinned in slides/package.json + slides/package-lock.json are installed by
``npm ci`` into slides/node_modules/ (git-ignored) whenever that folder is missing or was
installed from another lock file. ``copy_assets`` then copies the files the pages need into
BUILD/assets/, so that BUILD/ is self-contained and can be moved (USB stick, lecture hall).
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE_DIR = ROOT / "slides"
NODE_MODULES = PACKAGE_DIR / "node_modules"
STAMP = NODE_MODULES / ".lecture5-lock.sha256"  # sha256 of the lock file npm ci installed

# Asset URLs relative to a page in BUILD/slides/ or BUILD/html/.
PREFIX = "../assets"
URLS = {
    "reveal_url_prefix": f"{PREFIX}/reveal.js",
    "require_js_url": f"{PREFIX}/requirejs/require.js",
    "jquery_url": f"{PREFIX}/jquery/jquery.min.js",
    "font_awesome_url": f"{PREFIX}/font-awesome/css/font-awesome.min.css",
    "mathjax_url": f"{PREFIX}/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe",
    # Loaded only when a notebook has a ```mermaid block, which tools/slides.py refuses.
    "mermaid_js_url": f"{PREFIX}/mermaid-not-bundled.mjs",
    "mermaid_layout_elk_js_url": "",
}

# (source under node_modules, destination under BUILD/assets); directories are copied whole.
COPIES = [
    ("reveal.js/dist", "reveal.js/dist"),
    ("reveal.js/plugin/notes", "reveal.js/plugin/notes"),
    ("reveal.js/LICENSE", "reveal.js/LICENSE"),
    ("requirejs/require.js", "requirejs/require.js"),
    ("jquery/dist/jquery.min.js", "jquery/jquery.min.js"),
    ("font-awesome/css", "font-awesome/css"),
    ("font-awesome/fonts", "font-awesome/fonts"),
    ("@fontsource/lato", "fonts/lato"),
    ("@fontsource/news-cycle", "fonts/news-cycle"),
    # MathJax 2 with the CommonHTML output and TeX fonts only: no unpacked sources, no SVG or
    # HTML-CSS output (MathJax's menu cannot switch to them), no other fonts (73 MB -> 9 MB)
    ("mathjax/MathJax.js", "mathjax/MathJax.js"),
    ("mathjax/LICENSE", "mathjax/LICENSE"),
    ("mathjax/config/TeX-AMS_CHTML-full.js", "mathjax/config/TeX-AMS_CHTML-full.js"),
    ("mathjax/config/Safe.js", "mathjax/config/Safe.js"),
    ("mathjax/extensions", "mathjax/extensions"),
    ("mathjax/localization", "mathjax/localization"),
    ("mathjax/jax/input/TeX", "mathjax/jax/input/TeX"),
    ("mathjax/jax/element", "mathjax/jax/element"),
    ("mathjax/jax/output/CommonHTML", "mathjax/jax/output/CommonHTML"),
    ("mathjax/jax/output/PreviewHTML", "mathjax/jax/output/PreviewHTML"),
    ("mathjax/fonts/HTML-CSS/TeX/woff", "mathjax/fonts/HTML-CSS/TeX/woff"),
    ("mathjax/fonts/HTML-CSS/TeX/otf", "mathjax/fonts/HTML-CSS/TeX/otf"),
]

# Google Fonts families used by reveal.js themes that have a local @fontsource copy.
LOCAL_FONTS = {"Lato": "lato", "News+Cycle": "news-cycle"}
GOOGLE_IMPORT = re.compile(
    r"@import url\(https?://fonts\.googleapis\.com/css\?family=([^:)&]+):?([^)&]*)[^)]*\);")


def lock_digest() -> str:
    return hashlib.sha256((PACKAGE_DIR / "package-lock.json").read_bytes()).hexdigest()


def ensure_node_modules() -> None:
    """Run ``npm ci`` in slides/ when node_modules is missing or stale."""
    digest = lock_digest()
    if STAMP.exists() and STAMP.read_text().strip() == digest:
        return
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit(
            "error: npm is not installed; it fetches the slide assets (reveal.js, MathJax, fonts) "
            "once. Install Node.js (Debian: apt-get install -y npm) and run again."
        )
    print("slides: fetching assets with npm ci (slides/package-lock.json)", flush=True)
    cmd = [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefer-offline"]
    result = subprocess.run(cmd, cwd=PACKAGE_DIR)
    if result.returncode != 0:
        raise SystemExit(f"error: npm ci failed in {PACKAGE_DIR} (exit {result.returncode})")
    STAMP.write_text(digest + "\n")


def _local_theme(css: str) -> str:
    """Replace a theme's Google Fonts @import by local @fontsource files (or drop it)."""

    def replace(match: re.Match) -> str:
        family = match.group(1)
        if family in LOCAL_FONTS:
            name = LOCAL_FONTS[family]
            weights = [w.replace("italic", "-italic") for w in (match.group(2) or "400").split(",")]
            return "".join(f"@import url(../../../fonts/{name}/{w}.css);" for w in weights)
        return f"/* {family}: no local copy, the fallback font is used */"

    return GOOGLE_IMPORT.sub(replace, css)


def copy_assets(build: Path) -> Path:
    """Copy the assets into BUILD/assets (again only when the lock file changed)."""
    ensure_node_modules()
    dest = build / "assets"
    stamp = dest / ".lock.sha256"
    digest = lock_digest() + hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
    if stamp.exists() and stamp.read_text().strip() == digest:
        return dest
    if dest.exists():
        shutil.rmtree(dest)
    for src, dst in COPIES:
        source, target = NODE_MODULES / src, dest / dst
        if not source.exists():
            raise SystemExit(f"error: {source} is missing; delete {NODE_MODULES} and run again")
        target.parent.mkdir(parents=True, exist_ok=True)
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.map", "*.md"))
        else:
            shutil.copy2(source, target)
    for theme in (dest / "reveal.js/dist/theme").glob("*.css"):
        theme.write_text(_local_theme(theme.read_text(encoding="utf-8")), encoding="utf-8")
    stamp.write_text(digest + "\n")
    return dest
