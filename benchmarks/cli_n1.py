"""N-1 as a user runs it: ``supplychain stress n-1`` through the CLI, start-up included.

Run from the repository root (needs ``../shared/data`` or ``$SUPPLYCHAIN_SHARED``)::

    python benchmarks/cli_n1.py                 # Africa: 1 and 2 workers, scipy, PuLP; grid
    python benchmarks/cli_n1.py --skip-grid     # Africa only

What it measures, in one run so the numbers share the machine's load:

1. **Africa (GIS import)**: ``supplychain network build --source
   ../shared/data/flownet-africa-network/africa_network.geojson --out africa.parquet`` (2,344
   segments; timed apart), then ``supplychain -q stress n-1 --network africa.parquet --out
   ...`` with ``--workers 1`` and ``--workers 2`` as subprocesses: wall time from start to
   exit (interpreter start-up, imports, reading the network, the sweep, writing Parquet).
   **Compute** is the same sweep called in-process (:func:`n_minus_1` with the network
   already loaded; the solvers and max flow are built inside it, as in a fresh process).
2. **Beside it**: scipy alone (``MaxFlowN1`` of ``benchmarks/closures.py``: one
   ``scipy.sparse.csgraph.maximum_flow`` per closure, no skip rule, no LP) over every segment,
   and the PuLP loop (``build_model`` + ``solve`` per closure) over the first ``--pulp``
   closures, extrapolated to all of them.
3. **Grid 100k arcs** (``benchmarks/synthetic.py``, side 159): the sweep's own work per
   measure, as 2 workers split it (one builds the throughput solver and answers throughput,
   the other builds the served solver and the max flow and answers those), timed on the
   first ``--grid-closures`` closures of a seeded random order; extrapolated to every closure
   as ``max(build_t + n x per_t, build_s + n x per_s)`` (stated as an extrapolation).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a script: import benchmarks.* from the repository root
    _HERE = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
    sys.path.insert(0, str(_HERE.parent))

from benchmarks import closures, data, machine, synthetic

__all__ = ["main"]


def _cli() -> list[str]:
    exe = Path(sys.executable).with_name("supplychain")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "supplychain"]


#: ``supplychain ARGS`` that writes, at exit, the CPU seconds of its own process, of the
#: worker processes it started, and of its own process when the network was read (the
#: start-up: the log record of ``load_network``, caught without printing it), as
#: ``[self, children, start-up]`` to ``$N1_RUSAGE``.
_SPLIT = (
    "import atexit, json, logging, os, resource, sys, time\n"
    "marks = []\n"
    "class _Mark(logging.Handler):\n"
    "    def emit(self, record):\n"
    "        marks.append(time.process_time())\n"
    "log = logging.getLogger('supplychain.networks.io')\n"
    "log.setLevel(logging.INFO)\n"
    "log.addHandler(_Mark())\n"
    "log.propagate = False\n"
    "def _report():\n"
    "    me = resource.getrusage(resource.RUSAGE_SELF)\n"
    "    kids = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "    with open(os.environ['N1_RUSAGE'], 'w') as f:\n"
    "        json.dump([me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime, marks[0]], f)\n"
    "atexit.register(_report)\n"
    "from supplychain.cli import main\n"
    "main(sys.argv[1:], prog_name='supplychain')\n"
)


def _timed_run(args: list[str], cpu: list[float] | None = None) -> float:
    """Wall time of a command; with ``cpu``, also append its CPU time (user + system of the
    process and the worker processes it waited for: what an idle machine would need)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if cpu is not None:
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return wall


