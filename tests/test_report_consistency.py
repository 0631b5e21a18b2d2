"""The report's figures and labels say what the command's machine outputs say.

Each test builds a tiny result with a known answer and checks one figure or label against it:
the Sankey lists the routes the text and the routes table list (no route of solver noise), the
Monte Carlo histogram's hover gives the draws' values (not a bin's centre), the heading over
the worst draws says how many draws count (as ``supplychain stress monte-carlo`` prints it),
and the observed arrivals' steps hover with their own period (not the day after it).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from supplychain.models import run_scenario
from supplychain.models._examples import dakar_bamako
from supplychain.models.results import CapacityLost
from supplychain.reports import StressData, build_report, load_stress
from supplychain.reports.data import as_run
from supplychain.reports.figures import sankey_figure
from supplychain.reports.figures.stress import monte_carlo_figure
from supplychain.reports.figures.timeline import arrivals_figure
from supplychain.reports.sections import headline_data
from supplychain.reports.stress_section import stress_data

# --- Sankey: the routes the text lists, not solver noise ------------------------------------


def test_sankey_leaves_out_routes_of_solver_noise() -> None:
    """A route the LP leaves 2e-6 m³/day on (a crossing carrying nothing, as on the embedded
    network with a 500-tanker fleet: "Pogo-Zégoua border" with 0 m³/day) is neither a node nor
    a link of the Sankey, as it is in neither the text's routes nor the routes table."""
    g, params = dakar_bamako()
    result = run_scenario(g, params)
    real = result.routes[0]
    noise = dataclasses.replace(
        real, loaded_m3_per_day=2e-6, delivered_m3_per_day=2e-6, lost_m3_per_day=0.0,
        border_posts=["Ghost border"],
    )  # fmt: skip
    run = as_run(dataclasses.replace(result, routes=[real, noise]))
    assert [p.border_posts for p in run.result.shown_routes()] == [real.border_posts]
    sankey = sankey_figure(run).data[0]
    assert "Ghost border" not in sankey.node.label
    assert min(sankey.link.value) >= 0.05
    into_city = sum(
        v for t, v in zip(sankey.link.target, sankey.link.value, strict=True)
        if sankey.meta["roles"][t] == "city"
    )  # fmt: skip
    assert into_city == pytest.approx(real.delivered_m3_per_day)


# --- Monte Carlo: the histogram's hover and the worst draws' heading --------------------------


def _mc(served: list[float], worst_draws: int) -> StressData:
    table = pd.DataFrame({
        "draw": range(len(served)), "served_m3_per_day": served,
        "throughput_m3_per_day": [10626.0] * len(served),
    })  # fmt: skip
    summary = {
        "sweep": "monte-carlo", "draws": len(served), "seed": 3,
        "worst_5pct_share": [{
            "segment_id": "RN3:Kati-Bamako", "kind": "segment", "share_of_worst_draws": 1.0,
            "worst_draws": worst_draws, "attack_probability": 0.011, "lift": 90.9,
        }],
    }  # fmt: skip
    return load_stress(StressData("monte-carlo", "mc.parquet", table, summary))


def _hover(trace: Any, i: int) -> str:
    """A bar's hover text as plotly fills it in (``%{y}`` and ``%{customdata[j]}``)."""
    text = re.sub(r"<extra>.*?</extra>", "", trace.hovertemplate)
    cd = trace.customdata[i]
    text = re.sub(r"%\{customdata\[(\d)\]\}", lambda m: str(cd[int(m.group(1))]), text)
    return re.sub(r"%\{y(:[^}]*)?\}", f"{trace.y[i]:,}", text)


def test_mc_histogram_hover_gives_the_draws_values() -> None:
    """1,999 draws serve 4,690 m³/day and one 4,590 (seed 3 of the illustrative threat): the
    hover of the big bar said "4,688 m³/day" (the centre of its bin, 4,686.7-4,690), where the
    summary's P50 and every one of those draws is 4,690."""
    data = _mc([4590.0] + [4690.0] * 1999, worst_draws=1)
    fig = monte_carlo_figure(data)
    bars = [t for t in fig.data if t.meta["kind"] == "mc-histogram"]
    served = next(t for t in bars if t.meta["measure"] == "served_m3_per_day")
    counts = list(served.y)
    big, small = counts.index(1999), counts.index(1)
    assert _hover(served, big) == "4,690 m³/day: 1,999 draws"
    assert _hover(served, small) == "4,590 m³/day: 1 draw"
    # An empty bin names its range; a bin of several values, their lowest and highest.
    empty = counts.index(0)
    assert " to " in _hover(served, empty) and _hover(served, empty).endswith(": 0 draws")
    spread = monte_carlo_figure(_mc([100.0, 100.4, 101.0, 200.0], worst_draws=1))
    first = next(t for t in spread.data if t.meta["kind"] == "mc-histogram"
                 and t.meta["measure"] == "served_m3_per_day")  # fmt: skip
    assert _hover(first, 0) == "100 to 101 m³/day: 3 draws"


def test_mc_throughput_and_served_come_in_the_same_order_in_the_text_and_the_report() -> None:
    """The text printed throughput, then served demand (as N-1, N-k, the headline and the
    README do); the report's Monte Carlo table and its figure's rows put served demand first.
    All now give throughput first (cons35)."""
    from types import SimpleNamespace

    from supplychain.cli.stress import _stress_text
    from supplychain.reports.stress import mc_stats

    data = _mc([4590.0] + [4690.0] * 39, worst_draws=1)
    measures = ["throughput_m3_per_day", "served_m3_per_day"]
    summary = {**data.summary, "scenario": "threat", **{m: mc_stats(data, m) for m in measures}}
    text = _stress_text(SimpleNamespace(kind="monte-carlo", table=data.table, summary=summary))
    assert text.index("throughput_m3_per_day: mean") < text.index("served_m3_per_day: mean")
    block = stress_data([data])["blocks"][0]
    assert [row["cells"][0]["text"] for row in block["table"]["rows"]] == ["Throughput", "Served demand"]
    fig = monte_carlo_figure(data)
    hist = [t.meta["measure"] for t in fig.data if t.meta["kind"] == "mc-histogram"]
    assert hist == measures
    titles = [a.text for a in fig.layout.annotations if a.text.endswith("histogram")]
    assert titles == ["throughput: histogram", "served demand: histogram"]


