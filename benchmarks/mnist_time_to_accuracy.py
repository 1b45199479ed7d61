"""MNIST time-to-accuracy: the original lecture's recipe against the one the CNN notebook teaches.

    python benchmarks/mnist_time_to_accuracy.py [--seeds 0 1 2] [--evals-per-epoch 8] [--target 0.991]
        [--aim 0.992] [--out build/benchmarks] [--only original|notebook] [--epochs 2] [--batch-size 128]
        [--peak-lr 1e-2] [--threads N] [--policy float32]

Both recipes train on the full 60,000 training digits in one process on the same machine, once per
seed. The test accuracy is measured several times per epoch (evaluation time is not counted as
training), so the time to a target is not rounded up to whole epochs. Printed and written to
OUT/mnist.md and OUT/mnist.json, per recipe: the median (and range) over the seeds of the training
time until the test accuracy first reaches the target and the aim, seconds per epoch, the final
accuracy, and the achieved throughput (multiply-adds counted from the model) next to the machine's
estimated peak; then the ratio of the medians.
The networks, the schedule and the multiply-add count are the notebook's own: the cells of
notebooks/02_cnn.ipynb tagged `recipe` are compiled here (tests/test_benchmarks.py checks it).
On an AVX-512 CPU, `ONEDNN_MAX_CPU_ISA=AVX2` approximates one without it (TensorFlow's convolutions and
matrix products then use AVX2 kernels; the peak estimate follows).
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")

from lecture5.data import DataError, load_mnist  # noqa: E402
from lecture5.machine import cpu_flags, cpu_model, cpuinfo, usable_cores  # noqa: E402
from lecture5.runtime import quiet_stderr  # noqa: E402

with quiet_stderr():  # TensorFlow's oneDNN notice
    import keras
    import numpy as np
    from keras import layers


NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_cnn.ipynb"
RECIPE = ("original_model", "multiply_adds", "lecture_model", "lecture_schedule")


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


def lecture_recipe(n_train, batch_size=128, epochs=2, peak=1e-2):
    """The notebook's recipe: its network and its warm-up + cosine schedule for Adam."""
    recipe = notebook_recipe()
    schedule = recipe["lecture_schedule"](n_train, batch_size, epochs, peak)
    return recipe["lecture_model"](), keras.optimizers.Adam(schedule), batch_size, epochs


def recipes(epochs=2, batch_size=128, peak=1e-2):
    """name -> recipe; the notebook recipe's knobs come from the command line (exploration)."""
    ours = (f"notebook (16/48 channels, pooling → BN → ReLU, Adam cosine, peak {peak:g}, batch {batch_size}, "
            f"{epochs} epochs)")
    return {"original (Adadelta lr=1.0, batch 128, 12 epochs)": original_recipe,
            ours: lambda n: lecture_recipe(n, batch_size=batch_size, epochs=epochs, peak=peak)}


def multiply_adds(model) -> int:
    """Multiply-adds per image of a forward pass, counted by the notebook's own function."""
    return sum(n for _, n in notebook_recipe()["multiply_adds"](model))


def onednn_isa_cap() -> str:
    """The instruction-set cap set for oneDNN (`ONEDNN_MAX_CPU_ISA`), or ''."""
    return os.environ.get("ONEDNN_MAX_CPU_ISA", "")


def gflops(macs, n_examples, seconds):
    """Achieved throughput: forward + backward ≈ 3 forward passes, 2 FLOP per multiply-add."""
    return 6 * macs * n_examples / seconds / 1e9


def peak_gflops() -> tuple[float | None, str]:
    """Estimated fp32 peak of this CPU: cores × clock × SIMD lanes × 2 (FMA) × 2 FMA units per core.
    An upper bound from /proc/cpuinfo (Linux); (None, reason) elsewhere."""
    info = cpuinfo()
    if not info:
        return None, "no /proc/cpuinfo"
    flags = cpu_flags()
    mhz = [float(line.split(":", 1)[1]) for line in info.splitlines() if line.startswith("cpu MHz")]
    if not mhz:
        return None, "no clock in /proc/cpuinfo"
    lanes, isa = (16, "AVX-512") if "avx512f" in flags else (8, "AVX2+FMA") if "fma" in flags else (4, "SSE")
    if lanes == 16 and onednn_isa_cap().upper().startswith("AVX2"):
        lanes, isa = 8, "AVX2+FMA, capped by ONEDNN_MAX_CPU_ISA"      # an AVX2-only CPU, approximately
    cores = usable_cores()
    ghz = max(mhz) / 1000
    return cores * ghz * lanes * 2 * 2, f"{cores} cores × {ghz:.2f} GHz × {lanes} lanes ({isa}) × 2 FMA × 2 units"