def _africa(tmp: Path, repeats: int, pulp_n: int, log: Any) -> dict[str, Any]:
    from supplychain.models.params import load_model_parameters
    from supplychain.networks import load_network
    from supplychain.scenarios.sweeps import SweepContext, n_minus_1

    source = data.shared_data_dir() / "flownet-africa-network" / "africa_network.geojson"
    net = tmp / "africa.parquet"
    out: dict[str, Any] = {"build_s": _timed_run([*_cli(), "-q", "network", "build", "--source",
                                                   str(source), "--out", str(net)])}  # fmt: skip
    log(f"africa built in {out['build_s']:.1f} s")
    for workers in (1, 2):
        walls: list[float] = []
        cpus: list[float] = []
        for r in range(repeats):
            dest = tmp / f"n1-{workers}-{r}.parquet"
            walls.append(_timed_run([*_cli(), "-q", "stress", "n-1", "--network", str(net),
                                     "--workers", str(workers), "--out", str(dest)], cpus))  # fmt: skip
            log(f"cli n-1 workers={workers}: {walls[-1]:.2f} s ({cpus[-1]:.2f} s CPU)")
        out[f"cli_{workers}_s"] = walls
        out[f"cli_{workers}_cpu_s"] = cpus
    # CPU by process: the command's own process and the worker processes it started (read by
    # the command itself at exit), so the 2-worker run's critical path is known under load.
    for workers in (1, 2):
        split: list[list[float]] = []
        for r in range(repeats):
            usage = tmp / f"rusage-{workers}-{r}.json"
            dest = tmp / f"split-{workers}-{r}.parquet"
            subprocess.run([sys.executable, "-c", _SPLIT, "-q", "stress", "n-1", "--network", str(net),
                            "--workers", str(workers), "--out", str(dest)],
                           check=True, stdout=subprocess.DEVNULL, env={**os.environ, "N1_RUSAGE": str(usage)})  # fmt: skip
            split.append(json.loads(usage.read_text(encoding="utf-8")))
        out[f"cpu_split_{workers}"] = split
        log(f"cpu split workers={workers}: {split}")
    # The start-up every run pays once whatever the workers (Amdahl's serial part): the
    # interpreter, the imports `stress n-1` makes and reading + validating the network.
    startup = ("import gc; gc.disable(); import sys; import supplychain.cli; "
               "from supplychain.models import load_model_parameters; "
               "import supplychain.scenarios.sweeps; from supplychain.networks.io import load_network; "
               "load_network(sys.argv[1]); load_model_parameters()")  # fmt: skip
    out["startup_s"] = []
    out["startup_cpu_s"] = []
    for _ in range(repeats):
        out["startup_s"].append(_timed_run([sys.executable, "-c", startup, str(net)], out["startup_cpu_s"]))
    log(f"start-up (imports + reading the network): {_median(out['startup_s']):.2f} s")
    graph = load_network(net)
    params = load_model_parameters()
    segments = closures.segment_order(graph)
    out["segments"] = len(segments)
    for workers in (1, 2):
        comp = []
        for r in range(repeats):
            ctx = SweepContext.create(graph, params, seed=1000 + 10 * workers + r)  # fresh caches
            start = time.perf_counter()
            n_minus_1(ctx, workers=workers, progress=False)
            comp.append(time.perf_counter() - start)
            log(f"in-process n-1 workers={workers}: {comp[-1]:.2f} s")
        out[f"compute_{workers}_s"] = comp
    scipy = closures.time_scipy(graph, segments, limit=None, budget_s=600.0)
    out["scipy_setup_s"], out["scipy_s"], out["scipy_timed"] = (
        scipy.setup_s,
        scipy.time_s,
        scipy.timed,
    )
    log(f"scipy alone: {scipy.time_s:.2f} s for {scipy.timed}")
    pulp = closures.time_pulp(graph, params, segments, limit=pulp_n, budget_s=120.0)
    out["pulp_s"], out["pulp_timed"] = pulp.time_s, pulp.timed
    log(f"pulp: {pulp.time_s:.2f} s for {pulp.timed}")
    out["cpu"] = cpu_breakdown(net)
    log(f"cpu breakdown: {out['cpu']}")
    return out


