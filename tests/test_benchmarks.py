"""The benchmark trains the same networks the CNN notebook teaches."""

from __future__ import annotations

import importlib.util
import sys
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
    assert set(recipe) == {"original_model", "multiply_adds", "lecture_model", "lecture_schedule"}
    for function in recipe.values():
        assert function.__code__.co_filename.startswith("02_cnn.ipynb, cell "), function
    model, optimizer, batch_size, epochs = bench.lecture_recipe(60_000)
    assert structure(model) == structure(recipe["lecture_model"]())
    shown = keras.optimizers.schedules.serialize(recipe["lecture_schedule"](60_000, 128, 2, 1e-2))
    assert optimizer.get_config()["learning_rate"] == shown
    assert (batch_size, epochs) == (128, 2)
    original, adadelta, _, original_epochs = bench.original_recipe(60_000)
    assert structure(original) == structure(recipe["original_model"]()) and original_epochs == 12
    assert float(adadelta.learning_rate) == 1.0


def test_tagged_cells_are_the_ones_the_notebook_runs():
    """The tag sits on the cells that define the trained model and schedule (names as in the notebook)."""
    nb = nbformat.read(ROOT / "notebooks" / "02_cnn.ipynb", as_version=4)
    tagged = [cell.source for cell in nb.cells if "recipe" in cell.metadata.get("tags", [])]
    assert [source.split("(")[0] for source in tagged] == ["def original_model", "def multiply_adds",
                                                           "def lecture_model", "def lecture_schedule"]
    code = "\n".join(cell.source for cell in nb.cells if cell.cell_type == "code")
    assert "model = lecture_model()" in code and "lecture_schedule(len(x_fit), batch_size, epochs)" in code


def run_row(seed, to_target, to_aim, seconds_per_epoch=10.0, final=0.993):
    return {"recipe": "b", "seed": seed, "parameters": 5, "multiply_adds": 1000, "seconds_per_epoch": seconds_per_epoch,
            "gflops": 2.0, "seconds_to_target": to_target, "seconds_to_aim": to_aim, "final_accuracy": final}


def test_summary_takes_medians_over_seeds():
    """Medians over the seeds; a run that never reached the aim counts as infinitely slow."""
    bench = load_benchmark()
    summary = bench.summarise([run_row(0, 30.0, 40.0), run_row(1, 50.0, None), run_row(2, 35.0, 45.0)])
    assert summary["seconds_to_target"] == (35.0, 30.0, 50.0)
    assert summary["seconds_to_aim"] == (45.0, 40.0, float("inf"))
    assert summary["seeds"] == [0, 1, 2]
    never = bench.summarise([run_row(0, 30.0, None), run_row(1, 30.0, None), run_row(2, 30.0, 45.0)])
    assert never["seconds_to_aim"][0] == float("inf")


def test_report_table_and_ratio():
    bench = load_benchmark()
    base = bench.summarise([{**run_row(s, 700.0, None, 70.0, 0.992), "recipe": "a", "parameters": 10}
                            for s in (0, 1, 2)])
    ours = bench.summarise([run_row(0, 30.0, 40.0), run_row(1, 35.0, 42.0), run_row(2, 50.0, None)])
    table = bench.table([base, ours], 0.991)
    assert "| a | 10 | 1,000 | 70.0 | 2 | 700 s | not reached | 99.20% (99.20%–99.20%) |" in table
    assert "| b | 5 | 1,000 | 10.0 | 2 | 35 s (30–50) | 42 s (40–∞) | 99.30% (99.30%–99.30%) |" in table
    assert "**20.0×**" in table and "Medians over seeds 0, 1, 2" in table
    assert "×" not in bench.table([ours], 0.991).split("Medians")[1]       # one recipe: no ratio


def test_first_time_counts_training_seconds():
    """Evaluation rows carry the cumulative training seconds at which they were taken."""
    bench = load_benchmark()
    rows = [{"seconds": 10.0, "test_accuracy": 0.98}, {"seconds": 22.0, "test_accuracy": 0.992},
            {"seconds": 33.0, "test_accuracy": 0.990}]
    assert bench.first_time(rows, 0.991) == 22.0
    assert bench.first_time(rows, 0.995) is None


def test_peak_estimate_names_its_assumptions():
    bench = load_benchmark()
    peak, how = bench.peak_gflops()
    assert (peak is None) or (peak > 0 and "lanes" in how), (peak, how)


def test_variant_defaults_are_the_notebook_recipe():
    """benchmarks/mnist_variants.py builds its own networks: with its defaults they are the notebook's."""
    bench = load_benchmark()
    recipe = bench.notebook_recipe()
    spec = importlib.util.spec_from_file_location("mnist_variants", ROOT / "benchmarks" / "mnist_variants.py")
    variants = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("mnist_time_to_accuracy", bench)         # what the script imports as a sibling
    spec.loader.exec_module(variants)
    args = variants.parser().parse_args([])
    ours = variants.network(args.net, args.channels, args.dropout, args.bn_momentum)
    assert structure(ours) == structure(recipe["lecture_model"]())
    ours = variants.schedule(60_000, args.batch_size, args.epochs, args.peak_lr, args.warmup)
    shown = recipe["lecture_schedule"](60_000, 128, 2, 1e-2)
    assert keras.optimizers.schedules.serialize(ours) == keras.optimizers.schedules.serialize(shown)
