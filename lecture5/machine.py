"""What machine a timing was taken on (for benchmark and backend records)."""

from __future__ import annotations

import os
import platform
from pathlib import Path


def cpuinfo() -> str:
    """/proc/cpuinfo (Linux), or "" where there is none."""
    try:
        return Path("/proc/cpuinfo").read_text()
    except OSError:
        return ""


def cpu_model() -> str:
    """The CPU's model name (Linux), else what the platform module says."""
    names = [line.split(":", 1)[1].strip() for line in cpuinfo().splitlines() if line.startswith("model name")]
    return names[0] if names else platform.processor() or platform.machine()


def cpu_flags() -> list[str]:
    """The CPU's feature flags from /proc/cpuinfo (Linux), else []."""
    return next((line.split(":", 1)[1].split() for line in cpuinfo().splitlines() if line.startswith("flags")), [])


def usable_cores() -> int:
    """Cores this process may run on (its affinity where the OS tells it, else the CPU count)."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def facts() -> dict:
    """CPU model, its widest vector extension, usable cores, Python version."""
    flags = cpu_flags()
    isa = "AVX-512" if "avx512f" in flags else "AVX2" if "avx2" in flags else "no AVX2" if flags else "unknown"
    return {"cpu": cpu_model(), "isa": isa, "cores": usable_cores(), "python": platform.python_version()}


def describe(machine: dict | None = None) -> str:
    """One line for a record: 'AMD EPYC (AVX2), 2 cores, Python 3.11.7'."""
    m = machine or facts()
    return f"{m['cpu']} ({m['isa']}), {m['cores']} cores, Python {m['python']}"