@pytest.mark.parametrize(
    ("worst_draws", "heading"),
    [
        (1, "the 1 draw of 2,000 worse than the median"),
        (40, "the 40 draws of 2,000 worse than the median"),
        (100, "the worst 5 % of draws"),
    ],
)
def test_mc_worst_heading_says_how_many_draws_count(worst_draws: int, heading: str) -> None:
    """Only draws worse than the median count among the "worst 5 %": with 1 such draw of
    2,000 the command prints "in 100 % of the 1 draw of 2,000 worse than the median"; the
    report's heading said "most often closed in the worst 5 % of draws" over a share of 100 %.
    """
    data = _mc([4590.0] + [4690.0] * 1999, worst_draws=worst_draws)
    block = stress_data([data])["blocks"][0]
    assert block["worst_heading"] == (
        f"Segments and border posts most often closed in {heading}"
    )
    g, params = dakar_bamako()
    page = build_report(g, [as_run(run_scenario(g, params))], stress=[data])
    assert f"<h4>Segments and border posts most often closed in {heading}</h4>" in page
    if worst_draws < 100:
        assert "worst 5 % of draws" not in page


def test_mc_worst_draws_are_said_to_be_the_least_served_in_the_text_and_the_report() -> None:
    """stress37: the shares of the worst 5 % of draws are over the draws of least served demand
    (then least throughput), but neither the text, printing them under the throughput figures,
    nor the report said so: with the Dakar road attacked 30 % of the time, "in 100 % of the worst
    5 % of draws: N1:Dakar-Rufisque" read as the draws of least throughput."""
    from types import SimpleNamespace

    from supplychain.cli.stress import _stress_text
    from supplychain.reports.stress import mc_stats

    data = _mc([4590.0] * 5 + [4690.0] * 95, worst_draws=5)
    measures = ["throughput_m3_per_day", "served_m3_per_day"]
    summary = {**data.summary, "scenario": "threat", **{m: mc_stats(data, m) for m in measures}}
    lines = _stress_text(SimpleNamespace(kind="monte-carlo", table=data.table, summary=summary)).splitlines()
    first = next(i for i, line in enumerate(lines) if line.startswith("  in "))
    assert lines[first - 1] == ("  (worst draws: the least served demand, then the least throughput; "
                                "only draws worse than the median draw count)")
    g, params = dakar_bamako()
    page = build_report(g, [as_run(run_scenario(g, params))], stress=[data])
    assert ('<p class="note">Worst draws: the least served demand, then the least throughput; '
            "only draws worse than the median draw count.</p>") in page


# --- timeline: the observed steps hover with their own period ----------------------------------


def test_observed_step_hover_names_its_period_not_the_next_day() -> None:
    """An observed period 2025-11-01 to 2025-11-24 is drawn to the end of its last day
    (2025-11-25 00:00); hovering that end said "2025-11-25", a day outside the period."""
    weekly = {"week_start": ["2025-11-01", "2025-11-08", "2025-11-15", "2025-11-22"],
              "week_days": [7, 7, 7, 3], "corridors": {"Dakar": [700.0, 700.0, 700.0, 300.0]}}
    observed = [{"start": "2025-11-01", "end": "2025-11-24", "days": 24,
                 "observed_ml": 117.3, "simulated_ml": 100.2}]  # fmt: skip
    fig = arrivals_figure(weekly, observed, ("2025-11-01", "2025-11-25"))
    for trace in fig.data:
        if trace.meta["kind"] not in ("observed", "simulated"):
            continue
        assert list(trace.x) == ["2025-11-01", "2025-11-25", None]  # drawn to the day's end
        assert "%{x}" not in trace.hovertemplate
        assert "%{customdata[0]}" in trace.hovertemplate
        assert [p for p, _ in trace.customdata[:2]] == ["2025-11-01 to 2025-11-24"] * 2
        rate = float(np.round(trace.y[0]))
        expected = 117.3 if trace.meta["kind"] == "observed" else 100.2
        assert rate == round(expected * 1000 / 24 * 7)


# --- headline: served demand beside delivered, as the text says it ----------------------------


def test_headline_says_served_demand_is_not_delivered_when_they_differ() -> None:
    """With a 500-tanker fleet under the illustrative threat the plan delivers 3,350 m³/day
    where 3,497 could be served (baseline 3,575): the text prints both ("served demand = the
    most the network can serve ... the plan delivers 3,350, priority demand first"), the report
    showed "Served demand lost 78" beside "Unmet 1,400" with nothing saying why 78 is not the
    drop in delivered. A hand result with those figures gets the same sentence; a plan that
    delivers all it can serve gets none."""
    g, params = dakar_bamako()
    result = run_scenario(g, params)
    assert headline_data(as_run(result))["served_note"] == ""
    served = CapacityLost.of(3575.24542801, 3497.19704832, result.tanker_m3)
    delivered = 3349.8670385
    scale = delivered / result.delivered_m3_per_day
    by_city = result.by_city.assign(delivered_m3_per_day=result.by_city["delivered_m3_per_day"] * scale)
    short = as_run(dataclasses.replace(result, served=served, by_city=by_city))
    note = headline_data(short)["served_note"]
    assert note == (
        "Served demand is the most the network can serve with every m³ worth the same: "
        "3,497 m³/day (3,575 in the baseline); the plan delivers 3,350, priority demand first, "
        "so the served demand lost (78) is not the drop in delivered."
    )
    page = build_report(g, [as_run(result), short])
    assert f'<p class="note">{note}</p>' in page.replace("&#39;", "'")


# --- N-k: the sum of single losses names its measure --------------------------------------------