class TrainingClock(keras.callbacks.Callback):
    """Training seconds (batches only) and test accuracy `per_epoch` times per epoch."""

    def __init__(self, x_test, y_test, per_epoch):
        super().__init__()
        self.x_test, self.labels, self.per_epoch = x_test, np.argmax(y_test, axis=1), per_epoch
        self.seconds, self.steps, self.rows = 0.0, 0, []

    def on_train_begin(self, logs=None):
        self.every = max(1, -(-self.params["steps"] // self.per_epoch))     # ceil: per_epoch evaluations
        self.steps_per_epoch = self.params["steps"]

    def on_train_batch_begin(self, batch, logs=None):
        self.start = time.perf_counter()

    def on_train_batch_end(self, batch, logs=None):
        self.seconds += time.perf_counter() - self.start
        self.steps += 1
        if (batch + 1) % self.every == 0 or batch + 1 == self.steps_per_epoch:
            predicted = np.argmax(self.model.predict(self.x_test, batch_size=1000, verbose=0), axis=1)
            accuracy = float(np.mean(predicted == self.labels))
            self.rows.append({"step": self.steps, "epoch": self.steps / self.steps_per_epoch,
                              "seconds": self.seconds, "test_accuracy": accuracy})

    def on_epoch_end(self, epoch, logs=None):
        row = self.rows[-1]
        print(f"    epoch {epoch + 1:2d}: {row['seconds']:6.1f} s of training, "
              f"test accuracy {row['test_accuracy']:.4f}", flush=True)


def first_time(rows, accuracy):
    """Training seconds until the test accuracy first reaches `accuracy` (None if never)."""
    return next((row["seconds"] for row in rows if row["test_accuracy"] >= accuracy), None)


def run(name, recipe, data, seed, target, aim, per_epoch):
    (x_train, y_train), (x_test, y_test) = data
    keras.utils.set_random_seed(seed)
    model, optimizer, batch_size, epochs = recipe(len(x_train))
    model.compile(optimizer=optimizer, loss="categorical_crossentropy", metrics=["accuracy"])
    clock = TrainingClock(x_test, y_test, per_epoch)
    print(f"  {name}, seed {seed}: {model.count_params():,} parameters, batch {batch_size}", flush=True)
    model.fit(x_train, y_train, batch_size=batch_size, epochs=epochs, verbose=0, callbacks=[clock])
    seconds_per_epoch, macs = clock.seconds / epochs, multiply_adds(model)
    return {"recipe": name, "seed": seed, "parameters": model.count_params(), "multiply_adds": macs,
            "evaluations": clock.rows, "seconds_per_epoch": seconds_per_epoch, "total_seconds": clock.seconds,
            "gflops": gflops(macs, len(x_train), seconds_per_epoch),
            "seconds_to_target": first_time(clock.rows, target), "seconds_to_aim": first_time(clock.rows, aim),
            "final_accuracy": clock.rows[-1]["test_accuracy"]}


def summarise(runs):
    """One recipe's runs -> medians and ranges over the seeds (a run that never reached counts as infinite)."""
    def median_range(key):
        values = [r[key] if r[key] is not None else float("inf") for r in runs]
        return statistics.median(values), min(values), max(values)
    first = runs[0]
    return {"recipe": first["recipe"], "parameters": first["parameters"], "multiply_adds": first["multiply_adds"],
            "seeds": [r["seed"] for r in runs], "seconds_to_target": median_range("seconds_to_target"),
            "seconds_to_aim": median_range("seconds_to_aim"), "seconds_per_epoch": median_range("seconds_per_epoch"),
            "gflops": median_range("gflops"), "final_accuracy": median_range("final_accuracy")}


def table(summaries, target, aim=0.992):
    def seconds(triple):
        median, low, high = triple
        if median == float("inf"):
            return "not reached"
        spread = "" if low == high else f" ({low:.0f}–{'∞' if high == float('inf') else f'{high:.0f}'})"
        return f"{median:.0f} s{spread}"
    lines = [f"| recipe | parameters | multiply-adds / image | s/epoch | GFLOP/s | time to {target:.1%} "
             f"| time to {aim:.1%} | final test accuracy |", "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for s in summaries:
        final = s["final_accuracy"]
        lines.append(f"| {s['recipe']} | {s['parameters']:,} | {s['multiply_adds']:,} | "
                     f"{s['seconds_per_epoch'][0]:.1f} | {s['gflops'][0]:.0f} | "
                     f"{seconds(s['seconds_to_target'])} | {seconds(s['seconds_to_aim'])} | "
                     f"{final[0]:.2%} ({final[1]:.2%}–{final[2]:.2%}) |")
    seeds = summaries[0]["seeds"]
    lines.append(f"\nMedians over seeds {', '.join(map(str, seeds))} (range in brackets).")
    if len(summaries) == 2:
        base, ours = summaries[0]["seconds_to_target"][0], summaries[1]["seconds_to_target"][0]
        if base != float("inf") and ours != float("inf"):
            lines.append(f"Speed-up to {target:.1%} (ratio of the medians): **{base / ours:.1f}×**")
    return "\n".join(lines)


def training_data():
    """MNIST as both recipes train on it: images in [0, 1] with a channel axis, one-hot labels;
    a data error ends the program with its message."""
    try:
        (x_train, y_train), (x_test, y_test) = load_mnist()
    except DataError as error:
        raise SystemExit(f"error: {error}") from None
    prepare = lambda x: (x[..., None] / 255.0).astype("float32")  # noqa: E731
    return ((prepare(x_train), keras.utils.to_categorical(y_train, 10)),
            (prepare(x_test), keras.utils.to_categorical(y_test, 10)))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--target", type=float, default=0.991, help="the original's accuracy (ratio)")
    parser.add_argument("--aim", type=float, default=0.992, help="the notebook recipe's aim")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2], help="one training run per seed")
    parser.add_argument("--evals-per-epoch", type=int, default=8, help="test evaluations per epoch")
    parser.add_argument("--out", type=Path, default=Path("build/benchmarks"))
    parser.add_argument("--only", choices=["original", "notebook"], help="run one recipe")
    parser.add_argument("--epochs", type=int, default=2, help="notebook recipe: epochs")
    parser.add_argument("--batch-size", type=int, default=128, help="notebook recipe: batch size")
    parser.add_argument("--peak-lr", type=float, default=1e-2, help="notebook recipe: peak learning rate")
    parser.add_argument("--threads", type=int, default=0, help="TensorFlow intra-op threads (0: default)")
    parser.add_argument("--policy", default="float32", help="Keras dtype policy, e.g. mixed_bfloat16")
    args = parser.parse_args()
    keras.mixed_precision.set_dtype_policy(args.policy)
    if args.threads:
        import tensorflow as tf

        tf.config.threading.set_intra_op_parallelism_threads(args.threads)

    data = training_data()
    every = recipes(args.epochs, args.batch_size, args.peak_lr)
    chosen = {k: v for k, v in every.items() if not args.only or k.startswith(args.only)}
    runs = {name: [run(name, recipe, data, seed, args.target, args.aim, args.evals_per_epoch) for seed in args.seeds]
            for name, recipe in chosen.items()}
    summaries = [summarise(r) for r in runs.values()]

    peak, how = peak_gflops()
    isa_cap = f", ONEDNN_MAX_CPU_ISA={onednn_isa_cap()}" if onednn_isa_cap() else ""
    machine = (f"{cpu_model()}, {os.cpu_count()} CPUs{isa_cap}, "
               f"keras {keras.__version__}, policy {args.policy}, threads {args.threads or 'default'}")
    peak_line = f"estimated peak {peak:.0f} GFLOP/s ({how})" if peak else f"peak unknown ({how})"
    report = (f"# MNIST time to {args.target:.1%} test accuracy\n\nMachine: {machine}; {peak_line}\n\n"
              f"{table(summaries, args.target, args.aim)}\n")
    print("\n" + report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "mnist.md").write_text(report, encoding="utf-8")
    record = {"machine": machine, "peak_gflops": peak, "peak": how, "summaries": summaries, "runs": runs}
    (args.out / "mnist.json").write_text(json.dumps(finite(record), indent=1))


def finite(value):
    """JSON has no infinity: a time never reached is written as null."""
    if isinstance(value, float) and value == float("inf"):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    return value


if __name__ == "__main__":
    main()
