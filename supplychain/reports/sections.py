"""Plain data for each section template of the report (``templates/<section>.html.j2``).

One function per section turns results into dictionaries of strings, numbers, lists, tables
(from :func:`~supplychain.reports.markup.table_data`) and figures (plotly JSON dictionaries):
nothing here writes HTML or escapes anything; the templates escape every value they print.
:func:`headline_sentence` says in one sentence what a scenario means. The stress section's
data is in :mod:`supplychain.reports.stress_section`.
"""

from __future__ import annotations

import importlib.metadata
import json
import math
import platform
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import networkx as nx
import pandas as pd
import plotly
import plotly.graph_objects as go
import plotly.offline

import supplychain
from supplychain.models.results import (
    MIN_SHOWN_ROUTE_M3_PER_DAY,
    NO_BORDER_POST,
    CapacityLost,
    FlowResult,
)
from supplychain.networks.provenance import describe_build
from supplychain.reports.data import ScenarioRun, as_run
from supplychain.reports.figures import comparison_figure, sankey_figure
from supplychain.reports.markup import Column, fmt_number, table_data
from supplychain.reports.stress import StressData

if TYPE_CHECKING:
    from supplychain.reports.timeline_section import TimelineData

__all__ = [
    "comparison_data",
    "headline_data",
    "headline_sentence",
    "map_data",
    "provenance_data",
    "routes_data",
]

def _records(frame: pd.DataFrame | None) -> list[dict[str, Any]]:
    if frame is None or frame.empty:
        return []
    return [{str(k): v for k, v in row.items()} for row in frame.to_dict("records")]


def _plot(fig_id: str, fig: go.Figure, cls: str = "") -> dict[str, Any]:
    """A figure for the ``plot`` macro: its element id, CSS class and plotly JSON."""
    return {"id": fig_id, "cls": cls, "figure": fig.to_plotly_json()}


# --- headline --------------------------------------------------------------------------------


def _is_baseline(run: ScenarioRun) -> bool:
    if run.scenario is not None:
        return run.scenario.is_baseline and not run.attack_probability
    return run.name == "baseline"


def headline_sentence(run: FlowResult | ScenarioRun) -> str:
    """One plain-text sentence saying what a scenario means for fuel supply.

    Parameters
    ----------
    run : FlowResult or ScenarioRun

    Returns
    -------
    str
        Plain text (the templates escape it).

    Raises
    ------
    ArgumentTypeError
        If ``run`` is neither a FlowResult nor a ScenarioRun (a ``TypeError``).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters, run_scenario
    >>> print(headline_sentence(run_scenario(build_network(), load_model_parameters())))
    All 4,750 m³/day of demand (103 tankers/day) can be delivered, and the network keeps
    its full throughput capacity of 10,626 m³/day.
    """
    run = as_run(run)
    r = run.result
    v = r.tanker_m3
    if r.status != "optimal":
        why = f": {r.message}" if r.message else ""
        return (
            f"The scenario could not be solved ({r.status}){why}; "
            "delivery figures below are not a plan."
        )
    demand, unmet = r.demand_m3_per_day, r.unmet_m3_per_day
    ok = unmet <= 0.5
    if ok:
        first = (
            f"All {fmt_number(demand)} m³/day of demand ({fmt_number(demand / v)} tankers/day) "
            "can be delivered"
        )
    else:
        short = r.by_city[r.by_city["unmet_m3_per_day"] > 0.5].sort_values(
            "unmet_m3_per_day", ascending=False
        )
        names = [str(c) for c in short["city"]]
        where = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        pct = 100 * unmet / demand if demand > 0 else 0.0
        first = (
            f"{fmt_number(unmet)} m³/day of demand ({fmt_number(unmet / v, 1)} tankers/day, "
            f"{pct:.1f} %) cannot be delivered, in {where}"
        )
        if r.unreachable:
            cut = ", ".join(r.unreachable)
            verb = "is" if len(r.unreachable) == 1 else "are"
            first += f" ({cut} {verb} cut off from every supply point)"
    t = r.throughput
    if not t.known:
        second = "its throughput capacity is not known (its LP did not solve; see the message)"
    elif t.lost_m3_per_day > 0.5:
        second = (
            f"the network can carry {fmt_number(t.lost_m3_per_day)} m³/day "
            f"({fmt_number(t.lost_tankers_per_day, 1)} tankers/day, {t.lost_pct:.1f} %) less "
            "than the undisturbed network"
        )
    else:
        second = (
            "the network keeps its full throughput capacity of "
            f"{fmt_number(t.scenario_m3_per_day)} m³/day"
        )
        if r.unreachable:
            # Throughput counts fuel into any city: with a city cut off it may stay whole,
            # carried to the others; "alternative routes remain" read as if that city had one.
            second += " (into the cities still reachable)"
        elif not _is_baseline(run):
            second += " because alternative routes remain"
    third = ""
    if r.losses_m3_per_day > 0.5:
        third = (
            f", and the plan expects to lose {fmt_number(r.losses_m3_per_day)} m³/day "
            f"({fmt_number(r.losses_m3_per_day / v, 1)} tankers/day) to attacks"
        )
    return first + (", and " if ok else "; ") + second + third + "."