def test_nk_sum_of_single_losses_names_throughput() -> None:
    """``sum_of_single_losses_m3_per_day`` sums the N-1 *throughput* losses of a combination's
    parts (scenarios.sweeps.n_minus_k). On the illustrative threat 'RN6:Bla-San + A100:...'
    loses 230 m³/day of served demand and 0 of throughput, its sum 0: the column, headed "Sum
    of single losses (m³/day)" beside the served demand lost, read as 0 single losses."""
    table = pd.DataFrame({
        "rank": [1], "id": ["a + b"], "throughput_lost_m3_per_day": [0.0],
        "throughput_lost_tankers_per_day": [0.0], "throughput_lost_pct": [0.0],
        "served_lost_m3_per_day": [230.0], "served_lost_tankers_per_day": [5.0],
        "served_lost_pct": [4.9], "sum_of_single_losses_m3_per_day": [0.0],
        "single_point_of_failure": [False], "status": ["optimal"],
    })  # fmt: skip
    data = load_stress(StressData("n-k", "nk.parquet", table, {"sweep": "n-k", "k": 2}))
    head = [h["label"] for h in stress_data([data])["blocks"][0]["table"]["head"]]
    assert "Sum of single throughput losses (m³/day)" in head
    assert "Sum of single losses (m³/day)" not in head


# --- timeline: a whole-convoy (MIP) run says so ------------------------------------------------


@pytest.mark.parametrize(("integer", "gap", "said"), [
    (True, 0.0123, "whole convoys (MIP), MIP gap 1.23 %"),
    (True, 0.0, "whole convoys (MIP), MIP gap 0.00 %"),
    (False, None, ""),
])  # fmt: skip
def test_timeline_facts_say_whole_convoys(integer: bool, gap: float | None, said: str) -> None:
    """`supplychain timeline --integer-convoys` on 30 days of the back-test prints "MIP optimal
    (... MIP gap 0.00 %)" and "whole convoys": 74.7 % of demand unmet against 19.2 % over the
    181 days with continuous convoys. The report's section said only "solve status optimal, 74.7
    % of demand unmet", read as the LP's answer."""
    from supplychain.reports.timeline_section import (
        TimelineData,
        load_timeline_result,
        timeline_data,
    )

    from .test_report_timeline import hand_timeline

    r = hand_timeline()
    r.integer_convoys, r.gap = integer, gap
    data = load_timeline_result(TimelineData(r.to_frame(), r.to_dict(), "hand.parquet"))
    facts = timeline_data(data)["facts"]
    assert facts.startswith("hand, 2026-01-01 to 2026-01-10, 10 days, ")
    if said:
        assert said in facts
    else:
        assert "MIP" not in facts and "whole convoys" not in facts


# --- map: a small attack probability is not written 0.0 % -------------------------------------


@pytest.mark.parametrize(("p", "said"), [
    (0.0001, "attack probability 0.01 %"),
    (0.00004, "attack probability 0.004 %"),
    (0.267, "attack probability 26.7 %"),
])  # fmt: skip
def test_segment_hover_small_attack_probability_is_not_zero(p: float, said: str) -> None:
    """On the illustrative threat RN1:Diboli-Kayes has attack probability 0.0001 (`supplychain
    threat` prints "attack p 0.0001", one synthetic incident 286 days old): the map's hover said
    "threat: attack probability 0.0 %", a threat written as none."""
    from supplychain.models import Effect
    from supplychain.reports.data import SegmentGeometry, SegmentView
    from supplychain.reports.figures.map import _threat_text

    geo = SegmentGeometry("A:x-y", "A", "", "MLI", 1.0, 10.0, (), (((0.0, 0.0), (1.0, 1.0)),), ())
    assert _threat_text(SegmentView(geo, 0.0, Effect(), p, "threatened")) == said


def test_mc_histogram_empty_bins_of_equal_draws_name_a_range() -> None:
    """Every draw at 10,626 m³/day: the bins span 10,625.5-10,626.5, and an empty bin's range
    rounded to whole m³/day ("10,626 m³/day: 0 draws") would contradict the full one's."""
    data = _mc([4690.0] * 50, worst_draws=1)
    fig = monte_carlo_figure(data)
    through = next(t for t in fig.data if t.meta["kind"] == "mc-histogram"
                   and t.meta["measure"] == "throughput_m3_per_day")  # fmt: skip
    texts = [_hover(through, i) for i in range(len(through.y))]
    assert texts.count("10,626 m³/day: 50 draws") == 1
    assert all(" to " in t for t, n in zip(texts, through.y, strict=True) if n == 0)
    # Each empty bin names its own range, its ends those of its neighbours, at one precision:
    # the bin of 10,625.533-10,625.567 read "10,625.5 to 10,625.6", covering both its
    # neighbours' "10,625.50 to 10,625.53" and "10,625.57 to 10,625.60" (cons34).
    ranges = [t.split(" m³/day")[0].split(" to ") if n == 0 else None
              for t, n in zip(texts, through.y, strict=True)]  # fmt: skip
    assert len({len(end.split(".")[-1]) for r in ranges if r for end in r}) == 1
    assert all(a[1] == b[0] for a, b in itertools.pairwise(ranges) if a and b)
    assert ranges[0] == ["10,625.50", "10,625.53"] and ranges[1] == ["10,625.53", "10,625.57"]


# --- provenance: the network parameters a saved network was built with -------------------------


