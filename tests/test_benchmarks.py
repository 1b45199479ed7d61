"""The benchmark trains the same networks the CNN notebook teaches."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def load_benchmark():
    path = ROOT / "benchmarks" / "mnist_time_to_accuracy.py"
    spec = importlib.util.spec_from_file_location("mnist_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def notebook_text() -> str:
    nb = nbformat.read(ROOT / "notebooks" / "02_cnn.ipynb", as_version=4)
    return "\n".join(str(out) for cell in nb.cells for out in cell.get("outputs", []))


def test_models_match_the_notebook():
    bench = load_benchmark()
    text = notebook_text()
    for model in (bench.original_model(), bench.lecture_model()):
        assert f"{model.count_params():,}" in text, f"{model.name} differs from the notebook"


def test_report_table_and_ratio():
    bench = load_benchmark()
    rows = [{"recipe": "a", "parameters": 10, "seconds_per_epoch": 70.0, "seconds_to_target": 700.0,
             "seconds_to_aim": None, "final_accuracy": 0.992},
            {"recipe": "b", "parameters": 5, "seconds_per_epoch": 10.0, "seconds_to_target": 35.0,
             "seconds_to_aim": 42.0, "final_accuracy": 0.993}]
    table = bench.table(rows, 0.991)
    assert "| a | 10 | 70.0 | 700 s | not reached | 99.20% |" in table
    assert "| b | 5 | 10.0 | 35 s | 42 s | 99.30% |" in table
    assert "**20.0×**" in table


def test_first_time_counts_training_seconds():
    bench = load_benchmark()
    rows = [{"seconds": 10.0, "test_accuracy": 0.98}, {"seconds": 12.0, "test_accuracy": 0.992},
            {"seconds": 11.0, "test_accuracy": 0.990}]
    assert bench.first_time(rows, 0.991) == 22.0
    assert bench.first_time(rows, 0.995) is None
