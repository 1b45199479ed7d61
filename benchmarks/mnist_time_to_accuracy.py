"""MNIST time-to-accuracy: the original lecture's recipe against the one the CNN notebook teaches.

    python benchmarks/mnist_time_to_accuracy.py [--target 0.991] [--aim 0.992] [--out build/benchmarks]
        [--only original|notebook] [--epochs 6] [--batch-size 128] [--peak-lr 5e-3] [--threads N] [--policy float32]

Both recipes train on the full 60,000 training digits in one process on the same machine;
after every epoch the test accuracy is measured (evaluation time is not counted as training).
Printed and written to OUT/mnist.md and OUT/mnist.json: time per epoch, training time until
the test accuracy first reaches the target (and the aim), final accuracy, and the speed-up ratio.
The networks and the schedule are the notebook's own: the cells of notebooks/02_cnn.ipynb tagged
`recipe` are compiled here (tests/test_benchmarks.py checks it).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from lecture5.data import DataError, load_mnist  # noqa: E402
from lecture5.runtime import quiet_stderr  # noqa: E402

with quiet_stderr():  # TensorFlow's oneDNN notice
    import keras
    import numpy as np
    from keras import layers


NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_cnn.ipynb"
RECIPE = ("original_model", "lecture_model", "lecture_schedule")


def notebook_recipe(path: Path = NOTEBOOK) -> dict:
    """The functions defined in the notebook's cells tagged `recipe`, compiled from the notebook itself:
    the benchmark cannot train another network or schedule than the one the slides show.
    Only the `def` statements run (not the summaries or prints around them)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    namespace = {"keras": keras, "layers": layers, "np": np, "num_classes": 10}
    for index, cell in enumerate(cells):
        if "recipe" in cell["metadata"].get("tags", []):
            tree = ast.parse("".join(cell["source"]))
            tree.body = [node for node in tree.body if isinstance(node, ast.FunctionDef)]
            exec(compile(tree, f"{path.name}, cell {index}", "exec"), namespace)  # noqa: S102 -- our own notebook
    missing = [name for name in RECIPE if name not in namespace]
    if missing:
        raise SystemExit(f"error: {path} has no cell tagged 'recipe' defining {', '.join(missing)}")
    return {name: namespace[name] for name in RECIPE}


def original_recipe(n_train):
    """The lecture's original recipe: Adadelta with learning rate 1.0, batch 128, 12 epochs."""
    return notebook_recipe()["original_model"](), keras.optimizers.Adadelta(learning_rate=1.0), 128, 12


def lecture_recipe(n_train, batch_size=128, epochs=6, peak=5e-3):
    """The notebook's recipe: its network and its warm-up + cosine schedule for Adam."""
    recipe = notebook_recipe()
    schedule = recipe["lecture_schedule"](n_train, batch_size, epochs, peak)
    return recipe["lecture_model"](), keras.optimizers.Adam(schedule), batch_size, epochs


def recipes(epochs=6, batch_size=128, peak=5e-3):
    """name -> recipe; the notebook recipe's knobs come from the command line (exploration)."""
    ours = f"notebook (BN + Adam cosine, peak {peak:g}, batch {batch_size}, {epochs} epochs)"
    return {"original (Adadelta lr=1.0, batch 128, 12 epochs)": original_recipe,
            ours: lambda n: lecture_recipe(n, batch_size=batch_size, epochs=epochs, peak=peak)}


class EpochClock(keras.callbacks.Callback):
    """Records training seconds and test accuracy after every epoch."""

    def __init__(self, x_test, y_test):
        super().__init__()
        self.x_test, self.y_test, self.rows = x_test, y_test, []

    def on_epoch_begin(self, epoch, logs=None):
        self.start = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        seconds = time.perf_counter() - self.start
        accuracy = self.model.evaluate(self.x_test, self.y_test, batch_size=1000, verbose=0)[1]
        self.rows.append({"epoch": epoch + 1, "seconds": seconds, "test_accuracy": accuracy})
        print(f"  epoch {epoch + 1:2d}: {seconds:6.1f} s   test accuracy {accuracy:.4f}", flush=True)


