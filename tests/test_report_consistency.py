"""The report's figures and labels say what the command's machine outputs say.

Each test builds a tiny result with a known answer and checks one figure or label against it:
the Sankey lists the routes the text and the routes table list (no route of solver noise), the
Monte Carlo histogram's hover gives the draws' values (not a bin's centre), the heading over
the worst draws says how many draws count (as ``supplychain stress monte-carlo`` prints it),
and the observed arrivals' steps hover with their own period (not the day after it).
"""

from __future__ import annotations

import dataclasses

import pytest

from supplychain.models import run_scenario
from supplychain.models._examples import dakar_bamako
from supplychain.reports.data import as_run
from supplychain.reports.figures import sankey_figure

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
