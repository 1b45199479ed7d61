"""Headless Chromium, driven by Playwright, for PDFs and browser tests.

Which Chromium: $CHROMIUM if set, else the system's (Debian's ``apt-get install chromium``),
else Playwright's own build (``python -m playwright install chromium``: no root needed).
``python tools/slide_browser.py`` prints the one in use (exit 1 when there is none).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from urllib.parse import urlsplit

INSTALL_HINT = ("install a Chromium: `make chromium` (apt-get install chromium as root, "
                "or python -m playwright install chromium without root)")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def find_chromium() -> str | None:
    candidates = [os.environ.get("CHROMIUM"), "chromium", "chromium-browser", "google-chrome"]
    for name in filter(None, candidates):
        path = shutil.which(name)
        if path:
            return path
    return playwright_chromium()


def playwright_chromium() -> str | None:
    """The Chromium that `playwright install chromium` downloaded, if it did."""
    try:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            path = playwright.chromium.executable_path
    except Exception:  # no playwright, or its driver cannot start: no browser either way
        return None
    return path if path and os.path.isfile(path) else None


def is_local(url: str) -> bool:
    """True for URLs that never leave this machine (files, inline data, loopback servers)."""
    parts = urlsplit(url)
    if parts.scheme in {"file", "data", "blob", "about", "chrome", "devtools"}:
        return True
    return parts.hostname in LOCAL_HOSTS


@contextmanager
def chromium(playwright):
    """A persistent-context Chromium with a fresh profile, deleted afterwards."""
    executable = find_chromium()
    if executable is None:
        raise RuntimeError(INSTALL_HINT)
    profile = tempfile.mkdtemp(prefix="lecture5-chromium-")
    try:
        context = playwright.chromium.launch_persistent_context(
            profile,
            executable_path=executable,
            headless=True,
            args=ARGS,
            viewport={"width": 1280, "height": 720},
            locale="pl-PL",
        )
        try:
            yield context
        finally:
            context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def block_remote(context) -> list[str]:
    """Abort every request to another host; return the (live) list of aborted URLs."""
    blocked: list[str] = []

    def handle(route):
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            blocked.append(url)
            route.abort()

    context.route("**/*", handle)
    return blocked


# Resolves once reveal.js is ready (if the page has a deck) and MathJax 2 finished typesetting.
WAIT_FOR_DECK = """async () => {
    const sleep = ms => new Promise(r => setTimeout(r, ms));
    for (let i = 0; i < 300 && document.querySelector('.reveal:not(.ready)'); i++) await sleep(100);
    if (window.MathJax && window.MathJax.Hub) {
        // (braces matter: a hook that returns MathJax's queue entry would wait for itself)
        const typeset = new Promise(done => MathJax.Hub.Register.StartupHook('End',
            () => { MathJax.Hub.Queue(() => { done(); }); }));
        await Promise.race([typeset, sleep(30000)]);
    }
}"""


if __name__ == "__main__":
    import sys

    found = find_chromium()
    if "--quiet" not in sys.argv:
        print(found or f"no Chromium found; {INSTALL_HINT}")
    sys.exit(0 if found else 1)
