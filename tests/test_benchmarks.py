"""The benchmark trains the same networks the CNN notebook teaches."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import keras
import nbformat

ROOT = Path(__file__).resolve().parents[1]


def load_benchmark():
    path = ROOT / "benchmarks" / "mnist_time_to_accuracy.py"
    spec = importlib.util.spec_from_file_location("mnist_benchmark", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def structure(model):
    """Each layer's class and configuration, without the auto-generated names."""
    return [(type(layer).__name__, {k: v for k, v in layer.get_config().items() if k != "name"})
            for layer in model.layers]


def test_benchmark_trains_the_notebooks_own_definitions():
    """The networks and the schedule come from the notebook's cells tagged `recipe`, nowhere else."""
    bench = load_benchmark()
    recipe = bench.notebook_recipe()
    assert set(recipe) == {"original_model", "lecture_model", "lecture_schedule"}
    for function in recipe.values():
        assert function.__code__.co_filename.startswith("02_cnn.ipynb, cell "), function
    model, optimizer, batch_size, epochs = bench.lecture_recipe(60_000)
    assert structure(model) == structure(recipe["lecture_model"]())
    shown = keras.optimizers.schedules.serialize(recipe["lecture_schedule"](60_000, 128, 6, 5e-3))
    assert optimizer.get_config()["learning_rate"] == shown
    assert (batch_size, epochs) == (128, 6)
    original, adadelta, _, original_epochs = bench.original_recipe(60_000)
    assert structure(original) == structure(recipe["original_model"]()) and original_epochs == 12
    assert float(adadelta.learning_rate) == 1.0


def test_tagged_cells_are_the_ones_the_notebook_runs():
    """The tag sits on the cells that define the trained model and schedule (names as in the notebook)."""
    nb = nbformat.read(ROOT / "notebooks" / "02_cnn.ipynb", as_version=4)
    tagged = [cell.source for cell in nb.cells if "recipe" in cell.metadata.get("tags", [])]
    assert [source.split("(")[0] for source in tagged] == ["def original_model", "def lecture_model",
                                                           "def lecture_schedule"]
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert "model = lecture_model()" in code and "lecture_schedule(len(x_fit), batch_size, epochs)" in code


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
