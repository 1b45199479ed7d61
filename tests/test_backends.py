"""The backend check (`make backends`, tools/notebooks.py backends) and its committed record."""

import json
from pathlib import Path

import nbformat
import pytest

import notebooks as nbtools  # tools/ (conftest.py puts it on sys.path)

ROOT = Path(__file__).resolve().parents[1]

RECORD = ROOT / "benchmarks" / "records" / "backends.json"


def fake_execute(failing):
    """execute() stand-in: 60 s per run; a cell raises in the notebooks named in ``failing``."""
    def execute(path, timeout, store=True, allow_errors=False):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("assert False")
        if path.stem in failing:
            cell.outputs = [nbformat.v4.new_output("error", ename="AssertionError", evalue="angle 16.8", traceback=[])]
        nb.cells = [cell]
        return 60.0, nb
    return execute


def test_backend_runs_merge_into_the_record_and_failures_turn_it_red(tmp_path, monkeypatch, capsys):
    record = tmp_path / "backends.json"
    monkeypatch.setattr(nbtools, "execute", fake_execute(failing={"03_autoencoders"}))
    assert nbtools.run_on_backends([Path("02_cnn.ipynb")], ["jax"], 10, record) == 0
    assert nbtools.run_on_backends([Path("03_autoencoders.ipynb")], ["torch", "jax"], 10, record) == 1
    results = json.loads(record.read_text(encoding="utf-8"))["results"]
    assert set(results) == {"02_cnn", "03_autoencoders"} and set(results["02_cnn"]) == {"jax"}
    assert results["03_autoencoders"]["torch"]["errors"] == ["cell 0: AssertionError: angle 16.8"]
    table = record.with_suffix(".md").read_text(encoding="utf-8")
    assert "| notebook | budget | jax | torch |" in table                       # canonical backend order
    assert "| 02_cnn | 5 min | passes, 1.0 min | - |" in table
    assert "**fails** (cell 0)" in table
    assert "cell 0: AssertionError: angle 16.8" in capsys.readouterr().out  # the whole message on screen


def test_runs_from_two_machines_are_told_apart_in_the_table():
    machine = {"cpu": "AMD EPYC", "isa": "AVX2", "cores": 2, "python": "3.11.7"}
    run = {"seconds": 90.0, "errors": [], "date": "2026-11-30", "machine": machine}
    record = {"versions": {"keras": "3"}, "results": {
        "02_cnn": {"jax": run, "torch": run},
        "04_word_embeddings": {"jax": {**run, "machine": {**machine, "isa": "AVX-512"}}, "torch": run}}}
    table = nbtools.backend_table(record)
    assert "machine A: 2026-11-30 on AMD EPYC (AVX2), 2 cores" in table
    assert "B: 2026-11-30 on AMD EPYC (AVX-512)" in table
    assert "| 02_cnn | 5 min | A | passes, 1.5 min | passes, 1.5 min |" in table
    assert "| 04_word_embeddings | 5 min | B, A | passes, 1.5 min (B) | passes, 1.5 min (A) |" in table
    undated = nbtools.backend_table({**record, "results": {"02_cnn": {"jax": {"seconds": 60.0, "errors": []}}}})
    assert undated.startswith("Measured undated on an unrecorded machine")  # records older than 2026-11-30
    one = nbtools.backend_table({**record, "results": {"02_cnn": record["results"]["02_cnn"]}})
    assert one.startswith("Measured 2026-11-30 on AMD EPYC (AVX2)") and "| machine |" not in one


def test_a_record_taken_with_other_versions_is_not_mixed_with_this_environment(tmp_path, monkeypatch):
    record = tmp_path / "backends.json"
    record.write_text(json.dumps({"versions": {"keras": "0.1"}, "results": {}}), encoding="utf-8")
    monkeypatch.setattr(nbtools, "execute", fake_execute(failing=set()))
    with pytest.raises(SystemExit, match="delete it or record into a new file"):
        nbtools.run_on_backends([Path("02_cnn.ipynb")], ["jax"], 10, record)


def test_the_committed_record_covers_what_ci_checks_and_the_readme_shows_it():
    """The record 02_cnn's slide reads: 02 and 03 (the notebooks CI runs on JAX and PyTorch) on all
    three backends, with the machine; README's table is the record's table, not typed by hand."""
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    assert {"02_cnn", "03_autoencoders"} <= set(record["results"])
    for name, runs in record["results"].items():
        assert set(runs) == set(nbtools.BACKENDS), name
        for run in runs.values():
            assert isinstance(run["seconds"], float) and isinstance(run["errors"], list), name
            assert {"cpu", "isa", "cores"} <= set(run["machine"]) and run["date"], name
    assert set(nbtools.BACKENDS) <= set(record["versions"])
    assert nbtools.backend_table(record) in (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_record_was_taken_with_the_pinned_backends():
    """requirements-backends.txt pins what the record ran (torch: its +cpu build on Linux)."""
    record = json.loads(RECORD.read_text(encoding="utf-8"))
    pins = {}
    for line in (ROOT / "requirements-backends.txt").read_text(encoding="utf-8").splitlines():
        requirement = line.split(";")[0].strip()
        if requirement and not requirement.startswith("#"):
            name, version = requirement.split("==")
            pins.setdefault(name, set()).add(version)
    for name in ("jax", "torch"):
        assert record["versions"][name] in pins[name], (name, record["versions"][name], pins[name])
    assert pins["jaxlib"] == pins["jax"]


def test_the_cnn_slide_quotes_the_recorded_times():
    """02_cnn's backend slide shows the committed record (every backend passes; one machine, one day)
    and says how the times compare. Checked here, on the record, not in the notebook: no time is
    measured, and `make backends --record` rewrites the record while the notebook reads it."""
    runs = json.loads(RECORD.read_text(encoding="utf-8"))["results"]["02_cnn"]
    assert set(runs) == {"tensorflow", "jax", "torch"} and not any(run["errors"] for run in runs.values()), runs
    assert len({(str(run["machine"]), run["date"]) for run in runs.values()}) == 1, runs   # one machine, one day
    seconds = {backend: run["seconds"] for backend, run in runs.items()}
    assert 1.25 < seconds["torch"] / seconds["tensorflow"] < 1.9, seconds   # "o kilkadziesiąt procent dłużej"
    assert seconds["jax"] > 3 * seconds["tensorflow"], seconds
    cells = nbformat.read(ROOT / "notebooks" / "02_cnn.ipynb", as_version=4).cells
    slide = next((cell.source for cell in cells if cell.get("id") == "64312587"), None)   # the fragment under the table
    assert slide is not None, "02_cnn lost the cell with id 64312587 (the backend slide's conclusion)"
    words = " ".join(slide.split())
    assert "najkrócej TensorFlow, PyTorch o kilkadziesiąt procent dłużej" in words, slide
    assert "JAX ponad trzy razy dłużej" in words, slide