def cpu_breakdown(network: Path) -> dict[str, float]:
    """CPU seconds of one in-process 1-worker N-1 sweep, by part (robust to other processes'
    load, unlike wall time): the two fast solvers' builds (LP written as arrays), the hub max
    flow (capacities from ``effective_capacities``), and the closures with the table work."""
    from supplychain.models.params import load_model_parameters
    from supplychain.networks import load_network
    from supplychain.scenarios import sweeps

    graph = load_network(network)
    ctx = sweeps.SweepContext.create(graph, load_model_parameters(), seed=4242)
    c0, w0 = time.process_time(), time.perf_counter()
    sweeps._solvers(ctx)
    c1 = time.process_time()
    sweeps._hub_maxflow(ctx)
    c2 = time.process_time()
    sweeps.n_minus_1(ctx, progress=False)
    c3, w3 = time.process_time(), time.perf_counter()
    return {"solvers_cpu_s": c1 - c0, "hub_maxflow_cpu_s": c2 - c1, "closures_cpu_s": c3 - c2,
            "total_cpu_s": c3 - c0, "wall_s": w3 - w0}  # fmt: skip


def _grid(n_closures: int, log: Any) -> dict[str, Any]:
    """Per measure, as the 2-worker sweep splits it: one process builds the throughput solver
    and answers throughput for every closure, the other builds the served solver and the max
    flow and answers those."""
    import dataclasses

    from supplychain.scenarios import sweep_common as sc

    k = synthetic.side_for_arcs(100_000)
    graph = synthetic.grid_network(k, seed=0)
    # A generous solver limit: the base solves of this grid take minutes.
    params = dataclasses.replace(synthetic.synthetic_parameters(), time_limit_s=1800.0)
    ctx = sc.SweepContext.create(graph, params, seed=7)
    c0, w0 = time.process_time(), time.perf_counter()
    through = sc._solver(ctx, "throughput")
    build_t, build_t_cpu = time.perf_counter() - w0, time.process_time() - c0
    log(f"grid throughput solver built in {build_t:.1f} s ({build_t_cpu:.1f} s CPU)")
    c0, w0 = time.process_time(), time.perf_counter()
    served = sc._solver(ctx, "served_unweighted")
    mf = sc._hub_maxflow(ctx)
    build_s, build_s_cpu = time.perf_counter() - w0, time.process_time() - c0
    log(f"grid served solver and max flow built in {build_s:.1f} s ({build_s_cpu:.1f} s CPU)")
    order = closures.segment_order(graph)
    task: list[tuple[str, tuple[str, ...], tuple[str, ...]]] = [(s, (s,), ()) for s in order[:n_closures]]
    c0, w0 = time.process_time(), time.perf_counter()
    sc._evaluate_throughput(task, ctx)
    per_t, per_t_cpu = (time.perf_counter() - w0) / len(task), (time.process_time() - c0) / len(task)
    c0, w0 = time.process_time(), time.perf_counter()
    sc._evaluate_served_hub(task, ctx)
    per_s, per_s_cpu = (time.perf_counter() - w0) / len(task), (time.process_time() - c0) / len(task)
    log(f"grid {len(task)} closures: throughput {1000 * per_t:.1f} ms, served + max flow "
        f"{1000 * per_s:.1f} ms each")  # fmt: skip
    n = len(order)
    return {"side": k, "arcs": graph.number_of_edges(), "segments": n, "timed": len(task),
            "build_throughput_s": build_t, "build_throughput_cpu_s": build_t_cpu,
            "build_served_maxflow_s": build_s, "build_served_maxflow_cpu_s": build_s_cpu,
            "ms_throughput": 1000 * per_t, "ms_throughput_cpu": 1000 * per_t_cpu,
            "ms_served_maxflow": 1000 * per_s, "ms_served_maxflow_cpu": 1000 * per_s_cpu,
            "throughput_stats": dataclasses.asdict(through.stats),
            "served_stats": dataclasses.asdict(served.stats),
            "maxflow_stats": dict(mf.stats) if mf is not None else {},
            "extrapolated_1_worker_s": build_t + build_s + n * (per_t + per_s),
            "extrapolated_2_workers_s": max(build_t + n * per_t, build_s + n * per_s),
            "extrapolated_2_workers_cpu_s": max(build_t_cpu + n * per_t_cpu,
                                                build_s_cpu + n * per_s_cpu)}  # fmt: skip


def _median(xs: list[float]) -> float:
    s = sorted(xs)
    return s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2