def test_provenance_network_parameters_hash_is_the_builds(tmp_path: Path) -> None:
    """A report on a saved network listed its parameter file with the SHA-256 of the file as it
    is today (wa.parquet: /work/main/models/network.toml, hashed when the report ran): after an
    edit, a hash of parameters the network was never built with. The build now records the
    hash; the report gives it and says when the file has changed since."""
    import hashlib

    from click.testing import CliRunner

    from supplychain.cli import main
    from supplychain.networks import load_network

    from .conftest import REPO

    params = tmp_path / "net.toml"
    params.write_bytes((REPO / "models" / "network.toml").read_bytes())
    built = hashlib.sha256(params.read_bytes()).hexdigest()
    net = tmp_path / "n.parquet"
    r = CliRunner().invoke(main, ["-q", "network", "build", "--params", str(params), "--out", str(net)])
    assert r.exit_code == 0, r.output
    assert load_network(net).graph["params_sha256"] == built

    def params_row(page: str) -> list[str]:
        rows = re.findall(r"<tr>(<td>network parameters[^<]*</td>.*?)</tr>", page)
        assert len(rows) == 1, rows
        return re.findall(r"<td[^>]*>(.*?)</td>", rows[0])

    out = tmp_path / "r.html"
    r = CliRunner().invoke(main, ["-q", "report", "--network", str(net), "--out", str(out)])
    assert r.exit_code == 0, r.output
    cells = params_row(out.read_text(encoding="utf-8"))
    assert cells[0] == "network parameters" and cells[-1] == built
    params.write_text(params.read_text(encoding="utf-8") + "# edited after the build\n",
                      encoding="utf-8")  # fmt: skip
    r = CliRunner().invoke(main, ["-q", "report", "--network", str(net), "--out", str(out)])
    assert r.exit_code == 0, r.output
    cells = params_row(out.read_text(encoding="utf-8"))
    assert cells[-1] == built  # the build's, not the edited file's
    assert "changed since the network was built" in cells[0]
    # Gone: the row stays, with the build's hash (it was dropped).
    params.unlink()
    r = CliRunner().invoke(main, ["-q", "report", "--network", str(net), "--out", str(out)])
    assert r.exit_code == 0, r.output
    cells = params_row(out.read_text(encoding="utf-8"))
    assert cells[-1] == built and "no longer on disk" in cells[0]


# --- worst case: a closure that loses nothing is not "-0.0 %" ----------------------------------


def test_worst_case_hover_of_no_loss_has_no_minus_sign() -> None:
    """`supplychain stress worst-case` prints the change as "(-43.3 %)" and, when nothing is
    lost, "(0.0 %)"; the chart's hover put a minus before every percentage: "(-0.0 %)"."""
    from supplychain.reports.figures.stress import worst_case_figure

    table = pd.DataFrame({
        "k": [1, 1], "method": ["exact", "greedy"], "segments": ["a", "b"], "nodes": ["", ""],
        "remaining_m3_per_day": [100.0, 60.0], "baseline_m3_per_day": [100.0, 100.0],
        "lost_m3_per_day": [0.0, 40.0], "lost_tankers_per_day": [0.0, 1.0],
        "lost_pct": [0.0, 40.0], "status": ["optimal", "heuristic"],
    })  # fmt: skip
    fig = worst_case_figure(load_stress(StressData("worst-case", "wc.parquet", table,
                                                   {"sweep": "worst-case"})))  # fmt: skip
    said = {}
    for trace in fig.data:
        text = trace.hovertemplate.replace("%{customdata[1]}", str(trace.customdata[0][1]))
        said[trace.meta["method"]] = re.search(r"\(([^)]*%)\)", text).group(1)
    assert said == {"exact": "0.0 %", "greedy": "-40.0 %"}


# --- routes section: no corridor of solver noise ------------------------------------------------


def test_corridor_table_leaves_out_solver_noise() -> None:
    """With a 500-tanker fleet the JSON's by_corridor has 'Abidjan-Bamako' at 2.1e-6 m³/day
    (the noise route the routes table leaves out); the report's "Flows by corridor" listed it
    as a corridor carrying "0" m³/day."""
    from supplychain.reports.sections import routes_data

    g, params = dakar_bamako()
    result = run_scenario(g, params)
    noise = pd.DataFrame({"corridor": ["Ghost corridor"], "delivered_m3_per_day": [2.1e-6],
                          "delivered_tankers_per_day": [4.6e-8]})  # fmt: skip
    by_corridor = pd.concat([result.by_corridor, noise], ignore_index=True)
    run = as_run(dataclasses.replace(result, by_corridor=by_corridor))
    rows = routes_data([run], 0)["blocks"][0]["corridors"]["rows"]
    names = [r["cells"][0]["text"] for r in rows]
    assert "Ghost corridor" not in names
    assert names == [str(c) for c in result.by_corridor["corridor"]]


# --- stress results: run on the report's scenario, but with other inputs ----------------------


def _n1(through: float, served: float) -> StressData:
    """An N-1 sweep whose first closure loses 5 % of ``through`` and 7.5 % of ``served`` (a
    fixed 208 and 262 m3/day were more than a 20 m3/day base: negative throughputs, refused)."""
    lost_t, lost_s = 0.05 * through, 0.075 * served
    table = pd.DataFrame({
        "rank": [1, 2], "id": ["a", "b"], "throughput_m3_per_day": [through - lost_t, through],
        "served_m3_per_day": [served - lost_s, served], "throughput_lost_m3_per_day": [lost_t, 0.0],
        "throughput_lost_tankers_per_day": [lost_t / 46.0, 0.0], "throughput_lost_pct": [5.0, 0.0],
        "served_lost_m3_per_day": [lost_s, 0.0], "served_lost_tankers_per_day": [lost_s / 46.0, 0.0],
        "served_lost_pct": [7.5, 0.0], "single_point_of_failure": [False, False],
        "status": ["optimal", "optimal"],
    })  # fmt: skip
    return load_stress(StressData("n-1", "n1.parquet", table, {"sweep": "n-1", "scenario": "baseline"}))


