"""Exploration for the MNIST benchmark: variants of the CNN notebook's network and schedule, timed alike.

    python benchmarks/mnist_variants.py [--net pool-first|strided|no-bn] [--channels 16 48] [--dropout 0 0.25]
        [--bn-momentum 0.9] [--epochs 2] [--batch-size 128] [--peak-lr 1e-2] [--warmup 0.3] [--label-smoothing 0]
        [--seeds 0 1 2] [--evals-per-epoch 8]

Each variant trains on the 60,000 training digits once per seed, with the test accuracy measured eight
times per epoch (not counted as training), like `mnist_time_to_accuracy.py`, whose clock and counters
it uses. Prints one Markdown row (the exploration table of README's MNIST section) and one JSON line.
The schedule is the notebook's own function; the networks are built here, and with the defaults they are
the notebook's (tests/test_benchmarks.py checks it), so the default row is the benchmark's recipe.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import statistics

from mnist_time_to_accuracy import (
    TrainingClock,
    first_time,
    gflops,
    keras,
    layers,
    multiply_adds,
    notebook_recipe,
    training_data,
)


def network(kind, channels, dropout, momentum=0.9):
    """pool-first: the notebook's blocks (conv → pooling → BN → ReLU); strided: stride-2 convolutions
    instead of pooling; no-bn: conv + ReLU → pooling. The same head in all three; a dropout of 0 is no layer."""
    blocks = []
    for c in channels:
        if kind == "pool-first":
            blocks += [layers.Conv2D(c, 3, use_bias=False), layers.MaxPooling2D(2),
                       layers.BatchNormalization(momentum=momentum), layers.ReLU()]
        elif kind == "strided":
            blocks += [layers.Conv2D(c, 3, strides=2, use_bias=False),
                       layers.BatchNormalization(momentum=momentum), layers.ReLU()]
        else:
            blocks += [layers.Conv2D(c, 3, activation="relu"), layers.MaxPooling2D(2)]
    drop = lambda rate: [layers.Dropout(rate)] if rate else []  # noqa: E731
    return keras.Sequential([keras.Input((28, 28, 1)), *blocks, *drop(dropout[0]), layers.Flatten(),
                             layers.Dense(128, activation="relu"), *drop(dropout[1]),
                             layers.Dense(10, activation="softmax")])


def schedule(n_examples, batch_size, epochs, peak, warmup):
    """The notebook's own schedule function (warm-up, then cosine decay), with this run's knobs."""
    return notebook_recipe()["lecture_schedule"](n_examples, batch_size, epochs, peak, warmup)


def train(args, data, seed):
    (x_train, y_train), (x_test, y_test) = data
    keras.utils.set_random_seed(seed)
    model = network(args.net, args.channels, args.dropout, args.bn_momentum)
    optimizer = keras.optimizers.Adam(schedule(len(x_train), args.batch_size, args.epochs, args.peak_lr, args.warmup))
    model.compile(optimizer=optimizer, metrics=["accuracy"],
                  loss=keras.losses.CategoricalCrossentropy(label_smoothing=args.label_smoothing))
    clock = TrainingClock(x_test, y_test, args.evals_per_epoch)
    with contextlib.redirect_stdout(io.StringIO()):      # the clock's per-epoch lines
        model.fit(x_train, y_train, batch_size=args.batch_size, epochs=args.epochs, verbose=0, callbacks=[clock])
    macs = multiply_adds(model)
    seconds_per_epoch = clock.seconds / args.epochs
    return {"seconds_per_epoch": seconds_per_epoch, "gflops": gflops(macs, len(x_train), seconds_per_epoch),
            "to_991": first_time(clock.rows, 0.991), "to_992": first_time(clock.rows, 0.992),
            "final": clock.rows[-1]["test_accuracy"], "multiply_adds": macs}


def parser():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--net", choices=["pool-first", "strided", "no-bn"], default="pool-first")
    parser.add_argument("--channels", type=int, nargs=2, default=[16, 48])
    parser.add_argument("--dropout", type=float, nargs=2, default=[0.0, 0.25], help="before and after Dense(128)")
    parser.add_argument("--bn-momentum", type=float, default=0.9, help="BatchNormalization's running averages")
    parser.add_argument("--epochs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=128)
    parser.add_argument("--peak-lr", type=float, default=1e-2)
    parser.add_argument("--warmup", type=float, default=0.3, help="warm-up length in epochs")
    parser.add_argument("--label-smoothing", type=float, default=0.0)
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument("--evals-per-epoch", type=int, default=8, help="test evaluations per epoch")
    return parser


def main():
    args = parser().parse_args()
    data = training_data()
    runs = [train(args, data, seed) for seed in args.seeds]

    def seconds(key):
        values = [r[key] for r in runs]
        median = statistics.median(float("inf") if v is None else v for v in values)
        each = ", ".join("–" if v is None else f"{v:.1f}" for v in values)
        return f"{'not reached' if median == float('inf') else f'{median:.1f} s'} ({each})"
    finals = [r["final"] for r in runs]
    knobs = (f"{args.net}, channels {args.channels[0]}/{args.channels[1]}, "
             f"dropout {args.dropout[0]:g}/{args.dropout[1]:g}, BN momentum {args.bn_momentum:g}, "
             f"{args.epochs} epochs, batch {args.batch_size}, "
             f"peak {args.peak_lr:g}, warm-up {args.warmup:g} epoch"
             + (f", label smoothing {args.label_smoothing:g}" if args.label_smoothing else ""))
    print(f"| {knobs} | {statistics.median(r['seconds_per_epoch'] for r in runs):.1f} | "
          f"{statistics.median(r['gflops'] for r in runs):.0f} | {seconds('to_991')} | {seconds('to_992')} | "
          f"{min(finals):.2%}–{max(finals):.2%} |")
    print(json.dumps({"args": vars(args), "runs": runs}))


if __name__ == "__main__":
    main()
