"""Execute, normalise and check the lecture notebooks.

    python tools/notebooks.py execute [NOTEBOOK ...]   run in place, store outputs, time each
    python tools/notebooks.py normalise [NOTEBOOK ...] rewrite in the canonical stored form
    python tools/notebooks.py check [NOTEBOOK ...]     exit 1 if a notebook is not normalised
    python tools/notebooks.py budget [NOTEBOOK ...]    run without storing, time each vs. its budget
    python tools/notebooks.py seeds NOTEBOOK --seeds 1 2 3
                                                       run without storing under other seeds
                                                       (LECTURE5_SEED): every hidden assert must hold
    python tools/notebooks.py backends [NOTEBOOK ...] --backends jax torch
                                                       run without storing under each Keras backend
                                                       (KERAS_BACKEND): every cell and assert must pass

"Normalised" means what a viewer would show: stream outputs merged and carriage returns /
backspaces collapsed (Keras progress bars), no per-cell execution timestamps, JSON indented
by one space with a final newline (Jupyter's own format).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
# Wall-time budget in minutes on the 2-core reference machine (from the issues).
BUDGETS = {
    "01_rnn": 5,
    "02_cnn": 5,
    "03_autoencoders": 5,
    "04_word_embeddings": 5,
    "05_translation": 12,
}


def all_notebooks() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def normalise(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    from nbval.plugin import coalesce_streams  # the same collapsing nbval applies when comparing

    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
            for output in cell.outputs:
                if output.output_type == "stream":
                    # drop blank lines left behind by fully overwritten progress bars
                    output.text = "\n".join(
                        line for line in output.text.split("\n") if line.strip() or line == ""
                    )
    nb.metadata.pop("widgets", None)
    return nb


def dumps(nb: nbformat.NotebookNode) -> str:
    return nbformat.writes(nb) + "\n"


def execute(
    path: Path, timeout: int, store: bool = True, allow_errors: bool = False
) -> tuple[float, nbformat.NotebookNode]:
    """Run the notebook top to bottom; return the wall time and the executed notebook."""
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        allow_errors=allow_errors,
    )
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    if store:
        path.write_text(dumps(normalise(nb)), encoding="utf-8")
    return elapsed, nb


def cell_errors(nb: nbformat.NotebookNode) -> list[str]:
    """'cell N: AssertionError: ...' for every cell of an executed notebook that raised."""
    errors = []
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                value = " ".join(str(output.get("evalue", "")).split())
                errors.append(f"cell {index}: {output.get('ename')}: {value[:400]}")
    return errors


def run_with_seeds(paths: list[Path], seeds: list[int], timeout: int) -> int:
    """Execute each notebook once per seed, storing nothing; exit status 1 if any cell raised.

    A failing cell does not stop the run: every hidden assert that fails is reported (an
    error in an ordinary cell is reported too, and later cells may fail because of it).
    """
    failures = 0
    for path in paths:
        for seed in seeds:
            os.environ["LECTURE5_SEED"] = str(seed)  # the kernel inherits it; setup_notebook reads it
            seconds, nb = execute(path, timeout, store=False, allow_errors=True)
            errors = cell_errors(nb)
            verdict = "OK" if not errors else f"{len(errors)} FAILED"
            print(f"{path.name} seed {seed}: {verdict} ({seconds:.0f} s)", flush=True)
            for error in errors:
                print(f"    {error}", flush=True)
            failures += bool(errors)
    os.environ.pop("LECTURE5_SEED", None)
    return 1 if failures else 0


def machine() -> dict:
    """Where and with what a timing was taken: date, machine (CPU, cores, Python), the backends' versions."""
    from importlib.metadata import PackageNotFoundError, version

    from lecture5.machine import facts

    versions = {}
    for name, packages in (("keras", ["keras"]), ("tensorflow", ["tensorflow-cpu", "tensorflow"]),
                           ("jax", ["jax"]), ("torch", ["torch"])):
        for package in packages:
            try:
                versions[name] = version(package)
                break
            except PackageNotFoundError:
                pass
    return {"date": time.strftime("%Y-%m-%d"), "machine": facts(), "versions": versions}


BACKENDS = ("tensorflow", "jax", "torch")


def backend_table(record: dict) -> str:
    """The record of run_on_backends as a markdown table: notebook x backend -> pass/fail, minutes.
    Each run carries its date and machine; runs from more than one machine get a column naming it."""
    from lecture5.machine import describe

    names = sorted(record["results"])
    columns = [b for b in BACKENDS if any(b in record["results"][n] for n in names)]
    labels: dict[str, str] = {}  # "date on machine" -> A, B, ...

    def label(run):
        machine = describe(run["machine"]) if "machine" in run else "an unrecorded machine"
        return labels.setdefault(f"{run.get('date', 'undated')} on {machine}", chr(ord("A") + len(labels)))

    for name in names:
        for backend in columns:
            if backend in record["results"][name]:
                label(record["results"][name][backend])
    several = len(labels) > 1
    head = "| notebook | budget | " + ("machine | " if several else "")
    rows = [head + " | ".join(columns) + " |", "|---|---:|" + ("---|" if several else "") + "---|" * len(columns)]
    for name in names:
        budget = BUDGETS.get(name)
        runs = record["results"][name]
        letters = list(dict.fromkeys(label(run) for run in runs.values()))
        cells = [", ".join(letters)] if several else []
        for backend in columns:
            run = runs.get(backend)
            if run is None:
                cells.append("-")
                continue
            over = " (over budget)" if budget is not None and run["seconds"] > budget * 60 else ""
            verdict = "passes" if not run["errors"] else f"**fails** ({run['errors'][0].split(':')[0]})"
            where = f" ({label(run)})" if len(letters) > 1 else ""  # a mixed row says where each ran
            cells.append(f"{verdict}, {run['seconds'] / 60:.1f} min{over}{where}")
        rows.append(f"| {name} | {'-' if budget is None else f'{budget} min'} | " + " | ".join(cells) + " |")
    versions = ", ".join(f"{name} {v}" for name, v in record["versions"].items())
    if several:
        where = "; ".join(f"{letter}: {text}" for text, letter in labels.items())
        caption = f"Measured with {versions}; machine {where}."
    else:
        caption = f"Measured {next(iter(labels), 'nothing yet')}; {versions}."
    return caption + "\n\n" + "\n".join(rows)


