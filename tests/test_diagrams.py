"""images/ holds exactly what lecture5.diagrams draws: regenerate and compare byte for byte."""

from __future__ import annotations

from pathlib import Path

import pytest

from lecture5.diagrams import DIAGRAMS
from lecture5.diagrams.__main__ import main

IMAGES = Path(__file__).resolve().parents[1] / "images"
HINT = "run `make images` and commit the result"


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("images")
    assert main([str(folder)]) == 0
    return folder


@pytest.mark.parametrize("name", list(DIAGRAMS))
def test_committed_image_matches_generator(name, generated):
    committed = IMAGES / f"{name}.svg"
    assert committed.is_file(), f"images/{name}.svg is missing: {HINT}"
    fresh = (generated / f"{name}.svg").read_bytes()
    assert committed.read_bytes() == fresh, f"images/{name}.svg is stale: {HINT}"


@pytest.mark.parametrize("name", list(DIAGRAMS))
def test_image_is_small_vector_graphics(name, generated):
    svg = (generated / f"{name}.svg").read_bytes()
    assert len(svg) < 300_000, f"{name}.svg is {len(svg)} bytes"
    assert b"<image" not in svg, f"{name}.svg embeds a raster image"
    assert b"<dc:date>" not in svg, f"{name}.svg carries a date (not reproducible)"


def test_every_image_has_a_generator():
    images = {p.name for p in IMAGES.iterdir() if p.suffix.lower() in {".svg", ".png"}}
    orphans = sorted(images - {f"{name}.svg" for name in DIAGRAMS})
    assert not orphans, f"no generator in lecture5/diagrams draws {orphans}: delete them or add one"


def test_cli_lists_names(capsys):
    assert main(["--list"]) == 0
    assert capsys.readouterr().out.split() == list(DIAGRAMS)