def first_time(rows, accuracy):
    """Training seconds until the test accuracy first reaches `accuracy` (None if never)."""
    elapsed = 0.0
    for row in rows:
        elapsed += row["seconds"]
        if row["test_accuracy"] >= accuracy:
            return elapsed
    return None


def run(name, recipe, data, target, aim):
    (x_train, y_train), (x_test, y_test) = data
    keras.utils.set_random_seed(0)
    model, optimizer, batch_size, epochs = recipe(len(x_train))
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    clock = EpochClock(x_test, y_test)
    print(f"{name}: {model.count_params():,} parameters, batch {batch_size}", flush=True)
    model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=[clock])
    elapsed = sum(row["seconds"] for row in clock.rows)
    return {"recipe": name, "parameters": model.count_params(), "epochs": clock.rows,
            "seconds_per_epoch": elapsed / len(clock.rows), "total_seconds": elapsed,
            "seconds_to_target": first_time(clock.rows, target),
            "seconds_to_aim": first_time(clock.rows, aim), "final_accuracy": clock.rows[-1]["test_accuracy"]}


def table(results, target, aim=0.992):
    lines = [f"| recipe | parameters | s/epoch | time to {target:.1%} | time to {aim:.1%} | final test accuracy |",
             "|---|---:|---:|---:|---:|---:|"]
    seconds = lambda s: "not reached" if s is None else f"{s:.0f} s"  # noqa: E731
    for r in results:
        lines.append(f"| {r['recipe']} | {r['parameters']:,} | {r['seconds_per_epoch']:.1f} | "
                     f"{seconds(r['seconds_to_target'])} | {seconds(r.get('seconds_to_aim'))} | "
                     f"{r['final_accuracy']:.2%} |")
    base, ours = results[0]["seconds_to_target"], results[-1]["seconds_to_target"]
    if base and ours:
        lines.append(f"\nSpeed-up to {target:.1%}: **{base / ours:.1f}×**")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", type=float, default=0.991, help="the original's accuracy (ratio)")
    parser.add_argument("--aim", type=float, default=0.992, help="the notebook recipe's aim")
    parser.add_argument("--out", type=Path, default=Path("build/benchmarks"))
    parser.add_argument("--only", choices=["original", "notebook"], help="run one recipe")
    parser.add_argument("--epochs", type=int, default=6, help="notebook recipe: epochs")
    parser.add_argument("--batch-size", type=int, default=128, help="notebook recipe: batch size")
    parser.add_argument("--peak-lr", type=float, default=5e-3, help="notebook recipe: peak learning rate")
    parser.add_argument("--threads", type=int, default=0, help="TensorFlow intra-op threads (0: default)")
    parser.add_argument("--policy", default="float32", help="Keras dtype policy, e.g. mixed_bfloat16")
    args = parser.parse_args()
    keras.mixed_precision.set_dtype_policy(args.policy)
    if args.threads:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(args.threads)

    try:
        (x_train, y_train), (x_test, y_test) = load_mnist()
    except DataError as error:
        raise SystemExit(f"error: {error}") from None
    prepare = lambda x: (x[..., None] / 255.0).astype("float32")  # noqa: E731
    data = ((prepare(x_train), keras.utils.to_categorical(y_train, 10)),
            (prepare(x_test), keras.utils.to_categorical(y_test, 10)))
    every = recipes(args.epochs, args.batch_size, args.peak_lr)
    chosen = {k: v for k, v in every.items() if not args.only or k.startswith(args.only)}
    results = [run(name, recipe, data, args.target, args.aim) for name, recipe in chosen.items()]

    machine = (f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, "
               f"keras {keras.__version__}, policy {args.policy}")
    report = (f"# MNIST time to {args.target:.1%} test accuracy\n\nMachine: {machine}\n\n"
              f"{table(results, args.target, args.aim)}\n")
    print("\n" + report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "mnist.md").write_text(report, encoding="utf-8")
    (args.out / "mnist.json").write_text(json.dumps({"machine": machine, "results": results}, indent=1))


if __name__ == "__main__":
    main()