def run_on_backends(paths: list[Path], backends: list[str], timeout: int, record_path: Path | None) -> int:
    """Execute each notebook under each Keras backend, storing nothing; print a notebook x backend
    table (pass/fail, wall time, budget). Exit status 1 if a cell raised; time over budget is reported
    only (a busy machine must not turn this red). With ``record_path`` (JSON), the runs are merged
    into that record (other notebooks and backends kept) and the table is written next to it (.md)."""
    import json

    record = {"results": {}}
    if record_path and record_path.exists():
        record = json.loads(record_path.read_text(encoding="utf-8"))
    failures = 0
    for path in paths:
        for backend in backends:
            facts = machine()  # when and where this run was taken
            if record.setdefault("versions", facts["versions"]) != facts["versions"]:
                raise SystemExit(f"{record_path} was measured with {record['versions']}, this environment has "
                                 f"{facts['versions']}: delete it or record into a new file (--record)")
            del facts["versions"]
            os.environ["KERAS_BACKEND"] = backend  # the kernel inherits it; setup_notebook keeps it
            seconds, nb = execute(path, timeout, store=False, allow_errors=True)
            errors = cell_errors(nb)
            record["results"].setdefault(path.stem, {})[backend] = {"seconds": round(seconds, 1), "errors": errors,
                                                                     **facts}  # date, machine
            print(f"{path.name} on {backend}: {'passes' if not errors else 'FAILS'} ({seconds:.0f} s)", flush=True)
            for error in errors:
                print(f"    {error}", flush=True)
            failures += bool(errors)
            if record_path:  # after every run: an interrupted sweep keeps what it measured
                record_path.parent.mkdir(parents=True, exist_ok=True)
                record_path.write_text(json.dumps(record, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
                record_path.with_suffix(".md").write_text(backend_table(record) + "\n", encoding="utf-8")
    os.environ.pop("KERAS_BACKEND", None)
    print(backend_table(record))
    return 1 if failures else 0


def budget_table(times: dict[str, float]) -> str:
    rows = ["| notebook | wall time | budget | status |", "|---|---:|---:|---|"]
    for name, seconds in times.items():
        budget = BUDGETS.get(name)
        status = "-" if budget is None else ("OK" if seconds <= budget * 60 else "OVER BUDGET")
        limit = "-" if budget is None else f"{budget} min"
        rows.append(f"| {name} | {seconds / 60:.1f} min ({seconds:.0f} s) | {limit} | {status} |")
    total = sum(times.values())
    rows.append(f"| **total** | {total / 60:.1f} min ({total:.0f} s) | "
                f"{sum(BUDGETS.get(n, 0) for n in times)} min | |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["execute", "budget", "normalise", "check", "seeds", "backends"])
    parser.add_argument("notebooks", nargs="*", type=Path)
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per cell (a hang guard, not a budget)")
    parser.add_argument("--seeds", type=int, nargs="+", default=[1, 2, 3],
                        help="with `seeds`: the seeds to try (default 1 2 3)")
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS), choices=BACKENDS,
                        help="with `backends`: the Keras backends to try (default: all three)")
    parser.add_argument("--record", type=Path,
                        help="with `backends`: merge the runs into this JSON record, its table beside it (.md)")
    parser.add_argument("--report", type=Path, help="also write the timing table to this file")
    args = parser.parse_args(argv)
    paths = args.notebooks or all_notebooks()

    if args.command == "seeds":
        return run_with_seeds(paths, args.seeds, args.timeout)
    if args.command == "backends":
        return run_on_backends(paths, args.backends, args.timeout, args.record)

    if args.command in ("execute", "budget"):
        times = {}
        for path in paths:
            print(f"executing {path} ...", flush=True)
            times[path.stem], _ = execute(path, args.timeout, store=args.command == "execute")
            print(f"  {times[path.stem]:.0f} s", flush=True)
        table = budget_table(times)
        print(table)
        if args.report:
            args.report.parent.mkdir(parents=True, exist_ok=True)
            args.report.write_text(table + "\n", encoding="utf-8")
        return 1 if "OVER BUDGET" in table else 0

    stale = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        wanted = dumps(normalise(nbformat.reads(text, as_version=4)))
        if text != wanted:
            stale.append(path)
            if args.command == "normalise":
                path.write_text(wanted, encoding="utf-8")
    if args.command == "check" and stale:
        print("not normalised (run `make normalise`):", *map(str, stale), sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
