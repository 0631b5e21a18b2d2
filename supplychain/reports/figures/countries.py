"""Country names on the map: English names by ISO3 id and where to put the labels."""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from typing import Any

import plotly.graph_objects as go

from supplychain.reports.markup import plot_text

__all__ = ["COUNTRY_NAMES"]

logger = logging.getLogger(__name__)

#: English names of the countries the maps can show (ISO3 ids of Natural Earth).
COUNTRY_NAMES: dict[str, str] = {
    "AGO": "Angola",
    "BDI": "Burundi",
    "BEN": "Benin",
    "BFA": "Burkina Faso",
    "BWA": "Botswana",
    "CAF": "Central African Rep.",
    "CIV": "Côte d'Ivoire",
    "CMR": "Cameroon",
    "COD": "DR Congo",
    "COG": "Congo",
    "COM": "Comoros",
    "CPV": "Cabo Verde",
    "DJI": "Djibouti",
    "DZA": "Algeria",
    "EGY": "Egypt",
    "ERI": "Eritrea",
    "ESH": "W. Sahara",
    "ETH": "Ethiopia",
    "GAB": "Gabon",
    "GHA": "Ghana",
    "GIN": "Guinea",
    "GMB": "Gambia",
    "GNB": "Guinea-Bissau",
    "GNQ": "Eq. Guinea",
    "KEN": "Kenya",
    "LBR": "Liberia",
    "LBY": "Libya",
    "LSO": "Lesotho",
    "MAR": "Morocco",
    "MDG": "Madagascar",
    "MLI": "Mali",
    "MOZ": "Mozambique",
    "MRT": "Mauritania",
    "MWI": "Malawi",
    "NAM": "Namibia",
    "NER": "Niger",
    "NGA": "Nigeria",
    "RWA": "Rwanda",
    "SDN": "Sudan",
    "SEN": "Senegal",
    "SLE": "Sierra Leone",
    "SOM": "Somalia",
    "SSD": "South Sudan",
    "STP": "São Tomé and Príncipe",
    "SWZ": "Eswatini",
    "TCD": "Chad",
    "TGO": "Togo",
    "TUN": "Tunisia",
    "TZA": "Tanzania",
    "UGA": "Uganda",
    "ZAF": "South Africa",
    "ZMB": "Zambia",
    "ZWE": "Zimbabwe",
}

# Label anchors for small or oddly shaped countries whose topojson centroid is off-screen or
# inside a neighbour.
_LABEL_AT: dict[str, tuple[float, float]] = {
    "GMB": (-15.4, 13.55),
    "GNB": (-15.0, 12.0),
    "MRT": (-11.0, 18.2),
}


def _country_labels(
    topojson: Mapping[str, Any], lon_range: Sequence[float], lat_range: Sequence[float]
) -> go.Scattergeo:
    lons, lats, names = [], [], []
    geoms = topojson.get("objects", {}).get("countries", {}).get("geometries", [])
    for g in geoms:
        iso = g.get("id")
        if iso not in COUNTRY_NAMES:
            continue
        ct = _LABEL_AT.get(iso) or tuple((g.get("properties") or {}).get("ct") or ())
        if len(ct) != 2:
            continue
        x, y = float(ct[0]), float(ct[1])
        if (
            lon_range[0] + 0.5 <= x <= lon_range[1] - 0.5
            and lat_range[0] + 0.3 <= y <= lat_range[1] - 0.3
        ):
            lons.append(x)
            lats.append(y)
            names.append(plot_text(COUNTRY_NAMES[iso]).upper())
    return go.Scattergeo(
        lon=lons,
        lat=lats,
        mode="text",
        text=names,
        hoverinfo="skip",
        showlegend=False,
        textfont={"size": 12, "color": "rgba(80,80,80,0.75)"},
        name="countries",
        meta={"kind": "country-labels"},
    )


def _mercator(lat_deg: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat_deg) / 2))
