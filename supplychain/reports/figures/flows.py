"""Flows: the Sankey diagram of port → border post → city volumes and the volume lost."""

from __future__ import annotations

import logging

import plotly.graph_objects as go

from supplychain.reports.data import (
    ScenarioRun,
)
from supplychain.reports.figures._common import _FLOW_TOL, _base_layout
from supplychain.reports.markup import fmt_number, plot_text

__all__ = ["sankey_figure"]

logger = logging.getLogger(__name__)

def sankey_figure(run: ScenarioRun) -> go.Figure:
    """Port → border post → city volumes (m³/day delivered) and the volume lost on the way.

    The routes drawn are those the text and the routes table list
    (:meth:`~supplychain.models.results.FlowResult.shown_routes`): a route of solver noise
    (2e-6 m³/day) would name a border post that carries nothing. Link values into a city sum
    to what those routes deliver to it; a port's outgoing links sum to what they load
    (delivered plus expected losses, which go to a "lost to attacks" node from where they
    happen: the port for a loss before the first border post, a post for one after it, so that
    a post's links carry the fuel crossing it, the border table's ``crossed_m3_per_day``).

    Parameters
    ----------
    run : ScenarioRun
        Its result's routes are drawn.

    Returns
    -------
    plotly.graph_objects.Figure
        One Sankey trace (m³/day; each node's role in ``meta["roles"]``).

    Examples
    --------
    One road of 20 trucks/day (tanker 1 m³) from a port to Bamako, which needs 30 m³/day:

    >>> from supplychain.models import run_scenario
    >>> from supplychain.models._examples import dakar_bamako
    >>> from supplychain.reports.data import as_run
    >>> g, params = dakar_bamako()
    >>> run = as_run(run_scenario(g, params))
    >>> link = sankey_figure(run).data[0].link
    >>> sankey_figure(run).data[0].node.label, [round(v, 3) for v in link.value]
    (('Dakar', 'Bamako'), [20.0])
    """
    r = run.result
    labels: list[str] = []
    roles: list[str] = []
    index: dict[tuple[str, str], int] = {}

    def node(role: str, name: str) -> int:
        key = (role, name)
        if key not in index:
            index[key] = len(labels)
            labels.append(plot_text(name))
            roles.append(role)
        return index[key]

    links: dict[tuple[int, int], float] = {}
    lost_to = ("lost", "lost to attacks (expected)")

    def add(a: tuple[str, str], b: tuple[str, str], value: float) -> None:
        if value > _FLOW_TOL:
            key = (node(*a), node(*b))
            links[key] = links.get(key, 0.0) + value

    for route in sorted(r.shown_routes(), key=lambda p: (p.origin, -p.delivered_m3_per_day)):
        # Each stretch carries what reaches its end, and the fuel lost on it leaves from its
        # start: a loss in Mali branches off after the border post, which then shows what
        # crossed it, as the border table does (drawn from the port, the post showed the fuel
        # delivered, 1,792 m³/day against the table's 1,886 crossed). A route without the
        # volumes at its posts (built by hand) loses its fuel at the port.
        chain = [("port", route.origin), *(("border", b) for b in route.border_posts)]
        volumes = [route.loaded_m3_per_day, *route.crossed_m3_per_day]
        delivered = 0.0 if route.is_lost else max(route.delivered_m3_per_day, 0.0)
        if len(volumes) != len(chain):
            volumes = [route.loaded_m3_per_day, *[delivered] * (len(chain) - 1)]
        chain.append(("city", route.destination) if delivered > 0 else lost_to)
        volumes.append(delivered)
        for i in range(len(chain) - 1):
            add(chain[i], lost_to, volumes[i] - volumes[i + 1])
            add(chain[i], chain[i + 1], volumes[i + 1])
    colors = {"port": "#0072b2", "border": "#6a3d9a", "city": "#1a9850", "lost": "#c51b7d"}
    v = r.tanker_m3
    link_keys = list(links)
    # A node's value as plotly sizes it (the larger of what enters and what leaves it); hovered
    # as the tables print figures (fmt_number, a half to even): plotly's ",.0f" rounds it up.
    into, out = [0.0] * len(labels), [0.0] * len(labels)
    for (a, b), value in links.items():
        out[a] += value
        into[b] += value
    fig = go.Figure(
        go.Sankey(
            arrangement="snap",
            valueformat=",.0f",
            valuesuffix=" m³/day",
            node={
                "label": labels,
                "color": [colors[x] for x in roles],
                "pad": 14,
                "thickness": 16,
                "line": {"color": "white", "width": 0.5},
                "customdata": [fmt_number(max(i, o)) for i, o in zip(into, out, strict=True)],
                "hovertemplate": "%{label}<br>%{customdata} m³/day<extra></extra>",
            },
            link={
                "source": [a for a, _ in link_keys],
                "target": [b for _, b in link_keys],
                "value": [links[k] for k in link_keys],
                "customdata": [[fmt_number(links[k]), fmt_number(links[k] / v, 1)] for k in link_keys],
                "color": [
                    "rgba(197,27,125,0.35)" if roles[b] == "lost" else "rgba(0,114,178,0.25)"
                    for _, b in link_keys
                ],
                "hovertemplate": "%{source.label} → %{target.label}<br>%{customdata[0]} m³/day "
                "(%{customdata[1]} tankers/day)<extra></extra>",
            },
            meta={"kind": "sankey", "roles": roles, "scenario": r.scenario},
        )
    )
    fig.update_layout(
        **_base_layout(
            height=max(360, 26 * len(labels)), margin={"l": 10, "r": 10, "t": 10, "b": 10}
        )
    )
    return fig
