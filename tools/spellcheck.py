"""Spell-check the Polish prose of every markdown cell with hunspell.

    python tools/spellcheck.py [NOTEBOOK_OR_MARKDOWN ...]   (default: the notebooks and docs/glossary.md)

Dictionaries: Debian's Polish one (`hunspell-pl`) and the English one (`hunspell-en-us`, for
the English terms the lecture introduces next to the Polish ones), plus the project's word list
`tools/spelling/words.txt` (technical terms, names, code words; one per line, sorted).
Code (inline and fenced), math, links' targets, HTML tags and URLs are not prose and are removed
first. An unknown word fails the check, named with its notebook and cell.
Exit status: 0 clean, 1 unknown words. Without hunspell or a dictionary (`make spelling` installs
them) the check is skipped with a loud line, exit 0 -- except under CI (CI set), exit 2.
`--probe` only tells (exit 0/2) whether hunspell and both dictionaries are there.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORDS = ROOT / "tools" / "spelling" / "words.txt"
DICTIONARIES = "pl_PL,en_US"

NOT_PROSE = [
    re.compile(r"```.*?```", re.S),            # fenced code
    re.compile(r"\$\$.*?\$\$", re.S),          # display math
    re.compile(r"\\begin\{(\w+\*?)\}.*?\\end\{\1\}", re.S),
    re.compile(r"(?<!\\)\$[^$\n]+?(?<!\\)\$"),  # inline math
    re.compile(r"`[^`\n]*`"),                  # inline code
    re.compile(r"<[^>\n]+>"),                  # HTML tags
    re.compile(r"\]\([^)\s]*\)"),              # link and image targets
    re.compile(r"https?://\S+"),
    re.compile(r"\\[A-Za-z]+"),                # TeX commands outside $...$
    re.compile(r"\b\w*\d\w*\b"),                # word2vec, conv2d, 3x3: names, not prose
]


def prose(markdown: str) -> str:
    for pattern in NOT_PROSE:
        markdown = pattern.sub(" ", markdown)
    # "![alt](...)" and "[text](...)" keep their words; markdown marks become spaces
    return re.sub(r"[*_#>|\[\]!~=]", " ", markdown)


def unknown_words(texts: list[str]) -> list[list[str]]:
    """The unknown words of each text, from one hunspell process in pipe mode (-a)."""
    # "^" keeps a line from being read as a hunspell command; one text per line
    lines = "".join("^" + " ".join(text.split()) + "\n" for text in texts)
    result = subprocess.run(
        ["hunspell", "-a", "-d", DICTIONARIES, "-p", str(WORDS), "-i", "utf-8"],
        input=lines, capture_output=True, text=True, check=True,
    )
    # after a banner line, each input line gives one line per word it flags ("&" or "#"), then a blank line
    flagged: list[list[str]] = [[]]
    for line in result.stdout.splitlines()[1:]:
        if not line:
            flagged.append([])
        elif line[0] in "&#":
            flagged[-1].append(line.split()[1])
    if len(flagged) < len(texts):
        raise RuntimeError(f"hunspell answered {len(flagged)} lines for {len(texts)}: {result.stdout[-300:]}")
    return [sorted({word for word in words if len(word) > 1}) for words in flagged[: len(texts)]]  # "ż" is a letter


def check(paths: list[Path]) -> list[str]:
    problems = []
    for path in paths:
        if path.suffix == ".md":
            [words] = unknown_words([prose(path.read_text(encoding="utf-8"))])
            problems += [f"{path.name}: {', '.join(words)}"] if words else []
            continue
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        markdown = [(index, prose("".join(cell["source"])))
                    for index, cell in enumerate(cells) if cell["cell_type"] == "markdown"]
        for (index, _), words in zip(markdown, unknown_words([text for _, text in markdown])):
            if words:
                problems.append(f"{path.name} cell {index}: {', '.join(words)}")
    return problems


def missing_tools() -> str | None:
    """What is missing for the check, or None."""
    if shutil.which("hunspell") is None:
        return "hunspell is not installed"
    probe = subprocess.run(["hunspell", "-d", DICTIONARIES, "-D"], input="", capture_output=True, text=True)
    missing = [d for d in DICTIONARIES.split(",") if f"/{d}." not in probe.stderr + probe.stdout]
    return f"hunspell dictionaries missing: {', '.join(missing)}" if missing else None


def main(argv: list[str]) -> int:
    if {"-h", "--help"} & set(argv):
        print(__doc__)
        return 0
    absent = [a for a in argv if not a.startswith("--") and not Path(a).is_file()]
    if absent:
        print(f"spellcheck: no such file: {', '.join(absent)} (give notebooks or markdown files)", file=sys.stderr)
        return 2
    missing = missing_tools()
    if "--probe" in argv:
        return 2 if missing else 0
    if missing:
        hint = "`make spelling`, or apt-get install hunspell hunspell-pl hunspell-en-us"
        if os.environ.get("CI"):
            print(f"spellcheck: {missing} ({hint})", file=sys.stderr)
            return 2
        print(f"*** spellcheck SKIPPED: {missing} ({hint}) ***", file=sys.stderr)
        return 0
    paths = [Path(p) for p in argv] or [*sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")),
                                         ROOT / "docs" / "glossary.md"]
    problems = check(paths)
    if problems:
        print("Unknown words (fix the spelling, or add a real term to tools/spelling/words.txt):")
        print("\n".join("  " + line for line in problems))
        return 1
    print(f"spellcheck: {len(paths)} files, no unknown words")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("LC_ALL", "C.UTF-8")
    sys.exit(main(sys.argv[1:]))