def test_stress_run_with_other_parameters_is_flagged(caplog: pytest.LogCaptureFixture) -> None:
    """`supplychain stress n-1 --params` with a 500-tanker fleet, reported with the default
    parameters: the page showed "throughput -208 m³/day (5.0 %)" (of 4,151) and Monte Carlo
    draws serving 3,497 m³/day under a headline of 10,626 and 4,690 with nothing saying they
    were of another model (the scenario's name was the report's). The sweep's figures before
    any closure are now checked against the report's solve of that scenario."""
    g, params = dakar_bamako()
    run = as_run(run_scenario(g, params))
    own = (run.result.throughput.scenario_m3_per_day, run.result.served.scenario_m3_per_day)
    same, other = _n1(*own), _n1(own[0] + 400.0, own[1] + 100.0)
    mc = _mc([own[1] + 100.0] * 3, worst_draws=1)
    mc.summary.update(scenario="baseline", base_throughput_m3_per_day=own[0] + 400.0,
                      base_served_m3_per_day=own[1] + 100.0)  # fmt: skip
    with caplog.at_level("WARNING", logger="supplychain.reports.stress_section"):
        blocks = stress_data([same, other, mc], ["baseline"],
                             figures={"baseline": [own]})["blocks"]  # fmt: skip
    assert blocks[0]["other_inputs"] == ""
    for b in blocks[1:]:
        assert b["other_inputs"] == (
            f"throughput {own[0] + 400:,.0f} m³/day and served demand {own[1] + 100:,.0f} before "
            f"any closure, where this report's “baseline” has {own[0]:,.0f} and {own[1]:,.0f}")
    assert caplog.text.count("with other inputs than the report's") == 2
    # Not checked without the report's figures, nor for a result of another scenario (which
    # has its own notice).
    assert stress_data([other])["blocks"][0]["other_inputs"] == ""
    page = build_report(g, [run], stress=[same, other])
    assert page.count("Run on this report's scenario with other inputs") == 1
    assert "Run on another scenario" not in page


def _worst(through_base: float) -> StressData:
    table = pd.DataFrame({
        "method": ["exact"], "k": [1], "segments": ["a"], "nodes": [""], "baseline_m3_per_day": [100.0],
        "remaining_m3_per_day": [60.0], "lost_m3_per_day": [40.0], "lost_tankers_per_day": [1.0],
        "lost_pct": [40.0], "status": ["optimal"], "throughput_after_m3_per_day": [through_base - 30.0],
        "throughput_base_m3_per_day": [through_base],
    })  # fmt: skip
    return load_stress(StressData("worst-case", "wc.parquet", table, {"sweep": "worst-case", "scenario": "baseline"}))


def test_worst_case_run_with_other_parameters_is_flagged() -> None:
    """`stress worst-case --params` with a 500-tanker fleet: its column "throughput left into
    any city, fleet limit applied" read 3,995 (of its 4,151) under a headline of 10,626, with no
    notice (the worst case was not checked: its max flows are pure). Its throughput before any
    closure is now checked; it has no served demand."""
    own = [(1000.0, 400.0)]
    blocks = stress_data([_worst(1000.2), _worst(900.0)], ["baseline"], figures={"baseline": own})["blocks"]
    assert blocks[0]["other_inputs"] == ""
    assert blocks[1]["other_inputs"] == ("throughput 900 m³/day before any closure, where this "
                                         "report's “baseline” has 1,000")  # fmt: skip


def test_two_scenarios_of_one_name_flag_a_sweep_of_neither_only() -> None:
    """A report of two scenario files of one name (a file and its edited copy): the figures
    were a dict by name, so the last file's stood for both and a sweep of the first was
    flagged as run with other inputs."""
    # The report: a scenario "blockade" at half capacity, and a copy of that name at full.
    from supplychain.models import Scenario
    from supplychain.models.scenario import Effect
    from supplychain.reports import ScenarioRun

    g, params = dakar_bamako()
    half = Scenario("blockade", segments={"N1:Dakar-Bamako": Effect(capacity_factor=0.5)})
    runs = [ScenarioRun(run_scenario(g, params, sc), sc) for sc in (Scenario.baseline(), half, Scenario("blockade"))]
    a, b = (r.result for r in runs[1:])
    sweep = _n1(a.throughput.scenario_m3_per_day, a.served.scenario_m3_per_day)
    sweep.summary["scenario"] = "blockade"
    assert (a.throughput.scenario_m3_per_day, a.served.scenario_m3_per_day) != (
        b.throughput.scenario_m3_per_day, b.served.scenario_m3_per_day)
    assert build_report(g, runs, stress=[sweep]).count("with other inputs") == 0
    # Agreeing with one solve of the name is enough; with none, both are named.
    first, edited = (1000.0, 400.0), (800.0, 350.0)
    figures = {"baseline": [first, edited]}
    of_first, of_neither = _n1(*first), _n1(700.0, 300.0)
    blocks = stress_data([of_first, of_neither], ["baseline"], figures=figures)["blocks"]
    assert blocks[0]["other_inputs"] == ""
    assert blocks[1]["other_inputs"].endswith("where this report's “baseline” has 1,000 and 400 or 800 and 350")


# --- timeline: a crossing's small share of arrivals is not 0 ------------------------------------


def test_crossing_share_of_arrivals_is_not_written_zero() -> None:
    """On the embedded back-test Koloko-Hérémakono brings 886 of 567,345 m³ (0.16 %) and
    Mandiana-Yanfolila 543: the crossings table's share read "0" for both, as for Fassala with
    none. A share is now written to 0.1 %."""
    from supplychain.reports.timeline_section import (
        TimelineData,
        load_timeline_result,
        timeline_data,
    )

    from .test_report_timeline import DAYS, hand_timeline

    r = hand_timeline()
    r.borders = {"Diboli": np.full(DAYS, 5000.0), "Koloko": np.full(DAYS, 8.0),
                 "Fassala": np.zeros(DAYS)}  # fmt: skip
    data = load_timeline_result(TimelineData(r.to_frame(), r.to_dict(), "hand.parquet"))
    rows = {row["cells"][0]["text"]: row["cells"][3]["text"]
            for row in timeline_data(data)["crossings"]["rows"]}  # fmt: skip
    assert rows == {"Diboli": "99.8", "Koloko": "0.2", "Fassala": "0.0"}


# --- Sankey: a border post carries the fuel crossing it, as the border table says ---------------