def _kpi(label: str, value: str, sub: str = "", cls: str = "") -> dict[str, str]:
    return {"label": label, "value": value, "sub": sub, "cls": cls}


def _loss_kpi(label: str, c: CapacityLost) -> dict[str, str]:
    """A capacity measure's figure, or "unknown" (with the baseline when known) where its LP
    did not solve."""
    if not c.known:
        base = c.baseline_m3_per_day
        sub = "its LP did not solve" + ("" if math.isnan(base) else
                                        f" · baseline {fmt_number(base)} m³/day")
        return _kpi(label, "unknown", sub)
    return _kpi(
        label,
        f"{fmt_number(c.lost_m3_per_day)} m³/day",
        f"{fmt_number(c.lost_tankers_per_day, 1)} tankers/day · {c.lost_pct:.1f} % of "
        f"{fmt_number(c.baseline_m3_per_day)} m³/day",
        "bad" if c.lost_m3_per_day > 0.5 else "",
    )


def headline_data(run: ScenarioRun, *, timeline: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Data of ``headline.html.j2``: the primary scenario's sentence, figures and cities.

    Parameters
    ----------
    run : ScenarioRun
        The report's primary scenario.
    timeline : mapping, optional
        The report's timeline in brief (``name``, ``sentence``, ``kpis``: the ``headline`` of
        :func:`~supplychain.reports.timeline_section.timeline_data` and its name), shown under
        the steady state's figures; None without a timeline.

    Returns
    -------
    dict
        ``name``, ``sentence`` (:func:`headline_sentence`), ``kpis`` (``label``, ``value``,
        ``sub``, ``cls`` each: demand, delivered, unmet, capacity and served demand lost,
        expected losses, and the cost when known), ``timeline`` (as given), ``served_note`` (when the plan delivers
        less than the served demand, as the text says it; else ""), ``message``, ``by_city``
        and ``by_block``
        (:func:`~supplychain.reports.markup.table_data`; ``by_block`` None when no city has
        several priority blocks). Strings unescaped (the template escapes them).

    Examples
    --------
    >>> from supplychain.networks import build_network
    >>> from supplychain.models import load_model_parameters, run_scenario
    >>> d = headline_data(as_run(run_scenario(build_network(), load_model_parameters())))
    >>> d["name"], d["kpis"][0]["value"]
    ('baseline', '4,750 m³/day')
    """
    r = run.result
    v = r.tanker_m3
    demand, delivered, unmet = r.demand_m3_per_day, r.delivered_m3_per_day, r.unmet_m3_per_day
    share = 100 * delivered / demand if demand > 0 else 0.0
    t, s = r.throughput, r.served
    kpis = [
        _kpi("Demand", f"{fmt_number(demand)} m³/day", f"{fmt_number(demand / v, 1)} tankers/day"),
        _kpi(
            "Delivered",
            f"{fmt_number(delivered)} m³/day",
            f"{fmt_number(delivered / v, 1)} tankers/day · {share:.1f} % of demand",
            "good" if unmet <= 0.5 else "",
        ),
        _kpi(
            "Unmet",
            f"{fmt_number(unmet)} m³/day",
            f"{fmt_number(unmet / v, 1)} tankers/day",
            "bad" if unmet > 0.5 else "good",
        ),
        _loss_kpi("Throughput capacity lost", t),
        _loss_kpi("Served demand lost", s),
        _kpi(
            "Expected losses to attacks",
            f"{fmt_number(r.losses_m3_per_day, 1)} m³/day",
            f"{fmt_number(r.losses_m3_per_day / v, 2)} tankers/day",
            "warn" if r.losses_m3_per_day > 0.5 else "",
        ),
    ]
    if r.cost is not None:
        kpis.append(
            _kpi(
                "Cost of the plan",
                f"{fmt_number(r.cost / 1e6, 1)} M",
                f"{r.currency}/day: transport + value of expected losses",
            )
        )
    rows = []
    for row in _records(r.by_city):
        d = float(row["demand_m3_per_day"])
        rows.append(
            {**row, "unmet_pct": 100 * float(row["unmet_m3_per_day"]) / d if d > 0 else 0.0}
        )
    cols = [
        Column("city", "City"),
        Column("demand_m3_per_day", "Demand (m³/day)", "number"),
        Column("demand_tankers_per_day", "Demand (tankers/day)", "number", 1),
        Column("delivered_m3_per_day", "Delivered (m³/day)", "number"),
        Column("delivered_tankers_per_day", "Delivered (tankers/day)", "number", 1),
        Column("unmet_m3_per_day", "Unmet (m³/day)", "number"),
        Column("unmet_tankers_per_day", "Unmet (tankers/day)", "number", 1),
        Column("unmet_pct", "Unmet (% of demand)", "number", 1),
    ]
    # The priority blocks of the cities that have several (Bamako's power plants and the rest
    # of its demand), as by_block in the JSON and the text's per-block unmet.
    blocks = r.by_block
    if not blocks.empty:
        counts = blocks["city"].value_counts()
        blocks = blocks[blocks["city"].map(counts) > 1]
    by_block = None if blocks.empty else table_data(
        _records(blocks),
        [
            Column("city", "City"),
            Column("block", "Block"),
            Column("weight", "Priority weight", "number", 1),
            Column("demand_m3_per_day", "Demand (m³/day)", "number"),
            Column("delivered_m3_per_day", "Delivered (m³/day)", "number"),
            Column("unmet_m3_per_day", "Unmet (m³/day)", "number"),
            Column("unmet_tankers_per_day", "Unmet (tankers/day)", "number", 1),
        ],
        table_id="table-by-block",
        row_classes=["spof" if float(x) > 0.5 else "" for x in blocks["unmet_m3_per_day"]],
    )  # fmt: skip
    # As the text says it (FlowResult._served_note): priority demand comes first, and a plan
    # that serves it can deliver less in all, so served demand lost is not the drop in delivered.
    served_note = ""
    if r.delivers_less_than_served:
        served_note = (
            "Served demand is the most the network can serve with every m³ worth the same: "
            f"{fmt_number(s.scenario_m3_per_day)} m³/day ({fmt_number(s.baseline_m3_per_day)} in "
            f"the baseline); the plan delivers {fmt_number(delivered)}, priority demand first, so "
            f"the served demand lost ({fmt_number(s.lost_m3_per_day)}) is not the drop in delivered."
        )
    return {
        "name": run.name,
        "sentence": headline_sentence(run),
        "kpis": kpis,
        "timeline": None if timeline is None else dict(timeline),
        "served_note": served_note,
        "message": r.message or "",
        "by_block": by_block,
        "by_city": table_data(
            rows,
            cols,
            table_id="table-by-city",
            empty="No demand city.",
            row_classes=["spof" if float(x["unmet_m3_per_day"]) > 0.5 else "" for x in rows],
        ),
    }


# --- map and routes --------------------------------------------------------------------------


def map_data(fig: go.Figure, runs: Sequence[ScenarioRun]) -> dict[str, Any]:
    """Data of ``map.html.j2``: the map figure; ``several`` when buttons switch scenarios, with
    the scenarios' ``names`` in the buttons' order (the printed page names the one shown).

    Parameters
    ----------
    fig : plotly.graph_objects.Figure
        The map (:func:`~supplychain.reports.figures.map.map_figure`).
    runs : sequence of ScenarioRun
        The scenarios the map shows.

    Returns
    -------
    dict
        ``map`` (``id`` "fig-map", ``cls`` "map" and the figure's plotly JSON),
        ``several`` (more than one scenario) and ``names`` (the scenarios', unescaped).

    Examples
    --------
    >>> import plotly.graph_objects as go
    >>> d = map_data(go.Figure(), [])
    >>> d["map"]["id"], d["map"]["cls"], d["several"]
    ('fig-map', 'map', False)
    """
    return {"map": _plot("fig-map", fig, "map"), "several": len(runs) > 1,
            "names": [str(run.name) for run in runs]}


def _route_rows(run: ScenarioRun) -> list[dict[str, Any]]:
    r = run.result
    v = r.tanker_m3
    total = r.delivered_m3_per_day
    rows = []
    for p in r.shown_routes():  # as the text lists them: no route of solver noise
        rows.append(
            {
                "origin": p.origin,
                "border_posts": ", ".join(p.border_posts) or NO_BORDER_POST,
                "destination": p.destination or "(lost on the way)",
                "delivered_m3_per_day": p.delivered_m3_per_day,
                "delivered_tankers_per_day": p.delivered_m3_per_day / v,
                "loaded_tankers_per_day": p.loaded_m3_per_day / v,
                "length_km": p.length_km,
                "travel_time_h": p.travel_time_h,
                "lost_m3_per_day": p.lost_m3_per_day,
                "share_pct": 100 * p.delivered_m3_per_day / total if total > 0 else 0.0,
            }
        )
    return rows


def _routes_block(run: ScenarioRun, index: int, primary: bool) -> dict[str, Any]:
    r = run.result
    sid = f"s{index}"
    block: dict[str, Any] = {
        "sid": sid,
        "primary": primary,
        "name": run.name,
        "solved": r.status == "optimal",
        "status": r.status,
        "message": r.message,
    }
    if r.status != "optimal":
        return block
    route_cols = [
        Column("origin", "Port / depot"),
        Column("border_posts", "Border post(s)"),
        Column("destination", "City"),
        Column("delivered_m3_per_day", "Delivered (m³/day)", "number"),
        Column("delivered_tankers_per_day", "Delivered (tankers/day)", "number", 1),
        Column("loaded_tankers_per_day", "Loaded (tankers/day)", "number", 1),
        Column("length_km", "Length (km)", "number"),
        Column("travel_time_h", "Driving time (h)", "number", 1),
        Column("lost_m3_per_day", "Expected losses (m³/day)", "number", 1),
        Column("share_pct", "Share of delivered (%)", "number", 1),
    ]
    block["routes"] = table_data(
        _route_rows(run), route_cols, table_id=f"table-routes-{sid}", empty="No route carries fuel."
    )
    # As the routes: no corridor of solver noise (a route of 2e-6 m³/day read "0" m³/day).
    corridors = r.by_corridor
    if not corridors.empty:
        corridors = corridors[corridors["delivered_m3_per_day"] >= MIN_SHOWN_ROUTE_M3_PER_DAY]
    block["corridors"] = table_data(
        _records(corridors),
        [
            Column("corridor", "Corridor"),
            Column("delivered_m3_per_day", "Delivered (m³/day)", "number"),
            Column("delivered_tankers_per_day", "Tankers/day", "number", 1),
        ],
        table_id=f"table-corridors-{sid}",
        # As models.results._by_corridor counts: a road shared by several corridors (RN7
        # Bougouni-Bamako is on eight) does not count its fuel for each of them.
        caption="Each route's delivered fuel counted once, for one corridor: of the corridors "
        "that name its road at the last border post it crosses, the one it shares the most km "
        "with (a route through no border post: the corridor it shares the most km with); "
        "(off corridor): a route through a border post no corridor passes. So the rows add up "
        "to the fuel delivered, and a corridor's row is not all the fuel on its roads.",
        empty="No corridor carries fuel.",
    )
    block["borders"] = table_data(
        _records(r.by_border),
        [
            Column("border_post", "Border post"),
            Column("crossed_m3_per_day", "Crossed (m³/day)", "number"),
            Column("crossed_tankers_per_day", "Tankers/day", "number", 1),
            Column("capacity_trucks_per_day", "Capacity (trucks/day)", "number"),
            Column("utilisation_pct", "Utilisation (%)", "number", 1),
        ],
        table_id=f"table-borders-{sid}",
        empty="No border post.",
    )
    block["sankey"] = _plot(f"fig-sankey-{sid}", sankey_figure(run))
    rows = [
        {
            # As the text: "supply and loading (both)" binds both (one more unit of both).
            "kind": b.kind.replace("_", " ") + (" (both)" if b.kind == "supply_and_loading" else ""),
            "name": b.name,
            "unit": b.unit,
            "cap": b.capacity,
            "used": b.used,
            "price": b.shadow_price_m3_per_day_per_unit,
        }
        for b in r.bottlenecks
    ]
    block["bottlenecks"] = table_data(
        rows,
        [
            Column("kind", "Kind"),
            Column("name", "Segment / place"),
            Column("unit", "Unit"),
            Column("cap", "Capacity", "number", 1),
            Column("used", "Used", "number", 1),
            Column("price", "Shadow price (m³/day per extra unit)", "number", 1),
        ],
        table_id=f"table-bottlenecks-{sid}",
        # A bottleneck is full *and* priced above 0: with every demand served none is, though a
        # border post may be used at 100 % in the table above.
        empty="No capacity limits delivery: none that the plan fills has a shadow price above 0 "
        "(one used in full that no unmet demand waits on, such as a border post at 100 % while "
        "every city is served, is not listed; nor are closed segments and places, capacity 0).",
    )
    block["min_cut"] = None
    if r.min_cut is not None:
        block["min_cut"] = {
            "value_m3_per_day": r.min_cut.value_m3_per_day,
            "through": ", ".join(r.cut_items()) or "-",  # as the text names it
            "below": r.below_cut().replace("m3/day", "m³/day"),
        }
    return block


def routes_data(runs: Sequence[ScenarioRun], active: int) -> dict[str, Any]:
    """Data of ``routes.html.j2``: one block per scenario, the primary (``active``) first.

    Parameters
    ----------
    runs : sequence of ScenarioRun
    active : int
        Index in ``runs`` of the primary scenario.

    Returns
    -------
    dict
        ``blocks``: per scenario ``sid`` (``s`` and its index in ``runs``), ``primary``,
        ``name``, ``solved``, ``status``, ``message`` and, when solved, its routes, corridors,
        border posts, bottlenecks (tables), Sankey figure and minimum cut.

    Examples
    --------
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day:

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> g, params = dakar_bamako()
    >>> run = as_run(run_scenario(g, params))
    >>> blocks = routes_data([run, run], 1)["blocks"]
    >>> [(b["sid"], b["primary"]) for b in blocks]
    [('s1', True), ('s0', False)]
    >>> [c["text"] for c in blocks[0]["routes"]["rows"][0]["cells"][:4]]
    ['Dakar', '(no border post)', 'Bamako', '20']
    """
    order = [active, *[i for i in range(len(runs)) if i != active]]
    return {"blocks": [_routes_block(runs[i], i, i == active) for i in order]}


# --- comparison and provenance ---------------------------------------------------------------


def comparison_data(runs: Sequence[ScenarioRun]) -> dict[str, Any]:
    """Data of ``comparison.html.j2``: measures side by side, cities, the delivered shares.

    Parameters
    ----------
    runs : sequence of ScenarioRun
        The scenarios compared, in column order.

    Returns
    -------
    dict
        ``names``, ``measures`` (``label`` and one cell per scenario, numbers formatted),
        ``cities`` (a table of demand, delivered and unmet per city and scenario) and
        ``figure`` (:func:`~supplychain.reports.figures.comparison.comparison_figure`).

    Examples
    --------
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day:

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> g, params = dakar_bamako()
    >>> run = as_run(run_scenario(g, params))
    >>> d = comparison_data([run])
    >>> d["names"], [(m["label"], m["cells"][0]["text"]) for m in d["measures"][1:3]]
    (['baseline'], [('Demand (m³/day)', '30'), ('Delivered (m³/day)', '20')])
    """
    metrics: list[tuple[str, Any, int]] = [
        ("Status", lambda r: r.status, -1),
        ("Demand (m³/day)", lambda r: r.demand_m3_per_day, 0),
        ("Delivered (m³/day)", lambda r: r.delivered_m3_per_day, 0),
        ("Delivered (tankers/day)", lambda r: r.delivered_m3_per_day / r.tanker_m3, 1),
        ("Unmet (m³/day)", lambda r: r.unmet_m3_per_day, 0),
        ("Throughput capacity (m³/day)", lambda r: r.throughput.scenario_m3_per_day, 0),
        ("Throughput lost (m³/day)", lambda r: r.throughput.lost_m3_per_day, 0),
        ("Throughput lost (tankers/day)", lambda r: r.throughput.lost_tankers_per_day, 1),
        ("Throughput lost (% of baseline)", lambda r: r.throughput.lost_pct, 1),
        ("Served demand lost (m³/day)", lambda r: r.served.lost_m3_per_day, 0),
        ("Served demand lost (tankers/day)", lambda r: r.served.lost_tankers_per_day, 1),
        ("Served demand lost (% of baseline)", lambda r: r.served.lost_pct, 1),
        ("Expected losses to attacks (m³/day)", lambda r: r.losses_m3_per_day, 1),
        (f"Cost (million {runs[0].result.currency if runs else 'FCFA'}/day)",
         lambda r: None if r.cost is None else r.cost / 1e6, 1),
        ("Cut off from every supply point", lambda r: ", ".join(r.unreachable) or "-", -1),
        ("Top bottleneck", lambda r: r.bottlenecks[0].name if r.bottlenecks else "-", -1),
    ]
    measures = []
    for label, get, digits in metrics:
        cells = []
        for run in runs:
            value = get(run.result)
            if digits < 0:
                cells.append({"num": False, "text": value})
            else:
                # NaN: a capacity measure whose LP did not solve ("-" is for none).
                unknown = isinstance(value, float) and math.isnan(value)
                cells.append({"num": True, "text": "unknown" if unknown else fmt_number(value, digits)})
        measures.append({"label": label, "cells": cells})
    cities: dict[str, dict[str, Any]] = {}
    for i, run in enumerate(runs):
        for row in _records(run.result.by_city):
            c = cities.setdefault(
                str(row["city"]), {"city": row["city"], "demand": row["demand_m3_per_day"]}
            )
            c[f"delivered_{i}"] = row["delivered_m3_per_day"]
            c[f"unmet_{i}"] = row["unmet_m3_per_day"]
    cols = [Column("city", "City"), Column("demand", "Demand (m³/day)", "number")]
    for i, run in enumerate(runs):
        cols.append(Column(f"delivered_{i}", f"Delivered: {run.name}", "number"))
    for i, run in enumerate(runs):
        cols.append(Column(f"unmet_{i}", f"Unmet: {run.name}", "number"))
    return {
        "names": [run.name for run in runs],
        "measures": measures,
        "cities": table_data(list(cities.values()), cols, table_id="table-comparison-cities"),
        "figure": _plot("fig-comparison", comparison_figure(runs)),
    }


def _version(dist: str) -> str:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _command_text(summary: Mapping[str, Any]) -> str:
    """How a result was made, as its summary records it (``command``): the command line, else
    its options (a timeline summary before 2026-12-05), else "not recorded" (a stress summary
    before 2026-12-05, a sweep run in Python without one).

    Examples
    --------
    >>> _command_text({"command": {"line": "supplychain stress n-1 --out a.parquet", "inputs": []}})
    'supplychain stress n-1 --out a.parquet'
    >>> _command_text({"command": {"scenario": "t.toml", "min_stock": False, "inputs": []}})
    'options: scenario = t.toml, min_stock = False'
    >>> _command_text({})
    'not recorded'
    """
    command = summary.get("command")
    if not isinstance(command, Mapping):
        return "not recorded"
    line = command.get("line")
    if isinstance(line, str) and line:
        return line
    options = [f"{k} = {v}" for k, v in command.items() if k not in ("inputs", "line")]
    return f"options: {', '.join(options)}" if options else "not recorded"


def provenance_data(
    graph: nx.MultiDiGraph,
    runs: Sequence[ScenarioRun],
    stress: Sequence[StressData],
    provenance: Mapping[str, Any],
    generated: str,
    build_s: float,
    *,
    timeline: TimelineData | None = None,
) -> dict[str, Any]:
    """Data of ``provenance.html.j2``: network, scenarios, seeds, versions, input files.

    Parameters
    ----------
    graph : networkx.MultiDiGraph
        The network the report was built on (its graph attributes ``source``, ``created``,
        ``params_source``).
    runs : sequence of ScenarioRun
    stress : sequence of StressData
        Their seeds, commands and input files are listed (the command "not recorded" for a
        summary without one).
    provenance : mapping
        Extra records: ``command``, ``seeds`` (name to seed), ``files`` (as
        :func:`~supplychain.reports.stress.file_record`); other keys are listed as they are.
    generated : str
        When the report was generated.
    build_s : float
        Seconds the report took to build.
    timeline : TimelineData, optional
        Keyword-only. The timeline result, whose command is listed (its files are in
        ``provenance["files"]``).

    Returns
    -------
    dict
        ``items`` (``key`` and ``value`` each) and ``files`` (a table).

    Examples
    --------
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day:

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> g, params = dakar_bamako()
    >>> run = as_run(run_scenario(g, params))
    >>> d = provenance_data(g, [run], [], {"command": "supplychain report"}, "2026-01-01", 0.5)
    >>> {i["key"]: i["value"] for i in d["items"]}["Network size"]
    '2 nodes, 1 segments, 2 directed edges'
    """
    g = graph.graph
    segs = len({d.get("segment_id") for _, _, d in graph.edges(data=True)})
    items: list[tuple[str, str]] = [
        ("Generated", generated),
        ("Network source", str(g.get("source", "unknown"))),
        ("Network built", str(g.get("created", "unknown"))),
        # How it was built (the command, or in Python; the source file's hash), as `network
        # info` says it, so that a report shared with others says how to make its network again.
        ("Network built by", "; ".join(line.strip().removeprefix("built by: ") for line in describe_build(
            g.get("build"), revision=g.get("build_revision")))),  # its time: the row above
        ("Network parameters", str(g.get("params_source", "unknown"))),
        (
            "Network size",
            f"{graph.number_of_nodes()} nodes, {segs} segments, "
            f"{graph.number_of_edges()} directed edges",
        ),
    ]
    if "command" in provenance:
        items.append(("Command", str(provenance["command"])))
    # How each result shown was made (its files are in the table below).
    for d in stress:
        items.append((f"Command of {d.label}" + (f" ({d.source})" if d.source else ""), _command_text(d.summary)))
    if timeline is not None:
        items.append(("Command of the timeline" + (f" ({timeline.source})" if timeline.source else ""),
                      _command_text(timeline.summary)))  # fmt: skip
    for run in runs:
        r = run.result
        src = (
            f", file {run.scenario.source}"
            if run.scenario is not None and run.scenario.source
            else ""
        )
        items.append(
            (
                f"Scenario “{r.scenario}”",
                f"solver {r.solver}, status {r.status}, {r.solve_time_s:.2f} s{src}",
            )
        )
    # monte-carlo's draws depend on the chunk size as on the seed: both reproduce a run.
    seeds = [f"{d.label}: seed {d.summary['seed']}"
             + (f", chunk size {d.summary['chunk_size']}"
                if d.kind == "monte-carlo" and d.summary.get("chunk_size") is not None else "")
             for d in stress if "seed" in d.summary]  # fmt: skip
    seeds += [f"{k}: {v}" for k, v in dict(provenance.get("seeds") or {}).items()]
    items.append(("Seeds", "; ".join(seeds) or "none (no random draws)"))
    versions = {
        "supplychain": supplychain.__version__,
        "python": platform.python_version(),
        "plotly": plotly.__version__,
        "plotly.js": plotly.offline.get_plotlyjs_version(),
        "pulp": _version("pulp"),
        "highspy": _version("highspy"),
        "pandas": _version("pandas"),
        "networkx": _version("networkx"),
    }
    items.append(("Software", ", ".join(f"{k} {v}" for k, v in versions.items())))
    skip = {"files", "command", "seeds", "generated"}
    for key, value in provenance.items():
        if key not in skip:
            items.append(
                (str(key), value if isinstance(value, str) else json.dumps(value, default=str))
            )
    items.append(("Report build time", f"{build_s:.2f} s"))
    files: list[dict[str, Any]] = [dict(f) for f in provenance.get("files") or []]
    for d in stress:
        files += [dict(f) for f in d.files]
    return {
        "items": [{"key": k, "value": v} for k, v in items],
        "files": table_data(
            files,
            [
                Column("role", "Role"),
                Column("path", "Path"),
                Column("bytes", "Bytes", "number"),
                Column("sha256", "SHA-256"),
            ],
            table_id="table-files",
            empty="No input file besides the embedded network.",
        ),
    }
