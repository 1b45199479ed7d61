"""MNIST time-to-accuracy: the original lecture's recipe against the one the CNN notebook teaches.

    python benchmarks/mnist_time_to_accuracy.py [--target 0.991] [--out build/benchmarks]

Both recipes train on the full 60,000 training digits in one process on the same machine;
after every epoch the test accuracy is measured (evaluation time is not counted as training).
Printed and written to OUT/mnist.md and OUT/mnist.json: time per epoch, training time until
the test accuracy first reaches the target, final accuracy, and the speed-up ratio.
The model definitions mirror notebooks/02_cnn.ipynb (tests/test_benchmarks.py checks it).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras import layers  # noqa: E402

from lecture5.data import load_mnist  # noqa: E402


def original_model():
    """The lecture's original network (Keras 2 example): 1.2 M parameters."""
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, activation="relu"),
        layers.Conv2D(64, 3, activation="relu"),
        layers.MaxPooling2D(2),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ], name="original")


def lecture_model():
    """The notebook's network: pooling after each conv, BatchNorm; 225 k parameters."""
    return keras.Sequential([
        keras.Input((28, 28, 1)),
        layers.Conv2D(32, 3, use_bias=False), layers.BatchNormalization(), layers.ReLU(),
        layers.MaxPooling2D(2),
        layers.Conv2D(64, 3, use_bias=False), layers.BatchNormalization(), layers.ReLU(),
        layers.MaxPooling2D(2),
        layers.Dropout(0.25),
        layers.Flatten(),
        layers.Dense(128, activation="relu"),
        layers.Dropout(0.5),
        layers.Dense(10, activation="softmax"),
    ], name="lecture")


def original_recipe(n_train):
    return original_model(), keras.optimizers.Adadelta(learning_rate=1.0), 128, 12


def lecture_recipe(n_train, batch_size=128, epochs=6, peak=5e-3):
    steps = epochs * int(np.ceil(n_train / batch_size))
    schedule = keras.optimizers.schedules.CosineDecay(
        0.0, steps - steps // epochs, warmup_target=peak, warmup_steps=steps // epochs)
    return lecture_model(), keras.optimizers.Adam(schedule), batch_size, epochs


RECIPES = {"original (Adadelta lr=1.0, 12 epochs)": original_recipe,
           "notebook (BN + Adam cosine, 6 epochs)": lecture_recipe}


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


def run(name, recipe, data, target):
    (x_train, y_train), (x_test, y_test) = data
    keras.utils.set_random_seed(0)
    model, optimizer, batch_size, epochs = recipe(len(x_train))
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    clock = EpochClock(x_test, y_test)
    print(f"{name}: {model.count_params():,} parameters, batch {batch_size}", flush=True)
    model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=[clock])
    elapsed, to_target = 0.0, None
    for row in clock.rows:
        elapsed += row["seconds"]
        if to_target is None and row["test_accuracy"] >= target:
            to_target = elapsed
    return {"recipe": name, "parameters": model.count_params(), "epochs": clock.rows,
            "seconds_per_epoch": elapsed / len(clock.rows), "total_seconds": elapsed,
            "seconds_to_target": to_target, "final_accuracy": clock.rows[-1]["test_accuracy"]}


def table(results, target):
    lines = [f"| recipe | parameters | s/epoch | time to {target:.1%} | final test accuracy |",
             "|---|---:|---:|---:|---:|"]
    for r in results:
        reached = "not reached" if r["seconds_to_target"] is None else f"{r['seconds_to_target']:.0f} s"
        lines.append(f"| {r['recipe']} | {r['parameters']:,} | {r['seconds_per_epoch']:.1f} | "
                     f"{reached} | {r['final_accuracy']:.2%} |")
    base, ours = results[0]["seconds_to_target"], results[-1]["seconds_to_target"]
    if base and ours:
        lines.append(f"\nSpeed-up to {target:.1%}: **{base / ours:.1f}×**")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", type=float, default=0.991)
    parser.add_argument("--out", type=Path, default=Path("build/benchmarks"))
    parser.add_argument("--only", choices=["original", "notebook"], help="run one recipe")
    args = parser.parse_args()

    (x_train, y_train), (x_test, y_test) = load_mnist()
    prepare = lambda x: (x[..., None] / 255.0).astype("float32")  # noqa: E731
    data = ((prepare(x_train), keras.utils.to_categorical(y_train, 10)),
            (prepare(x_test), keras.utils.to_categorical(y_test, 10)))
    chosen = {k: v for k, v in RECIPES.items() if not args.only or k.startswith(args.only)}
    results = [run(name, recipe, data, args.target) for name, recipe in chosen.items()]

    machine = f"{platform.processor() or platform.machine()}, {os.cpu_count()} CPUs, keras {keras.__version__}"
    report = f"# MNIST time to {args.target:.1%} test accuracy\n\nMachine: {machine}\n\n{table(results, args.target)}\n"
    print("\n" + report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "mnist.md").write_text(report, encoding="utf-8")
    (args.out / "mnist.json").write_text(json.dumps({"machine": machine, "results": results}, indent=1))


if __name__ == "__main__":
    main()
