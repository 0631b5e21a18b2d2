"""Render the benchmark results (the JSON-ready dict of ``run.py``) as ``BENCHMARKS.md``."""

from __future__ import annotations

import math
from typing import Any

__all__ = ["TARGETS", "render"]

_X = "\u00d7"  # multiplication sign

#: The targets the numbers are read against.
TARGETS = {
    "speedup": 30.0,  # fast path vs PuLP re-solve, per closure
    "n1_2cores_s": 5.0,  # N-1 of every West-African real segment, 2 workers
    "mc_10k_s": 60.0,  # 10,000 Monte Carlo draws on the West-African real network
}


def _num(x: float | None, digits: int | None = None) -> str:
    """A number for a table: 3 significant-ish digits, thousands separators, ``n/a``."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if digits is None:
        ax = abs(x)
        digits = 3 if ax < 1 else 2 if ax < 10 else 1 if ax < 100 else 0
    return f"{x:,.{digits}f}"


def _ratio(a: float | None, b: float | None) -> str:
    if a is None or b is None or not b or math.isnan(a) or math.isnan(b):
        return "n/a"
    r = a / b
    return f"{r:,.0f}{_X}" if r >= 10 else f"{r:.1f}{_X}"


def _ratio_value(a: float, b: float) -> float:
    return a / b if b and not math.isnan(a) and not math.isnan(b) else math.nan


def _diff(x: float | None) -> str:
    if x is None or math.isnan(x):
        return "n/a"
    return "< 1e-6" if x < 1e-6 else f"{x:.2g}"


def _timed(m: dict[str, Any]) -> str:
    return "all" if m["timed"] >= m["total"] else f"{m['timed']:,} of {m['total']:,}"


def _met(ok: bool) -> str:
    return "**met**" if ok else "**not met**"


def _table(header: list[str], rows: list[list[str]], align: str | None = None) -> str:
    align = align or "l" + "r" * (len(header) - 1)
    marks = ["---:" if a == "r" else "---" for a in align]
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join(marks) + " |"]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def _with_worst(ms: float | None, worst: float | None) -> str:
    if ms is None or (isinstance(ms, float) and math.isnan(ms)):
        return "n/a"
    return f"{_num(ms)} (worst {_num(worst)})"


def _machine(m: dict[str, Any]) -> str:
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    rows = [
        ["Date", m["date"]],
        ["CPU", m["cpu"]],
        ["Cores", f"{m['logical_cores']} logical ({m['usable_cores']} usable)"],
        ["RAM", f"{m['ram_gib']} GiB"],
        ["OS", m["os"]],
        ["Python", m["python"]],
        ["Libraries", versions],
    ]
    if m.get("load_start"):
        rows.append(["Load average (1/5/15 min)",
                     f"{' / '.join(map(str, m['load_start']))} at the start, "
                     f"{' / '.join(map(str, m.get('load_end') or []))} at the end "
                     "(other processes sharing the cores show here; the end value includes this run)"])  # fmt: skip
    return _table(["", ""], rows, "ll")


def _closure_tables(nets: list[dict[str, Any]]) -> str:
    rows = []
    for n in nets:
        f, p, s = (n["methods"][k] for k in ("fast", "pulp", "scipy"))
        split = ""
        if "build_ms" in p["extra"]:
            split = f" ({_num(p['extra']['build_ms'])} + {_num(p['extra']['solve_ms'])})"
        rows.append([
            n["name"], f"{n['nodes']:,}", f"{n['arcs']:,}", f"{n['segments']:,}",
            f"{_num(p['ms_per_closure'])}{split}", _timed(p),
            _num(f["ms_per_closure"]), _timed(f),
            _num(s["ms_per_closure"]), _timed(s),
            _ratio(p["ms_per_closure"], f["ms_per_closure"]),
            _ratio(p["ms_per_closure"], f["extra"].get("ms_per_resolve")),
            _ratio(s["ms_per_closure"], f["ms_per_closure"]),
            _diff(n["max_abs_diff_fast_pulp"]),
        ])  # fmt: skip
    a = _table(
        ["network", "nodes", "arcs", "segments", "PuLP ms/closure (build + solve)", "PuLP timed",
         "fast ms/closure", "fast timed", "scipy max flow ms/closure", "scipy timed",
         "PuLP ÷ fast", "PuLP ÷ fast re-solve", "scipy ÷ fast", "max \\|fast - PuLP\\| m³/day"],
        rows,
    )  # fmt: skip
    rows = []
    for n in nets:
        f = n["methods"]["fast"]
        e = f["extra"]
        rows.append([
            n["name"], _num(f["setup_s"]), f"{f['timed']:,}",
            f"{e.get('skipped', 0):,} ({_num(100 * e.get('skipped', 0) / max(1, f['timed']), 0)} %)",
            f"{e.get('resolved', 0):,} ({e.get('changed', 0):,})",
            _num(e.get("ms_per_skip")), _num(e.get("ms_per_resolve")), _num(e.get("worst_resolve_ms")),
            f"{_num(e.get('ms_per_resolve_after_change'))} ({e.get('after_change_n', 0):,})",
            _num(e.get("ms_per_resolve_other")),
            _with_worst(e.get("noskip_ms_per_closure"), e.get("noskip_worst_ms")),
            _with_worst(e.get("always_ms_per_resolve"), e.get("always_worst_resolve_ms")),
            _with_worst(e.get("onchange_ms_per_resolve"), e.get("onchange_worst_resolve_ms")),
        ])  # fmt: skip
    b = _table(
        ["network", "build s", "closures", "skipped (share)", "re-solved (optimum changed)",
         "ms per skip", "ms per re-solve", "worst re-solve ms",
         "ms per re-solve right after a changed optimum (n)", "ms per other re-solve",
         "no skip rule: ms/closure", "base basis back after every re-solve: ms/re-solve",
         "base basis back after a changed optimum: ms/re-solve"],
        rows,
    )  # fmt: skip
    return a + "\n\nFast path in detail (same closures as above; the last three columns are "\
        "diagnostic passes over the same closures, see benchmarks/README.md):\n\n" + b


def _targets(results: dict[str, Any]) -> tuple[str, list[str]]:
    rows = []
    verdicts = []
    nets = results["networks"]
    ratios = [
        (_ratio_value(n["methods"]["pulp"]["ms_per_closure"], n["methods"]["fast"]["ms_per_closure"]), n["name"])
        for n in nets
    ]  # fmt: skip
    ratios = [r for r in ratios if not math.isnan(r[0])]
    if ratios:
        worst, where = min(ratios)
        ok = worst >= TARGETS["speedup"]
        rows.append([f"Fast path ≥ {TARGETS['speedup']:g}{_X} faster per closure than the PuLP re-solve",
                     f"{worst:,.0f}{_X} at the least ({where}); {max(ratios)[0]:,.0f}{_X} at the most",
                     _met(ok)])  # fmt: skip
        verdicts.append(f"speed-up target {'met' if ok else 'NOT met'}: at least {worst:,.0f}{_X} ({where})")
    sc = results.get("scaling")
    if sc:
        two = next((r for r in sc["n_1"] if r["workers"] == 2), None)
        if two:
            ok = two["median_s"] < TARGETS["n1_2cores_s"]
            rows.append([f"N-1 of every segment of the West-African real network under "
                         f"{TARGETS['n1_2cores_s']:g} s on 2 cores",
                         f"{_num(two['median_s'])} s for {two['items']} closures (2 workers, median of "
                         f"{len(two['runs_s'])})", _met(ok)])  # fmt: skip
            verdicts.append(f"N-1 target {'met' if ok else 'NOT met'}: {two['median_s']:.2f} s")
    mc = results.get("monte_carlo")
    if mc:
        ten = mc["ten_k"]
        ok = ten["wall_s"] < TARGETS["mc_10k_s"]
        how = "measured" if ten.get("measured") else f"extrapolated from {mc['pilot']['items']:,} draws"
        rows.append([f"10,000 Monte Carlo draws on it under {TARGETS['mc_10k_s']:g} s",
                     f"{_num(ten['wall_s'])} s, 1 worker ({how})", _met(ok)])  # fmt: skip
        verdicts.append(f"Monte Carlo target {'met' if ok else 'NOT met'}: {ten['wall_s']:.1f} s")
    return _table(["target", "measured", "verdict"], rows, "lll"), verdicts


def _sweeps(results: dict[str, Any]) -> str:
    mc = results["monte_carlo"]
    sc = results["scaling"]
    pilot = mc["pilot"]
    ten = mc["ten_k"]
    rows = [[f"{pilot['items']:,} (pilot)", "1", _num(pilot["wall_s"]), _num(pilot["per_s"], 0),
             _num(pilot["mean_closed"]), "measured"]]  # fmt: skip
    rows.append([f"{ten['items']:,}", "1", _num(ten["wall_s"]), _num(ten["per_s"], 0),
                 _num(ten.get("mean_closed")) if ten.get("measured") else "",
                 "measured" if ten.get("measured") else "extrapolated (draws ÷ pilot rate)"])  # fmt: skip
    text = (f"West-African real network, {mc['segments']} segments, each attacked with "
            f"p = {mc['probability']:g} per draw; every draw solves throughput and served demand "
            "(two fast solves), as `monte_carlo` does.\n\n")
    text += _table(["draws", "workers", "wall s", "draws/s", "mean segments closed", ""], rows,
                   "lrrrrl")  # fmt: skip
    n1 = sc["n_1"]
    base = n1[0]["median_s"] if n1 else math.nan
    rows = [[str(r["workers"]), str(r["items"]), _num(r["median_s"]),
             ", ".join(_num(x) for x in r["runs_s"]), _ratio(base, r["median_s"]),
             _num(r.get("cores_used"))] for r in n1]  # fmt: skip
    text += ("\n\n### 3. Scaling\n\nN-1 of every segment of the West-African real network "
             "(`n_minus_1`: per closure two fast solves and a networkx max flow to Bamako; wall "
             "time including the process pool and the solver builds in each worker):\n\n")
    text += _table(["workers", "closures", "wall s (median)", "runs s", "speed-up",
                    "cores used (CPU s ÷ wall s)"], rows)  # fmt: skip
    mcs = sc["monte_carlo"]
    one = next((r for r in mcs if r["workers"] == 1), None)
    rows = []
    for r in mcs:
        speed = _ratio(r["per_s"], one["per_s"]) if one and r is not one else f"1.0{_X}" if r is one else ""
        cores = r["cpu_s"] / r["wall_s"] if r.get("cpu_s") and r["wall_s"] else math.nan
        rows.append([str(r["workers"]), f"{r['items']:,}", _num(r["wall_s"]), _num(r["per_s"], 0),
                     speed, _num(cores)])  # fmt: skip
    text += "\n\nMonte Carlo on the same network:\n\n"
    text += _table(["workers", "draws", "wall s", "draws/s", "speed-up (draws/s)",
                    "cores used (CPU s ÷ wall s)"], rows)  # fmt: skip
    return text


def _reading(results: dict[str, Any], verdicts: list[str]) -> str:
    nets = results["networks"]
    out: list[str] = []
    ratios = []
    for n in nets:
        f, p = n["methods"]["fast"], n["methods"]["pulp"]
        e = f["extra"]
        ratios.append((
            _ratio_value(p["ms_per_closure"], f["ms_per_closure"]),
            _ratio_value(p["ms_per_closure"], e.get("ms_per_resolve", math.nan)),
            100 * e.get("skipped", 0) / max(1, f["timed"]), n["name"],
        ))  # fmt: skip
    valid = [r for r in ratios if not math.isnan(r[0])]
    if valid:
        lo, hi = min(valid), max(valid)
        per = [r for r in valid if not math.isnan(r[1])]
        low_per = min(per, key=lambda r: r[1]) if per else None
        text = (f"- **Fast path vs PuLP.** Per closure the fast path is {lo[0]:,.0f}{_X} ({lo[3]}) to "
                f"{hi[0]:,.0f}{_X} ({hi[3]}) faster than rebuilding and solving the PuLP model. Much of "
                f"that comes from the skip rule: it answers {min(r[2] for r in valid):.0f} to "
                f"{max(r[2] for r in valid):.0f} % of the closures without solving.")  # fmt: skip
        below = f", below the {TARGETS['speedup']:g}{_X} target"
        if low_per:
            text += (f" Counting only the closures it really re-solves, the speed-up is "
                     f"{low_per[1]:,.0f}{_X} at the least ({low_per[3]})"
                     f"{below if low_per[1] < TARGETS['speedup'] else ''}.")  # fmt: skip
        out.append(text)
    worst = max(nets, key=lambda n: n["methods"]["fast"]["extra"].get("worst_resolve_ms", 0.0))
    e = worst["methods"]["fast"]["extra"]
    if e.get("worst_resolve_ms"):
        after, other = e.get("ms_per_resolve_after_change", math.nan), e.get("ms_per_resolve_other", math.nan)
        text = (f"- **Warm re-solves are not always cheap.** The slowest single re-solve took "
                f"{_num(e['worst_resolve_ms'])} ms on {worst['name']}, where a re-solve costs "
                f"{_num(e.get('ms_per_resolve'))} ms on average. FastSolver keeps the basis of the "
                "last re-solve (bounds are restored, the basis is not).")  # fmt: skip
        if not (math.isnan(after) or math.isnan(other)):
            if after > 2 * other:
                text += (f" Re-solves that come right after a closure that changed the optimum "
                         f"cost {_num(after)} ms on average ({e.get('after_change_n', 0):,} of them), "
                         f"the others {_num(other)} ms: once the previous closure is reopened, its "
                         "basis is no longer dual feasible and the dual simplex has a long way back.")  # fmt: skip
            else:
                text += (f" Re-solves right after a closure that changed the optimum cost "
                         f"{_num(after)} ms on average there, the others {_num(other)} ms.")  # fmt: skip
        if "always_ms_per_resolve" in e:
            text += (f" Putting the base basis back after every re-solve (`restore_basis=True`) "
                     f"gives {_num(e['always_ms_per_resolve'])} ms per re-solve there (worst "
                     f"{_num(e.get('always_worst_resolve_ms'))}); putting it back only after a "
                     f"re-solve that changed the optimum, {_num(e.get('onchange_ms_per_resolve'))} ms "
                     f"(worst {_num(e.get('onchange_worst_resolve_ms'))}).")  # fmt: skip
        out.append(text)
    builds = max(nets, key=lambda n: n["methods"]["fast"]["setup_s"])
    pulp_ms = builds["methods"]["pulp"]["ms_per_closure"]
    setup = builds["methods"]["fast"]["setup_s"]
    worth = f", as long as {1000 * setup / pulp_ms:,.1f} PuLP closures" if pulp_ms == pulp_ms else ""
    out.append(
        f"- **Build cost.** Building a FastSolver (PuLP model, HiGHS base solve and two lean "
        f"reference plans for the skip rule) takes up to {_num(setup)} s ({builds['name']}{worth}); "
        "it is paid once per sweep and per worker (a sweep builds two: throughput and served)."
    )  # fmt: skip
    sc_rows = []
    for n in nets:
        s, f = n["methods"]["scipy"]["ms_per_closure"], n["methods"]["fast"]["ms_per_closure"]
        if not (math.isnan(s) or math.isnan(f)):
            sc_rows.append((s / f, n["name"], n["max_abs_diff_fast_scipy"]))
    if sc_rows:
        faster = [name for r, name, _ in sc_rows if r < 1]
        differ = [f"{name} by up to {_num(d, 0)} m³/day" for _, name, d in sc_rows if d == d and d > 1e-3]
        text = ("- **Pure max flow.** scipy's max flow solves every closure (no skip rule), "
                f"so per closure it is {'faster than the fast path on ' + ', '.join(faster) if faster else 'slower than the fast path on every network'}"
                f"{' and slower elsewhere' if faster and len(faster) < len(sc_rows) else ''}. "
                "It has no fleet limit and no losses (border posts are modelled)")  # fmt: skip
        text += (f"; its values differ from the LP's where the fleet limit binds: {', '.join(differ)}."
                 if differ else "; its values equal the LP throughput on every network here.")  # fmt: skip
        out.append(text)
    sc = results.get("scaling")
    if sc and len(sc["n_1"]) >= 2:
        one, two = sc["n_1"][0], sc["n_1"][1]
        text = (f"- **Workers.** N-1 on the West-African real network: {_num(one['median_s'])} s with one "
                f"worker, {_num(two['median_s'])} s with two ({_ratio(one['median_s'], two['median_s'])}). "
                "A sweep this short is dominated by fixed costs (pool start-up, two fast solvers "
                "built per worker, the baseline solve and table assembly in the driver).")  # fmt: skip
        mcs = {r["workers"]: r for r in sc["monte_carlo"]}
        if 1 in mcs and 2 in mcs:
            two_mc = mcs[2]
            cores = two_mc["cpu_s"] / two_mc["wall_s"] if two_mc.get("cpu_s") else math.nan
            text += (f" Monte Carlo: {_num(mcs[1]['per_s'], 0)} draws/s with one worker, "
                     f"{_num(two_mc['per_s'], 0)} with two ({_ratio(two_mc['per_s'], mcs[1]['per_s'])}); "
                     f"the two workers got {_num(cores)} cores' worth of CPU time")  # fmt: skip
            load = results["machine"].get("load_start") or []
            if cores == cores and cores < 1.6:
                text += (", so they were short of CPU: other processes share this 2-core machine"
                         + (f" (load average {load[0]} when the run started)" if load else "")
                         + " and the 2-worker numbers are lower bounds.")  # fmt: skip
            else:
                text += "."
        out.append(text)
    out.append("- **Verdicts:** " + "; ".join(verdicts) + ".")
    return "\n".join(out)


def render(results: dict[str, Any]) -> str:
    """The whole ``BENCHMARKS.md`` text."""
    m = results["machine"]
    target_table, verdicts = _targets(results)
    parts = [
        "# Benchmarks",
        "",
        f"Generated by `{results['command']}` ({results['mode']} mode, {_num(results['total_s'] / 60, 1)} "
        f"min) on {m['date']}. Measurements, not assertions; what each number means is in "
        "[`benchmarks/README.md`](benchmarks/README.md). Re-run to refresh this file.",
        "",
        "## Targets",
        "",
        target_table,
        "",
        "## Reading",
        "",
        _reading(results, verdicts),
        "",
        "## Machine",
        "",
        _machine(m),
        "",
        "## Results",
        "",
        "### 1. N-1: cost per closure",
        "",
        "Throughput with one segment (both directions) closed, for each segment. Closures are "
        "taken in one seeded random order; a method that does not time them all times the first "
        "*n* of that order (its *timed* column) and the mean is over those. PuLP: "
        "`build_model(..., mode=\"throughput\")` + `solve(..., lexicographic=False)` per closure. "
        "Fast: one `FastSolver(mode=\"throughput\")`, `solve(closed_segments=...)` per closure "
        "(build time apart, below). scipy: `maximum_flow` super source → super sink, integer "
        "m³/day capacities, closure = capacity zeroed. *PuLP ÷ fast re-solve* compares PuLP with "
        "the fast path's closures that were actually re-solved (skips excluded).",
        "",
        _closure_tables(results["networks"]),
        "",
    ]
    notes = [f"- **{n['name']}**: {n['note']}; base throughput {_num(n['base_throughput_m3'], 0)} m³/day."
             for n in results["networks"]]  # fmt: skip
    parts += ["Networks:", "", *notes, ""]
    if results.get("monte_carlo"):
        parts += ["### 2. Monte Carlo", "", _sweeps(results), ""]
    return "\n".join(parts)
