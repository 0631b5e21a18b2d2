"""Run the benchmark suite and write ``BENCHMARKS.md`` (see ``benchmarks/README.md``).

Usage (from the repository root)::

    python benchmarks/run.py [--quick] [--out BENCHMARKS.md] [--json FILE]
                             [--sizes 1000,10000,100000] [--skip-real] [--seed 0]
                             [--render JSON]

Measures, and asserts nothing:

1. N-1 per-closure cost of the PuLP re-solve, the fast path and scipy max flow on the embedded
   network, the real OSM/OSRM network (West Africa and all of Africa) and synthetic grids;
2. Monte Carlo draws per second on the West-African real network (every segment attacked with
   p = 0.02, 1 worker) and the time of 10,000 draws;
3. N-1 and Monte Carlo wall time with 1 and 2 workers;
4. the machine; then writes everything as Markdown tables with a reading against the targets.

The default run takes about 6 minutes on 2 cores; ``--quick`` about 1 (no 100k-arc grid
unless ``--sizes`` asks for it, fewer PuLP closures, Monte Carlo extrapolated from 1,000
draws).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    # Run as a script: import ``benchmarks.*`` from the repository root, and keep this folder
    # off sys.path so its module names (data, sweeps, ...) shadow nothing.
    _HERE = Path(__file__).resolve().parent
    sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
    sys.path.insert(0, str(_HERE.parent))

from benchmarks import closures, data, machine, report, synthetic
from benchmarks import sweeps as sweep_bench

REPO = Path(__file__).resolve().parents[1]
#: Attack probability of every segment in the Monte Carlo benchmark.
ATTACK_PROBABILITY = 0.02
#: Draws of the Monte Carlo pilot run (the extrapolation base).
PILOT_DRAWS = 1_000
#: Draws the target is about.
TARGET_DRAWS = 10_000
#: Run the full 10,000 draws (default mode) when the pilot predicts less than this.
FULL_RUN_LIMIT_S = 90.0

Plan = closures.Plan

#: (default plan, quick plan) per real network.
REAL_PLANS: dict[str, tuple[Plan, Plan]] = {
    "embedded": (Plan(pulp_limit=None), Plan(pulp_limit=20, fast_budget_s=10, scipy_budget_s=10,
                                             pulp_budget_s=10, diagnose_budget_s=5)),
    "west-africa": (Plan(pulp_limit=None), Plan(pulp_limit=20, fast_budget_s=10,
                                                scipy_budget_s=10, pulp_budget_s=10,
                                                diagnose_budget_s=5)),
    "africa": (Plan(pulp_limit=30, pulp_budget_s=20), Plan(pulp_limit=5, fast_budget_s=10,
                                                           scipy_budget_s=10, pulp_budget_s=10,
                                                           diagnose_budget_s=5)),
}  # fmt: skip


def synthetic_plan(arcs: int, quick: bool) -> Plan:
    """Limits and budgets for a synthetic grid of about ``arcs`` arcs."""
    if arcs <= 3_000:
        return Plan(pulp_limit=10 if quick else 100, pulp_budget_s=20,
                    diagnose_budget_s=5 if quick else 15)  # fmt: skip
    if arcs <= 30_000:
        return Plan(pulp_limit=2 if quick else 10, pulp_budget_s=20,
                    fast_budget_s=10 if quick else 60, scipy_budget_s=10 if quick else 60,
                    diagnose_budget_s=5 if quick else 15)  # fmt: skip
    return Plan(pulp_limit=1 if quick else 3, pulp_budget_s=60,
                fast_budget_s=15 if quick else 45, scipy_budget_s=10 if quick else 30,
                diagnose_budget_s=5 if quick else 20)  # fmt: skip


class _Clock:
    """Progress lines on stderr with the elapsed time."""

    def __init__(self) -> None:
        self.start = time.perf_counter()

    def __call__(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.start:7.1f} s] {message}", file=sys.stderr, flush=True)


def _network_dict(kind: str, timing: closures.NetworkTiming, note: str) -> dict[str, Any]:
    methods = {
        name: {"timed": m.timed, "total": m.total, "time_s": m.time_s,
               "ms_per_closure": m.ms_per_closure, "setup_s": m.setup_s, "extra": m.extra}
        for name, m in timing.methods.items()
    }  # fmt: skip
    return {
        "name": timing.name, "kind": kind, "note": note, "nodes": timing.nodes,
        "arcs": timing.arcs, "segments": timing.segments,
        "base_throughput_m3": timing.base_throughput_m3,
        "max_abs_diff_fast_pulp": timing.max_abs_diff_fast_pulp,
        "max_abs_diff_fast_scipy": timing.max_abs_diff_fast_scipy, "methods": methods,
    }  # fmt: skip


def _closure_benchmarks(args: argparse.Namespace, log: _Clock) -> list[dict[str, Any]]:
    from supplychain.models.params import load_model_parameters
    from supplychain.networks import build_network

    params = load_model_parameters()
    mode = 1 if args.quick else 0
    networks: list[tuple[str, str, str, Any, Any, Plan]] = []
    networks.append(("embedded", "embedded",
                     "authored corridor skeleton (networks/west-africa-corridors.osm)",
                     build_network, params, REAL_PLANS["embedded"][mode]))  # fmt: skip
    if not args.skip_real:
        data.shared_data_dir()  # fail early, with the message, if the data are missing
        wa = sorted(data.WEST_AFRICA_COUNTRIES)
        networks.append(("West Africa (real)", "real",
                         f"optimal-african-roads, edges with both ends in {', '.join(wa)}",
                         lambda: data.optimal_african_roads(data.WEST_AFRICA_COUNTRIES), params,
                         REAL_PLANS["west-africa"][mode]))  # fmt: skip
        networks.append(("Africa (real)", "real", "optimal-african-roads, all 2,344 real edges",
                         data.optimal_african_roads, params, REAL_PLANS["africa"][mode]))  # fmt: skip
    for arcs in args.sizes:
        k = synthetic.side_for_arcs(arcs)
        networks.append((f"grid {k}x{k}", "synthetic",
                         f"synthetic grid, about {arcs:,} arcs, seed {args.seed}",
                         lambda k=k: synthetic.grid_network(k, seed=args.seed),
                         synthetic.synthetic_parameters(),
                         synthetic_plan(synthetic.arcs_of_side(k), args.quick)))  # fmt: skip
    out = []
    for name, kind, note, make, net_params, plan in networks:
        log(f"N-1 closures: {name}: building the network")
        graph = make()
        log(f"N-1 closures: {name}: {graph.number_of_nodes():,} nodes, "
            f"{graph.number_of_edges():,} arcs; timing fast, scipy, PuLP")  # fmt: skip
        timing = closures.time_network(name, graph, net_params, plan, seed=args.seed)
        f, p, s = (timing.methods[m] for m in ("fast", "pulp", "scipy"))
        log(f"  fast {f.ms_per_closure:.3f} ms ({f.timed}/{f.total}), "
            f"PuLP {p.ms_per_closure:.1f} ms ({p.timed}), scipy {s.ms_per_closure:.3f} ms ({s.timed})")  # fmt: skip
        out.append(_network_dict(kind, timing, note))
    return out


def _sweep_benchmarks(args: argparse.Namespace, log: _Clock) -> dict[str, Any]:
    from supplychain.models.params import load_model_parameters

    params = load_model_parameters()
    graph = data.optimal_african_roads(data.WEST_AFRICA_COUNTRIES)
    seed = 1000 + args.seed * 100  # distinct contexts: every run rebuilds its solvers

    log(f"Monte Carlo pilot: {PILOT_DRAWS:,} draws, 1 worker")
    pilot = sweep_bench.time_monte_carlo(graph, params, draws=PILOT_DRAWS, workers=1,
                                         probability=ATTACK_PROBABILITY, seed=seed)  # fmt: skip
    estimate = TARGET_DRAWS / pilot.per_s
    log(f"  {pilot.per_s:,.0f} draws/s; 10,000 draws extrapolated: {estimate:.1f} s")
    mc: dict[str, Any] = {"probability": ATTACK_PROBABILITY, "segments": graph.number_of_edges() // 2,
                          "pilot": vars(pilot) | {"per_s": pilot.per_s},
                          "estimate_10k_s": estimate}  # fmt: skip
    full = not args.quick and estimate < FULL_RUN_LIMIT_S
    mc_runs = []
    if full:
        log(f"Monte Carlo: {TARGET_DRAWS:,} draws, 1 worker")
        ten = sweep_bench.time_monte_carlo(graph, params, draws=TARGET_DRAWS, workers=1,
                                           probability=ATTACK_PROBABILITY, seed=seed + 1)  # fmt: skip
        mc["ten_k"] = vars(ten) | {"per_s": ten.per_s, "measured": True}
        mc_runs.append(ten)
    else:
        mc["ten_k"] = {"wall_s": estimate, "per_s": pilot.per_s, "measured": False,
                       "workers": 1, "items": TARGET_DRAWS}  # fmt: skip
        mc_runs.append(pilot)
    draws_2 = TARGET_DRAWS if full else PILOT_DRAWS
    log(f"Monte Carlo: {draws_2:,} draws, 2 workers")
    mc_runs.append(sweep_bench.time_monte_carlo(graph, params, draws=draws_2, workers=2,
                                                probability=ATTACK_PROBABILITY, seed=seed + 2))  # fmt: skip

    repeats = 1 if args.quick else 3
    n1 = []
    for workers in (1, 2):
        runs = []
        for r in range(repeats):
            log(f"N-1 sweep, {workers} worker(s), run {r + 1}/{repeats}")
            runs.append(sweep_bench.time_n_minus_1(graph, params, workers=workers,
                                                   seed=seed + 10 + 10 * workers + r))  # fmt: skip
        n1.append({"workers": workers, "items": runs[0].items, "runs_s": [x.wall_s for x in runs],
                   "median_s": statistics.median(x.wall_s for x in runs),
                   "cores_used": statistics.median(x.cpu_s / x.wall_s for x in runs),
                   "failed": max(x.failed for x in runs)})  # fmt: skip
        log(f"  median {n1[-1]['median_s']:.2f} s for {runs[0].items} closures")
    return {"monte_carlo": mc,
            "scaling": {"n_1": n1, "monte_carlo": [vars(x) | {"per_s": x.per_s} for x in mc_runs]}}  # fmt: skip


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    parser.add_argument("--quick", action="store_true",
                        help="fewer closures, smaller budgets, no 100k grid, MC extrapolated")  # fmt: skip
    parser.add_argument("--out", type=Path, default=REPO / "BENCHMARKS.md",
                        help="Markdown report (default: BENCHMARKS.md at the repository root)")  # fmt: skip
    parser.add_argument("--json", type=Path, default=None, help="also write the raw results")
    parser.add_argument("--sizes", default=None,
                        help="synthetic grid sizes in arcs, comma-separated "
                             "(default 1000,10000,100000; --quick: 1000,10000)")  # fmt: skip
    parser.add_argument("--skip-real", action="store_true",
                        help="skip the networks from ../shared/data (and the sweeps on them)")  # fmt: skip
    parser.add_argument("--seed", type=int, default=0, help="seed of graphs and closure order")
    parser.add_argument("--render", type=Path, default=None, metavar="JSON",
                        help="only re-render --out from a results file written by --json")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = args.sizes or ("1000,10000" if args.quick else "1000,10000,100000")
    try:
        args.sizes = [int(float(x)) for x in sizes.split(",") if x.strip()]
    except ValueError:
        parser.error(f"--sizes must be comma-separated arc counts, got {sizes!r}")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the suite; write the Markdown (and JSON) report. Returns the exit code."""
    args = _parse(argv)
    log = _Clock()
    if args.render is not None:
        saved = json.loads(args.render.read_text(encoding="utf-8"))
        args.out.write_text(report.render(saved), encoding="utf-8")
        log(f"wrote {args.out} from {args.render}")
        return 0
    try:
        from supplychain._highs import quiet_highs_banner

        quiet_highs_banner()
    except ImportError:
        pass
    results: dict[str, Any] = {
        "mode": "quick" if args.quick else "default",
        "command": "python benchmarks/run.py" + (" --quick" if args.quick else ""),
        "machine": machine.machine_info(),
        "seed": args.seed,
    }
    try:
        # Sweeps first (their workers start from a fork server, not from this process).
        if not args.skip_real:
            results.update(_sweep_benchmarks(args, log))
        results["networks"] = _closure_benchmarks(args, log)
    except data.SharedDataMissingError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    results["total_s"] = time.perf_counter() - log.start
    results["machine"]["load_end"] = machine.load_average()
    text = report.render(results)
    args.out.write_text(text, encoding="utf-8")
    log(f"wrote {args.out}")
    if args.json is not None:
        args.json.write_text(json.dumps(results, indent=1, default=_jsonable), encoding="utf-8")
        log(f"wrote {args.json}")
    return 0


def _jsonable(value: object) -> object:
    return str(value)


if __name__ == "__main__":
    sys.exit(main())
