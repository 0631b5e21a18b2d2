"""The machine and software a benchmark ran on (CPU, cores, RAM, Python, library versions)."""

from __future__ import annotations

import datetime as dt
import os
import platform
from importlib import metadata
from pathlib import Path

__all__ = ["load_average", "machine_info"]

_LIBRARIES = ("supplychain", "numpy", "scipy", "networkx", "pandas", "pulp", "highspy", "dask",
              "distributed")  # fmt: skip


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _ram_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except (OSError, ValueError, IndexError):
        pass
    return float("nan")


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (``[]`` where unknown)."""
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def format_load(values: list[float]) -> str:
    """Load averages as the benchmark sections print them: ``0.12 / 0.84 / 1.79``."""
    return " / ".join(f"{x:.2f}" for x in values)


def machine_info() -> dict[str, object]:
    """CPU model, logical cores (total and usable), RAM, OS, Python and library versions, date.

    Returns
    -------
    dict
        JSON-ready.
    """
    versions: dict[str, str] = {}
    for name in _LIBRARIES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "logical_cores": os.cpu_count() or 0,
        "usable_cores": usable,
        "ram_gib": round(_ram_gib(), 1),
        "os": f"{platform.system()} {platform.release()} ({platform.machine()})",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "versions": versions,
        "load_start": load_average(),
    }