def test_sankey_border_post_carries_what_the_border_table_says_crossed() -> None:
    """With a 500-tanker fleet under the illustrative blockade, 1,886 m³/day load at
    Yamoussoukro and cross Tengréla-Kadiana (the border table, 41 tankers/day) and 94.3 are lost
    to attacks in Mali on the way to Bamako: the Sankey took the loss off at the port and drew
    the post with the 1,792 delivered. A loss after the post now leaves from the post, one
    before it from the port; each route's JSON gives what reaches its posts."""
    import networkx as nx

    from supplychain.models import Effect, Scenario

    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    g.add_node("P", name="Dakar", role="port", supply_m3_per_day=100.0, x=-17.4, y=14.7)
    g.add_node("X", name="Diboli border", role="border", capacity_trucks_per_day=90.0, x=-11.9, y=14.3)
    g.add_node("B", name="Bamako", role="city", demand_m3_per_day=30.0, x=-8.0, y=12.6)
    for u, v, sid in (("P", "X", "N1:Dakar-Diboli"), ("X", "B", "RN1:Diboli-Bamako")):
        g.add_edge(u, v, segment_id=sid, ref=sid[:3], length_km=600.0,
                   capacity_trucks_per_day=90.0, travel_time_h=15.0, corridors=["Dakar"])  # fmt: skip
    _, params = dakar_bamako()
    for lossy, crossed in (("RN1:Diboli-Bamako", 30.0 / 0.9), ("N1:Dakar-Diboli", 30.0)):
        scenario = Scenario("attacks", segments={lossy: Effect(loss_probability=0.1)})
        result = run_scenario(g, params, scenario)
        (route,) = result.shown_routes()
        assert route.crossed_m3_per_day == pytest.approx([crossed])
        assert route.to_dict()["crossed_m3_per_day"] == pytest.approx([crossed])
        table = result.by_border.set_index("border_post")["crossed_m3_per_day"]
        assert table["Diboli border"] == pytest.approx(crossed)
        s = sankey_figure(as_run(result)).data[0]
        flows = {(s.node.label[a], s.node.label[b]): v
                 for a, b, v in zip(s.link.source, s.link.target, s.link.value, strict=True)}  # fmt: skip
        into_post = flows[("Dakar", "Diboli border")]
        assert into_post == pytest.approx(crossed)
        assert flows[("Diboli border", "Bamako")] == pytest.approx(30.0)
        lost_from = {a for a, b in flows if b == "lost to attacks (expected)"}
        assert lost_from == ({"Diboli border"} if lossy.startswith("RN1") else {"Dakar"})
        assert sum(v for (a, _), v in flows.items() if a == "Dakar") == pytest.approx(route.loaded_m3_per_day)


def test_nk_text_and_report_print_a_percentage_at_a_boundary_alike() -> None:
    """A served demand lost of 0.0499999999 % (a solve's last bits under 0.05): the report's
    table printed the file's figure to 3 decimals, 0.05, "0.1", and the text the unrounded value,
    "0.0"; both print it as the files write it."""
    from types import SimpleNamespace

    from supplychain.cli.stress import _stress_text

    table = pd.DataFrame({
        "rank": [1], "id": ["a + b"], "throughput_lost_m3_per_day": [0.0],
        "throughput_lost_tankers_per_day": [0.0], "throughput_lost_pct": [0.0],
        "served_lost_m3_per_day": [2.0], "served_lost_tankers_per_day": [2.0 / 46],
        "served_lost_pct": [0.0499999999], "sum_of_single_losses_m3_per_day": [0.0],
        "single_point_of_failure": [False], "status": ["optimal"],
    })  # fmt: skip
    summary = {"sweep": "n-k", "k": 2, "scenario": "s"}
    text = _stress_text(SimpleNamespace(kind="n-k", table=table, summary=summary))
    assert "a + b: throughput lost 0 m3/day (0.0 tankers/day, 0.0 %), served demand lost 2 m3/day (0.0 tankers/day, 0.1 %)" in text
    block = stress_data([load_stress(StressData("n-k", "nk.parquet", table, summary))])["blocks"][0]
    head = [h["label"] for h in block["table"]["head"]]
    (row,) = block["table"]["rows"]
    assert row["cells"][head.index("Served demand lost (%)")]["text"] == "0.1"


def test_sankey_posts_carry_what_crossed_them_with_losses_before_between_and_at_posts() -> None:
    """Two posts on one route and a second route leaving after the first post; losses on the
    road to the first post, between the posts, after the second, and at the first post itself
    (its own loss counted in what crossed it, as the border table counts it): every post's
    links in sum to the table's crossed volume and equal its links out, and each loss leaves
    from the port or post before it."""
    import networkx as nx

    from supplychain.models import Effect, Scenario

    g = nx.MultiDiGraph(tanker_volume_m3=1.0)
    for n, name, role, extra in (("P", "Dakar", "port", {"supply_m3_per_day": 100.0}),
                                 ("X", "X border", "border", {"capacity_trucks_per_day": 90.0}),
                                 ("M", "Mid", "junction", {}),
                                 ("Y", "Y border", "border", {"capacity_trucks_per_day": 90.0}),
                                 ("B", "Bamako", "city", {"demand_m3_per_day": 30.0}),
                                 ("K", "Kayes", "city", {"demand_m3_per_day": 10.0})):  # fmt: skip
        g.add_node(n, name=name, role=role, x=-10.0 - len(g), y=13.0, **extra)
    for u, v, sid in (("P", "X", "e1"), ("X", "M", "e2"), ("M", "Y", "e3"), ("Y", "B", "e4"), ("X", "K", "e5")):
        g.add_edge(u, v, segment_id=sid, ref=sid, length_km=100.0, capacity_trucks_per_day=90.0,
                   travel_time_h=2.0, corridors=["D"])  # fmt: skip
    _, params = dakar_bamako()
    scenario = Scenario("attacks", segments={"e1": Effect(loss_probability=0.1), "e2": Effect(loss_probability=0.2),
                                             "e4": Effect(loss_probability=0.3)},
                        nodes={"X border": Effect(loss_probability=0.1)})  # fmt: skip
    result = run_scenario(g, params, scenario)
    table = result.by_border.set_index("border_post")["crossed_m3_per_day"]
    s = sankey_figure(as_run(result)).data[0]
    flows = {(s.node.label[a], s.node.label[b]): v
             for a, b, v in zip(s.link.source, s.link.target, s.link.value, strict=True)}  # fmt: skip
    for post in ("X border", "Y border"):
        into = sum(v for (_, b), v in flows.items() if b == post)
        out = sum(v for (a, _), v in flows.items() if a == post)
        routes = sum(c for r in result.shown_routes() for p, c in zip(r.border_posts, r.crossed_m3_per_day, strict=True)
                     if p == post)  # fmt: skip
        assert into == pytest.approx(table[post]) == pytest.approx(routes) == pytest.approx(out), post
    lost = "lost to attacks (expected)"
    assert {a for a, b in flows if b == lost} == {"Dakar", "X border", "Y border"}
    assert sum(v for (_, b), v in flows.items() if b == lost) == pytest.approx(result.losses_m3_per_day)
    assert flows[("Y border", "Bamako")] == pytest.approx(30.0) and flows[("X border", "Kayes")] == pytest.approx(10.0)


