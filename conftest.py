"""pytest hooks for the whole repository: a wall-time table of the notebooks nbval ran."""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tools"))

_notebook_seconds: dict[str, float] = defaultdict(float)


def pytest_runtest_logreport(report):
    path = report.nodeid.split("::")[0]
    if path.endswith(".ipynb"):
        _notebook_seconds[Path(path).stem] += report.duration


def pytest_terminal_summary(terminalreporter):
    if _notebook_seconds:
        from notebooks import budget_table

        terminalreporter.write_sep("=", "notebook wall time under nbval (budget: 2-core CPU)")
        terminalreporter.write_line(budget_table(dict(sorted(_notebook_seconds.items()))))
        terminalreporter.write_line(
            "(information only: a busy or slower machine may go over budget; that never fails the "
            "tests. `make budget` on an idle machine is where budgets are enforced.)")
