"""The attributes a GIS layer's columns can be mapped to (``--map ATTR=COLUMN``), and the file
name endings read as GIS layers.

Apart from :mod:`supplychain.networks.gis` so that the command line can list them in its help
without importing the GIS stack (geopandas, pyogrio, pyproj: about a second of start-up).
"""

from __future__ import annotations

__all__ = ["GIS_ATTRIBUTES", "GIS_SUFFIXES"]

#: File name endings read as GIS layers (the network builder tells them from OSM files).
GIS_SUFFIXES: tuple[str, ...] = (".gpkg", ".geojson", ".json", ".shp")

#: Attributes a ``column_map`` can map to a column, with what the column must hold.
GIS_ATTRIBUTES: dict[str, str] = {
    "length_km": "segment length in km",
    "length_m": "segment length in metres (converted to km)",
    "highway": "road class (OSM highway value, e.g. trunk, primary)",
    "ref": "road number (e.g. N1)",
    "name": "road name",
    "surface": "OSM surface value (unpaved ones lower speed and capacity)",
    "lanes": "number of lanes, both directions",
    "maxspeed": "speed limit in km/h",
    "speed_kph": "tanker speed in km/h (replaces the class default)",
    "capacity_trucks_per_day": "tanker trucks per day (replaces the class default)",
    "oneway": "true/yes/1 for one-way roads in digitised direction, -1 for the reverse",
    "osmid": "integer id of the feature (default: the feature id of the file)",
    "exclude": "boolean; rows where it is true are dropped",
}