# --- hover text: the figures as the tables and the text print them --------------------------


def _as_plotly_shows(trace: Any, i: int) -> str:
    """The hover of point ``i`` as plotly fills its template in: ``%{customdata[j]}`` as given,
    ``%{x:,.0f}`` / ``%{y:.1f}`` (any decimals) as d3-format writes them (JavaScript's
    ``toFixed``: the double's exact value, a half rounded up, where Python's format rounds it
    to even)."""
    from decimal import ROUND_HALF_UP, Decimal

    def d3(value: float, comma: str, digits: str) -> str:
        exact = Decimal(value).quantize(Decimal(1).scaleb(-int(digits)), rounding=ROUND_HALF_UP)
        return f"{exact:{comma}.{digits}f}"

    cd = trace.customdata[i] if trace.customdata is not None else None
    text = re.sub(r"<extra>.*?</extra>", "", trace.hovertemplate)
    text = re.sub(r"%\{customdata\[(\d)\]\}", lambda m: str(cd[int(m.group(1))]), text)
    text = text.replace("%{customdata}", str(cd))
    for axis in ("x", "y"):
        value = getattr(trace, axis)[i]
        text = re.sub(rf"%\{{{axis}:(,?)\.(\d)f\}}", lambda m, v=value: d3(v, m.group(1), m.group(2)), text)
        text = text.replace(f"%{{{axis}}}", str(value))
    return text


def test_ranking_and_cdf_hovers_give_a_half_as_the_table_and_the_text_do() -> None:
    """A closure losing 2.5 m³/day (a capacity factor of 0.5 on a road of 5 tankers of 1 m³):
    the table and the text print "2" (Python rounds a half to even), but the bar's hover
    formatted the value with plotly's ",.0f", which rounds it up: "throughput lost 3 m³/day"
    beside the table's 2. So did the Monte Carlo CDF's hover beside the histogram's "2" (cons34)."""
    from types import SimpleNamespace

    from supplychain.cli.stress import _stress_text
    from supplychain.reports.figures.stress import ranking_figure

    table = pd.DataFrame({
        "rank": [1], "id": ["R:P-M"], "throughput_lost_m3_per_day": [2.5],
        "throughput_lost_tankers_per_day": [2.5], "throughput_lost_pct": [25.0],
        "served_lost_m3_per_day": [0.5], "served_lost_tankers_per_day": [0.5],
        "served_lost_pct": [5.0], "single_point_of_failure": [False], "status": ["optimal"],
    })  # fmt: skip
    summary = {"sweep": "n-1", "scenario": "s"}
    assert "R:P-M: throughput lost 2 m3/day (2.5 tankers/day, 25.0 %)" in _stress_text(SimpleNamespace(kind="n-1", table=table,
                                                                                  summary=summary))  # fmt: skip
    data = load_stress(StressData("n-1", "n1.parquet", table, summary))
    block = stress_data([data])["blocks"][0]
    head = [h["label"] for h in block["table"]["head"]]
    (row,) = block["table"]["rows"]
    cell = {h: c["text"] for h, c in zip(head, row["cells"], strict=True)}
    bars = {t.meta["measure"]: t for t in ranking_figure(data).data}
    assert _as_plotly_shows(bars["throughput_lost_m3_per_day"], 0) == (
        f"1. R:P-M<br>throughput lost {cell['Throughput lost (m³/day)']} m³/day (25.0 %)")
    assert _as_plotly_shows(bars["served_lost_m3_per_day"], 0) == (
        f"1. R:P-M<br>served demand lost {cell['Served demand lost (m³/day)']} m³/day (5.0 %)")
    draws = pd.DataFrame({"draw": range(4), "throughput_m3_per_day": [2.5, 2.5, 4.0, 4.0],
                          "served_m3_per_day": [2.5, 2.5, 4.0, 4.0]})  # fmt: skip
    fig = monte_carlo_figure(load_stress(StressData("monte-carlo", "mc.parquet", draws, {"draws": 4})))
    bar = next(t for t in fig.data if t.meta == {"kind": "mc-histogram", "measure": "served_m3_per_day"})
    cdf = next(t for t in fig.data if t.meta == {"kind": "mc-cdf", "measure": "served_m3_per_day"})
    assert _hover(bar, list(bar.y).index(2)) == "2 m³/day: 2 draws"
    assert _as_plotly_shows(cdf, 1) == "≤ 2 m³/day: %{y:.1%} of draws"