def render(r: dict[str, Any]) -> str:
    """Markdown section for BENCHMARKS.md."""
    a = r["africa"]
    n = a["segments"]
    c1, c2 = _median(a["cli_1_s"]), _median(a["cli_2_s"])
    p1, p2 = _median(a["compute_1_s"]), _median(a["compute_2_s"])
    pulp_all = a["pulp_s"] / a["pulp_timed"] * n if a["pulp_timed"] else float("nan")
    lines = [
        "## N-1 through the CLI (issue 10)",
        "",
        f"Generated by `python benchmarks/cli_n1.py` on {r['date']}; load average "
        f"{machine.format_load(r['load_start'])} at the start and "
        f"{machine.format_load(r['load_end'])} at the end (2 cores shared with other "
        "processes: a load above 1 slows every number here).",
        "",
        f"Whole-Africa network from the GIS layer ({n:,} segments; `network build` took "
        f"{a['build_s']:.1f} s, apart). Median of {len(a['cli_1_s'])} runs.",
        "",
        "| what | 1 worker | 2 workers | target | verdict |",
        "| --- | ---: | ---: | --- | --- |",
        f"| `supplychain -q stress n-1` end to end (s) | {c1:.2f} | {c2:.2f} | ≤ 5 s on 1 worker | "
        f"{'met' if c1 <= 5 else '**not met**'} |",
        f"| the sweep in-process, compute (s) | {p1:.2f} | {p2:.2f} | ≤ 1.5 s | "
        f"{'met' if p1 <= 1.5 else '**not met**'} |",
        f"| speed-up of 2 workers (end to end / compute) | | {c1 / c2:.2f}x / {p1 / p2:.2f}x | ≥ 1.7x | "
        f"{'met' if c1 / c2 >= 1.7 else '**not met**'} |",
    ]
    if "cli_1_cpu_s" in a:
        u1, u2 = _median(a["cli_1_cpu_s"]), _median(a["cli_2_cpu_s"])
        lines.insert(-1, f"| the same command, CPU time (s; all its processes) | {u1:.2f} | {u2:.2f} | "
                         f"(≤ 5 s idle) | {'met on CPU' if u1 <= 5 else '**not met**'} |")  # fmt: skip
    if "startup_s" in a:
        st = _median(a["startup_s"])
        best = c1 / (st + (c1 - st) / 2)
        need = c1 * (2 / 1.7 - 1)
        lines += [
            "",
            f"Start-up alone (interpreter, the imports `stress n-1` makes, reading and validating the "
            f"network; paid once whatever the workers): {st:.2f} s ({_median(a['startup_cpu_s']):.2f} s "
            f"CPU), {100 * st / c1:.0f} % of the 1-worker run. Amdahl: even with the rest halved, 2 "
            f"workers reach at most {best:.2f}x end to end; 1.7x needs a serial part under "
            f"{need:.2f} s ({100 * need / c1:.0f} % of the 1-worker time).",
        ]
    if "cpu_split_2" in a and "startup_cpu_s" in a:
        one = _median([x[0] + x[1] for x in a["cpu_split_1"]])
        drv = _median([x[0] for x in a["cpu_split_2"]])
        kid = _median([x[1] for x in a["cpu_split_2"]])
        st_cpu = _median([x[2] for x in a["cpu_split_1"] + a["cpu_split_2"]])
        idle2 = max(drv, st_cpu + kid)
        lines += [
            "",
            f"CPU by process (median of {len(a['cpu_split_2'])}, less sensitive to the load than wall "
            f"time): 1 worker {one:.2f} s, of which {st_cpu:.2f} s of start-up (interpreter, imports, "
            f"reading and validating the network: {100 * st_cpu / one:.0f} %, paid once whatever the "
            f"workers); 2 workers: the command's process {drv:.2f} s (start-up, the served measure "
            f"and hub max flow, the tables and files) and the throughput process {kid:.2f} s. On an "
            f"idle 2-core machine the 2-worker run needs at least max({drv:.2f}, {st_cpu:.2f} + "
            f"{kid:.2f}) = {idle2:.2f} s: about {one / idle2:.2f}x end to end, and with the start-up "
            f"paid once at most {one / (st_cpu + (one - st_cpu) / 2):.2f}x whatever the split "
            "(estimates from CPU times, not wall-clock measurements).",
        ]
    if "cpu" in a:
        cpu = a["cpu"]
        lines += [
            "",
            f"CPU time of the 1-worker sweep (what an idle machine would need): "
            f"{cpu['total_cpu_s']:.2f} s = fast solvers built {cpu['solvers_cpu_s']:.2f} s + hub max "
            f"flow built {cpu['hub_maxflow_cpu_s']:.2f} s + closures and tables "
            f"{cpu['closures_cpu_s']:.2f} s (wall {cpu['wall_s']:.2f} s under this load).",
        ]
    lines += [
        "",
        "Beside it, same run, same network:",
        "",
        "| method | s for all closures | note |",
        "| --- | ---: | --- |",
        f"| scipy max flow alone (one `maximum_flow` per closure, no LP) | "
        f"{a['scipy_s']:.2f} | {a['scipy_timed']:,} closures timed, build {a['scipy_setup_s']:.2f} s |",
        f"| PuLP loop (build + solve per closure) | {pulp_all:,.0f} | {a['pulp_timed']} closures timed "
        f"({a['pulp_s']:.1f} s), extrapolated |",
        "| before this change: N-1 with a networkx max flow per closure | 232-306 | issue 10's measurement, not re-run |",
    ]
    if r.get("grid_error"):
        lines += ["", f"Grid of 100k arcs: not measured ({r['grid_error']})."]
    g = r.get("grid")
    if g:
        verdict = "met" if g["extrapolated_2_workers_s"] <= 600 else "**not met**"
        lines += [
            "",
            f"Grid of {g['arcs']:,} arcs ({g['segments']:,} segments), per measure as 2 workers split "
            f"it: throughput solver built in {g['build_throughput_s']:.0f} s "
            f"({g['build_throughput_cpu_s']:.0f} s CPU), served solver and max flow in "
            f"{g['build_served_maxflow_s']:.0f} s ({g['build_served_maxflow_cpu_s']:.0f} s CPU); "
            f"{g['timed']} closures timed at {g['ms_throughput']:.1f} ms (throughput; "
            f"{g['ms_throughput_cpu']:.1f} ms CPU) and {g['ms_served_maxflow']:.1f} ms (served and "
            f"max flow; {g['ms_served_maxflow_cpu']:.1f} ms CPU) each. Fast solves: throughput "
            f"{g['throughput_stats']['solves']} re-solved / {g['throughput_stats']['skipped']} skipped, "
            f"served {g['served_stats']['solves']} / {g['served_stats']['skipped']}; max flow "
            f"{g['maxflow_stats']}. **Extrapolated**, not measured: all closures on 2 workers ≈ "
            f"{g['extrapolated_2_workers_s'] / 60:.1f} min ({g['extrapolated_2_workers_cpu_s'] / 60:.1f} "
            f"min of CPU per worker; 1 worker ≈ {g['extrapolated_1_worker_s'] / 60:.1f} min); target "
            f"≤ 10 min: {verdict}, by extrapolation.",
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; print Markdown (and write it with ``--out``)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--pulp", type=int, default=20, help="PuLP closures timed (default 20)")
    ap.add_argument("--grid-closures", type=int, default=300)
    ap.add_argument("--skip-grid", action="store_true")
    ap.add_argument("--out", type=Path, default=None, help="Markdown output")
    ap.add_argument("--json", type=Path, default=None, help="Raw results")
    args = ap.parse_args(argv)

    def log(msg: str) -> None:
        print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                               "load_start": machine.load_average(), "machine": machine.machine_info()}  # fmt: skip
    with tempfile.TemporaryDirectory() as d:
        os.environ.setdefault("PYTHONHASHSEED", "0")
        results["africa"] = _africa(Path(d), args.repeats, args.pulp, log)
    if args.json:  # keep what is measured so far
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    if not args.skip_grid:
        try:
            results["grid"] = _grid(args.grid_closures, log)
        except Exception as exc:  # report it beside the Africa numbers rather than lose them
            log(f"grid failed: {exc}")
            results["grid_error"] = str(exc)
    results["load_end"] = machine.load_average()
    text = render(results)
    print(text)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