def test_mc_text_prints_the_statistics_as_the_summary_file_holds_them() -> None:
    """A mean of 10,624.5004 m³/day: the JSON summary holds 10624.5, which the report reads and
    prints "10,624" (a half to even), but the text formatted the unrounded mean, "10,625"
    (cons34). Both print the file's figure now, as the timeline-mc text does."""
    from types import SimpleNamespace

    from supplychain._json import dumps
    from supplychain.cli.stress import _stress_text

    stats = {"mean": 10624.5004, "mean_ci95": [10624.0, 10625.0], "p5": 10620.0, "p5_ci95": [None, None],
             "p50": 10626.0, "p50_ci95": [None, None], "p95": 10626.0, "p95_ci95": [None, None],
             "min": 10600.0, "max": 10626.0}  # fmt: skip
    summary = {"sweep": "monte-carlo", "scenario": "s", "draws": 3, "seed": 1, "failed_draws": 0,
               "throughput_m3_per_day": stats, "served_m3_per_day": stats, "worst_5pct_share": []}  # fmt: skip
    table = pd.DataFrame({"draw": range(3), "throughput_m3_per_day": [10600.0, 10626.0, 10626.0],
                          "served_m3_per_day": [10600.0, 10626.0, 10626.0]})  # fmt: skip
    text = _stress_text(SimpleNamespace(kind="monte-carlo", table=table, summary=summary))
    written = json.loads(dumps(summary))  # what the report reads
    block = stress_data([load_stress(StressData("monte-carlo", "mc.parquet", table, written))])["blocks"][0]
    (served, _) = block["table"]["rows"]
    assert served["cells"][1]["text"].startswith("10,624 (")
    assert "served_m3_per_day: mean 10,624 " in text


def test_sankey_and_timeline_hovers_give_a_half_as_the_tables_do() -> None:
    """A route delivering 2.5 m³/day, a city holding 2.5 m³, a corridor bringing 2.5 m³ in a
    week: the tables print "2" (fmt_number, a half to even), but the flows Sankey and the
    timeline figures hovered the value with plotly's ",.0f", which rounds it up to "3"."""
    from supplychain.reports.figures.timeline import cover_figure
    from supplychain.reports.markup import fmt_number

    half = fmt_number(2.5)
    assert half == "2"
    g, params = dakar_bamako()
    result = run_scenario(g, params)
    route = dataclasses.replace(result.routes[0], loaded_m3_per_day=2.5, delivered_m3_per_day=2.5,
                                lost_m3_per_day=0.0, crossed_m3_per_day=[2.5] * len(result.routes[0].border_posts))
    sankey = sankey_figure(as_run(dataclasses.replace(result, routes=[route]))).data[0]
    assert "%{value" not in sankey.link.hovertemplate + sankey.node.hovertemplate
    assert [cd[0] for cd in sankey.link.customdata] == [half] * len(sankey.link.value)
    assert list(sankey.node.customdata) == [half] * len(sankey.node.label)
    city = {"name": "A", "dates": ["2026-01-01"], "stock_m3": [2.5], "days_of_cover": [1.0],
            "dry_date": None, "dry_cover": None}  # fmt: skip
    stock = next(t for t in cover_figure([city], ("2026-01-01", "2026-01-02")).data if t.meta["kind"] == "stock")
    assert _as_plotly_shows(stock, 0) == f"2026-01-01<br>A: {half} m³"
    weekly = {"week_start": ["2026-01-01"], "week_days": [7], "corridors": {"Dakar": [2.5]}}
    observed = [{"start": "2026-01-01", "end": "2026-01-07", "days": 7, "observed_ml": 0.0025,
                 "simulated_ml": 0.0025}]  # fmt: skip
    fig = arrivals_figure(weekly, observed, ("2026-01-01", "2026-01-08"))
    bar = next(t for t in fig.data if t.meta["kind"] == "arrivals")
    assert _as_plotly_shows(bar, 0) == f"week of 2026-01-01<br>Dakar: {half} m³"
    steps = [t for t in fig.data if t.meta["kind"] in ("observed", "simulated")]
    assert [_as_plotly_shows(t, 0).split(": ")[-1] for t in steps] == [f"{half} m³/week"] * 2


def test_cover_escort_and_comparison_hovers_give_a_half_as_the_tables_do() -> None:
    """Days of cover of 2.25, 1.25 escort units available, 0.125 in use and convoys, a city
    served 62.25 % of its demand: fmt_number (the tables' formatter, a half to even) writes
    "2.2", "1.2", "0.12" and "62.2", but the timeline's cover and escort charts and the
    comparison chart hovered them with plotly's ".1f" / ".2f", which round a half up ("2.3",
    "1.3", "0.13", "62.3"). The days-of-cover grid wrote Python's ".1f" of the unrounded
    value: 2.2500000001 days read "2.3" beside the city table's "2.2" (polish35 left them)."""
    from supplychain.reports.figures import comparison_figure
    from supplychain.reports.figures.timeline import cover_figure, cover_grid_figure, escort_figure
    from supplychain.reports.markup import fmt_number

    assert (fmt_number(2.25, 1), fmt_number(2.2500000001, 1), fmt_number(0.125, 2)) == ("2.2", "2.2", "0.12")
    span = ("2026-01-01", "2026-01-02")
    city = {"name": "A", "dates": ["2026-01-01"], "stock_m3": [9.0], "days_of_cover": [2.25],
            "dry_date": None, "dry_cover": None, "dry_flags": [False]}  # fmt: skip
    cover = next(t for t in cover_figure([city], span).data if t.meta["kind"] == "cover")
    assert _as_plotly_shows(cover, 0) == "2026-01-01<br>A: 2.2 days of cover"
    grid = cover_grid_figure([{**city, "days_of_cover": [2.2500000001]}], span).data[0]
    assert grid.text[0][0] == "2.2 days of cover"
    escorts = {"dates": ["2026-01-01"], "units": [1.25], "used": [0.125],
               "stretches": {"RN1": {"dates": ["2026-01-01"], "convoys": [0.125]}}}  # fmt: skip
    shown = {t.meta["kind"]: _as_plotly_shows(t, 0) for t in escort_figure(escorts, span).data}
    assert shown == {"units": "2026-01-01: 1.2 units available", "used": "2026-01-01: 0.12 units in use",
                     "convoys": "2026-01-01<br>RN1: 0.12 convoys leave"}  # fmt: skip
    g, params = dakar_bamako()
    run = as_run(run_scenario(g, params))
    by_city = pd.DataFrame({"city": ["Bamako"], "demand_m3_per_day": [100.0], "delivered_m3_per_day": [62.25]})
    run = dataclasses.replace(run, result=dataclasses.replace(run.result, by_city=by_city))
    bar = comparison_figure([run]).data[0]
    assert _as_plotly_shows(bar, 0) == "Bamako: 62.2 % (62 of 100 m³/day)"
