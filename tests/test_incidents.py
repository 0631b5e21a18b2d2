"""Incidents: ACLED/UCDP reading and detection, buffering and decay by hand, malformed files."""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyproj import Geod

from supplychain.errors import DataFileError, ParameterError
from supplychain.scenarios.incidents import (
    Incident,
    combine_probabilities,
    decay_weight,
    detect_format,
    filter_incidents,
    incident_threat,
    read_incidents,
)

from .conftest import REPO

GEOD = Geod(ellps="WGS84")
SYNTHETIC = REPO / "models" / "incidents-synthetic.csv"
REF = date(2025, 10, 31)


def line_graph() -> nx.MultiDiGraph:
    """One segment along 12 N from -8.0 to -7.0 (about 109 km, south of Bamako's latitude)."""
    g = nx.MultiDiGraph()
    g.add_node(1, x=-8.0, y=12.0, name="West", role="junction")
    g.add_node(2, x=-7.0, y=12.0, name="East", role="junction")
    for u, v in ((1, 2), (2, 1)):
        g.add_edge(u, v, segment_id="RN9:West-East", ref="RN9", length_km=109.0, corridors=[])
    return g


def north_of_middle(km: float) -> tuple[float, float]:
    """(lat, lon) of the point ``km`` due north of the segment's middle."""
    lon, lat, _ = GEOD.fwd(-7.5, 12.0, 0.0, km * 1000.0)
    return lat, lon


def incident(km: float, age_days: int, ident: str = "x", kind: str = "Battles") -> Incident:
    lat, lon = north_of_middle(km)
    return Incident(ident, REF - timedelta(days=age_days), kind, lat, lon)


def write_csv(path: Path, header: list[str], rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


ACLED_HEADER = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "location",
                "latitude", "longitude", "fatalities", "notes"]  # fmt: skip
UCDP_HEADER = ["id", "date_start", "date_end", "type_of_violence", "where_coordinates",
               "latitude", "longitude", "best"]  # fmt: skip


# ---- the threat model, computed by hand ------------------------------------------------------


def test_incident_5_km_30_days_old_weighs_half() -> None:
    threat = incident_threat(line_graph(), [incident(5.0, 30, "A")], reference_date=REF)
    [c] = threat.contributions["RN9:West-East"]
    assert c.distance_km == pytest.approx(5.0, abs=0.02)
    assert c.age_days == 30
    assert c.weight == pytest.approx(0.5)
    assert c.probability == pytest.approx(0.05 * 0.5)
    assert threat.probability["RN9:West-East"] == pytest.approx(0.025)
    [line] = threat.explanations["RN9:West-East"]
    assert line == "incident A 2025-10-01 Battles: 5.0 km away, 30 days old, weight 0.500, p 0.0250"


def test_an_old_incident_prints_a_weight_below_the_last_decimal() -> None:
    """339 days old (half-life 30): weight 4e-4 and p 2e-5 printed "weight 0.000, p 0.0000"
    beside incidents that count, as if it weighed nothing."""
    threat = incident_threat(line_graph(), [incident(5.0, 339, "A")], reference_date=REF)
    [line] = threat.explanations["RN9:West-East"]
    assert line.endswith("339 days old, weight <0.001, p <0.0001")


def test_incident_15_km_away_is_outside_a_10_km_buffer() -> None:
    g = line_graph()
    assert incident_threat(g, [incident(15.0, 0)], reference_date=REF).probability == {}
    wide = incident_threat(g, [incident(15.0, 0)], reference_date=REF, buffer_km=20)
    assert wide.probability["RN9:West-East"] == pytest.approx(0.05)


def test_swapped_latitude_and_longitude_are_said(caplog: pytest.LogCaptureFixture) -> None:
    # Incidents with the two columns swapped gave an empty threat with an INFO line only.
    lat, lon = north_of_middle(1.0)
    swapped = [Incident("s1", REF, "Battles", lon, lat, location="Ségou road"), Incident("s2", REF, "Battles", lon, lat)]
    with caplog.at_level("WARNING", logger="supplychain.scenarios.incidents"):
        assert incident_threat(line_graph(), swapped, reference_date=REF).probability == {}
    assert ("2 of the 2 incidents come within 10 km of a road only with their latitude and longitude "
            f"swapped (s1, 'Ségou road': latitude {lon}, longitude {lat}), against 0 as given") in caplog.text


def test_a_few_more_incidents_near_a_road_swapped_is_not_a_swapped_file(caplog: pytest.LogCaptureFixture) -> None:
    # Where latitude and longitude are alike (a road along lat = lon, as in northern Nigeria)
    # an incident's mirror image comes near a road about as often as the incident: one more
    # read swapped warned that the file's columns looked swapped, with two of three right.
    g = nx.MultiDiGraph()
    for n, (x, y) in enumerate([(8.0, 8.0), (12.0, 12.0), (5.8, 10.2), (6.2, 10.2)], start=1):
        g.add_node(n, x=x, y=y, name=f"n{n}", role="junction")
    for u, v, sid in ((1, 2, "A:diagonal"), (3, 4, "B:east-west")):
        g.add_edge(u, v, segment_id=sid, ref=sid[0], length_km=50.0, corridors=[])
        g.add_edge(v, u, segment_id=sid, ref=sid[0], length_km=50.0, corridors=[])
    incs = [Incident("a1", REF, "Battles", 9.0, 9.01), Incident("a2", REF, "Battles", 11.0, 10.99),
            Incident("b1", REF, "Battles", 6.0, 10.2)]  # b1 only swapped comes near road B
    with caplog.at_level("WARNING", logger="supplychain.scenarios.incidents"):
        threat = incident_threat(g, incs, reference_date=REF)
    assert set(threat.probability) == {"A:diagonal"} and caplog.text == ""


def test_incidents_off_every_road_are_said_only_when_none_is_near(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level("WARNING", logger="supplychain.scenarios.incidents"):
        incident_threat(line_graph(), [incident(1.0, 0, "near"), incident(300.0, 0, "far")], reference_date=REF)
        assert caplog.text == ""  # a real export has many incidents far from the roads
        incident_threat(line_graph(), [incident(300.0, 0, "far")], reference_date=REF)
    assert "None of the 1 incidents comes within 10 km of a road of the network (far at latitude" in caplog.text


def test_incidents_near_the_roads_that_add_no_threat_are_said(caplog: pytest.LogCaptureFixture) -> None:
    # fuzz33: a half-life of 1e-300 days (every weight 0) or base_probability 0 gave every
    # segment 0 without a word: `threat` listed nothing and `stress monte-carlo` asked for "an
    # [incidents] table" the file had.
    near = [incident(1.0, 12, "a"), incident(2.0, 40, "b")]
    with caplog.at_level("WARNING", logger="supplychain.scenarios.incidents"):
        incident_threat(line_graph(), near, reference_date=REF)
        assert caplog.text == ""
        incident_threat(line_graph(), near, reference_date=REF, half_life_days=1e-300)
    assert ("The incidents within 10 km of a road of the network add no threat: their weights decay to 0 "
            "with half_life_days = 1e-300 (the youngest is 12 days old)") in caplog.text  # fmt: skip
    caplog.clear()
    with caplog.at_level("WARNING", logger="supplychain.scenarios.incidents"):
        threat = incident_threat(line_graph(), near, reference_date=REF, base_probability=0.0)
    assert threat.probability == {"RN9:West-East": 0.0}
    assert "add no threat: base_probability = 0; give base_probability above 0" in caplog.text


def test_incidents_combine_as_independent_chances() -> None:
    incs = [incident(1.0, 0, "a"), incident(2.0, 30, "b"), incident(3.0, 60, "c")]
    threat = incident_threat(line_graph(), incs, base_probability=0.2, half_life_days=30)
    assert threat.reference_date == REF  # default: the latest incident
    expected = 1 - (1 - 0.2) * (1 - 0.1) * (1 - 0.05)
    assert threat.probability["RN9:West-East"] == pytest.approx(expected)
    assert [c.incident.id for c in threat.contributions["RN9:West-East"]] == ["a", "b", "c"]


def test_incidents_after_the_reference_date_are_ignored() -> None:
    late = Incident("late", REF + timedelta(days=1), "Battles", *north_of_middle(1.0))
    threat = incident_threat(line_graph(), [incident(1.0, 10), late], reference_date=REF)
    assert [c.incident.id for c in threat.contributions["RN9:West-East"]] == ["x"]
    assert threat.incidents_used == 1


def test_model_parameters_are_checked() -> None:
    g = line_graph()
    with pytest.raises(ParameterError, match="buffer_km -1 must be a number >= 0"):
        incident_threat(g, [], buffer_km=-1)
    with pytest.raises(ParameterError, match="half_life_days 0 must be a number > 0"):
        incident_threat(g, [], half_life_days=0)
    with pytest.raises(ParameterError, match=r"base_probability 1.5 must be within 0\.\.1"):
        incident_threat(g, [], base_probability=1.5)
    with pytest.raises(ParameterError, match="reference date 'soon' is not a date"):
        incident_threat(g, [], reference_date="soon")
    assert incident_threat(g, []).reference_date is None


@settings(max_examples=50, deadline=None)
@given(a=st.floats(0, 3650), b=st.floats(0, 3650), h=st.floats(0.5, 365))
def test_decay_is_monotone_in_age(a: float, b: float, h: float) -> None:
    young, old = sorted((a, b))
    assert 0.0 <= decay_weight(old, half_life_days=h) <= decay_weight(young, half_life_days=h) <= 1.0
    assert decay_weight(young + h, half_life_days=h) == pytest.approx(decay_weight(young, half_life_days=h) / 2)


@settings(max_examples=50, deadline=None)
@given(ps=st.lists(st.floats(0, 1), max_size=20))
def test_combined_probability_is_a_probability(ps: list[float]) -> None:
    p = combine_probabilities(ps)
    assert 0.0 <= p <= 1.0
    assert p >= max(ps, default=0.0) - 1e-12


@settings(max_examples=20, deadline=None)
@given(
    spots=st.lists(st.tuples(st.floats(0, 30), st.integers(0, 400)), min_size=1, max_size=8),
    base=st.floats(0, 1),
)
def test_threat_is_a_probability_and_grows_with_incidents(
    spots: list[tuple[float, int]], base: float
) -> None:
    g = line_graph()
    incs = [incident(km, age, f"i{n}") for n, (km, age) in enumerate(spots)]
    fewer = incident_threat(g, incs[:-1], reference_date=REF, base_probability=base)
    more = incident_threat(g, incs, reference_date=REF, base_probability=base)
    for p in more.probability.values():
        assert 0.0 <= p <= 1.0
    for sid, p in fewer.probability.items():
        assert more.probability[sid] >= p - 1e-12


# ---- reading ------------------------------------------------------------------------------


def test_detects_acled_and_reads_both_date_styles(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "acled.csv", ACLED_HEADER, [
        ["MLI1", "2025-09-14", "Battles", "Armed clash", "Kayes", 14.45, -11.44, 3, ""],
        ["MLI2", "14 September 2025", "Violence against civilians", "Attack", "", 14.5, -9.2, "", ""],
    ])  # fmt: skip
    a, b = read_incidents(path)
    assert (a.id, a.date, a.event_type, a.sub_event_type, a.fatalities, a.location, a.row) == (
        "MLI1", date(2025, 9, 14), "Battles", "Armed clash", 3, "Kayes", 1,
    )  # fmt: skip
    assert (b.date, b.fatalities, b.lat, b.lon) == (date(2025, 9, 14), None, 14.5, -9.2)


def test_an_export_resaved_by_a_spreadsheet_in_french_is_read(tmp_path: Path) -> None:
    # A spreadsheet in French writes semicolons between fields and a decimal comma, whatever its
    # save dialog says: such an export was refused with "save the file with commas" (fuzz36).
    text = (REPO / "models" / "incidents-synthetic.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    french = tmp_path / "fr.csv"
    with french.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(
            [rows[0]] + [[c.replace(".", ",") if k in (8, 9) else c for k, c in enumerate(r)] for r in rows[1:]])
    assert "14,470" in french.read_text(encoding="utf-8-sig")
    assert read_incidents(french) == read_incidents(REPO / "models" / "incidents-synthetic.csv")


def test_a_spreadsheets_separator_line_is_named_as_written(tmp_path: Path) -> None:
    # Excel writes "sep=;" above the header when asked: read with commas, the French file was
    # "cannot be read as CSV (Error tokenizing data. C error: Expected 1 fields in line 3, saw
    # 4); put a value holding a comma in double quotes" (csv36). It is named as the observed-
    # arrivals reader names it, "sep=," too (listed as the columns found before).
    text = SYNTHETIC.read_text(encoding="utf-8")
    rows = list(csv.reader(text.splitlines()))
    french = tmp_path / "fr.csv"
    with french.open("w", encoding="utf-8-sig", newline="") as fh:
        fh.write("sep=;\r\n")
        csv.writer(fh, delimiter=";", lineterminator="\r\n").writerows(
            [rows[0]] + [[c.replace(".", ",") if k in (8, 9) else c for k, c in enumerate(r)] for r in rows[1:]])
    english = tmp_path / "en.csv"
    english.write_text("SEP=,\n" + text, encoding="utf-8")
    for path, line in ((french, "sep=;"), (english, "SEP=,")):
        with pytest.raises(DataFileError) as err:
            read_incidents(path)
        assert str(err.value) == (f"Incident file '{path}' line 1: '{line}' is a spreadsheet's separator line, "
                                  "not the header; delete it (the header of the ACLED or UCDP GED export comes first)")
    french.write_text(french.read_text(encoding="utf-8-sig").split("\n", 1)[1], encoding="utf-8")
    assert read_incidents(french) == read_incidents(SYNTHETIC)


def test_blank_lines_above_the_header_are_read_past(tmp_path: Path) -> None:
    # pandas reads past blank lines above the header, as the observed-arrivals reader does; the
    # separator and the column named twice were looked for on the first line, blank (csv36): a
    # file of semicolons was "neither an ACLED nor a UCDP GED export ... save the file with
    # commas", and latitude given twice went unsaid (its second column ignored).
    path = tmp_path / "inc.csv"
    path.write_text("\r\n  \r\nevent_id_cnty;event_date;event_type;latitude;longitude\r\n"
                    "X1;2025-09-03;Battles;14,4;-11,4\r\n", encoding="utf-8-sig")
    assert [(i.id, i.lat, i.lon) for i in read_incidents(path)] == [("X1", 14.4, -11.4)]
    path.write_text("\nevent_id_cnty,event_date,event_type,latitude,longitude,latitude\n"
                    "X1,2025-09-03,Battles,14.4,-11.4,99\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"names the column\(s\) 'latitude' more than once"):
        read_incidents(path)
    path.write_text("\nsep=;\nevent_id_cnty;event_date;event_type;latitude;longitude\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"line 2: 'sep=;' is a spreadsheet's separator line"):
        read_incidents(path)


def test_rows_of_empty_cells_are_read_past(tmp_path: Path) -> None:
    # A spreadsheet saves its formatted rows under the table as ",,,," (";;;;" in French): the
    # observed-arrivals reader reads past them; the incident reader said "row 2 column
    # 'event_date': '' is not a date" (csv36). A bad row after one keeps its number.
    head = "event_id_cnty,event_date,event_type,latitude,longitude\n"
    path = tmp_path / "inc.csv"
    path.write_text(head + "X1,2025-09-03,Battles,14.4,-11.4\n,,,,\n , ,, ,\nX2,2025-09-04,Battles,14.5,-11.5\n,,,,\n",
                    encoding="utf-8")
    assert [(i.id, i.row) for i in read_incidents(path)] == [("X1", 1), ("X2", 4)]
    french = tmp_path / "fr.csv"
    french.write_text(path.read_text(encoding="utf-8").replace(",", ";").replace("14.", "14,").replace("11.", "11,"),
                      encoding="utf-8")
    assert read_incidents(french) == read_incidents(path)
    path.write_text(head + ",,,,\nX1,soon,Battles,14.4,-11.4\n", encoding="utf-8")
    with pytest.raises(DataFileError) as err:
        read_incidents(path)
    assert err.value.problems == ["'inc.csv' row 2 column 'event_date': 'soon' is not a date; expected YYYY-MM-DD "
                                  "(or '14 September 2025')"]


def test_utf16_text_is_named(tmp_path: Path) -> None:
    # A spreadsheet's "Unicode text" was "not a readable UTF-8 CSV ('utf-8' codec can't decode
    # byte 0xff in position 0: ...)": named, as the observed-arrivals reader names it (csv36).
    path = tmp_path / "inc.csv"
    text = SYNTHETIC.read_text(encoding="utf-8")
    for encoded in (b"\xff\xfe" + text.encode("utf-16-le"), b"\xfe\xff" + text.encode("utf-16-be")):
        path.write_bytes(encoded)
        with pytest.raises(DataFileError) as err:
            read_incidents(path)
        assert str(err.value) == (f"Incident file '{path}' is UTF-16 text (a spreadsheet's 'Unicode text'?); "
                                  "save it as CSV UTF-8 (comma-separated).")


def test_slashed_dates_take_their_order_from_the_file(tmp_path: Path) -> None:
    """Every slashed date was read day first: a US export's 09/03/2025 (3 September) was
    9 March, unsaid (fuzz30). The file's dates say which comes first (one above 12); when
    none says, the ambiguous ones are named."""
    rows = [["MLI1", "09/03/2025", "Battles", "Armed clash", "Kayes", 14.45, -11.44, 3, ""],
            ["MLI2", "09/14/2025", "Battles", "Armed clash", "Kayes", 14.45, -11.44, 3, ""]]  # fmt: skip
    us = read_incidents(write_csv(tmp_path / "us.csv", ACLED_HEADER, rows))
    assert [i.date for i in us] == [date(2025, 9, 3), date(2025, 9, 14)]
    rows[1][1] = "14/09/2025"
    europe = read_incidents(write_csv(tmp_path / "eu.csv", ACLED_HEADER, rows))
    assert [i.date for i in europe] == [date(2025, 3, 9), date(2025, 9, 14)]
    with pytest.raises(DataFileError, match=r"row 1 column 'event_date': '09/03/2025' is 9 March or 3 "
                       r"September 2025 \(no date of the file says whether the day or the month comes "
                       r"first\); write it as YYYY-MM-DD"):  # fmt: skip
        read_incidents(write_csv(tmp_path / "one.csv", ACLED_HEADER, rows[:1]))


def test_detects_ucdp_and_names_violence_types(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ged.csv", UCDP_HEADER, [
        [501, "2025-01-05 00:00:00.000", "2025-01-05", 1, "Diéma town", 14.54, -9.19, 4],
        [502, "2025-02-01", "2025-02-01", 3, "", 11.42, -7.48, 0],
    ])  # fmt: skip
    a, b = read_incidents(path)
    assert (a.id, a.date, a.event_type, a.fatalities, a.location) == (
        "501", date(2025, 1, 5), "state-based conflict", 4, "Diéma town",
    )  # fmt: skip
    assert b.event_type == "one-sided violence"
    assert [i.id for i in read_incidents(path, event_types=["3"])] == ["502"]
    assert [i.id for i in read_incidents(path, format="ucdp", end="2025-01-31")] == ["501"]


def test_detect_format_names_missing_columns() -> None:
    assert detect_format(["EVENT_DATE", "event_type", "Latitude", "longitude"]) == "acled"
    with pytest.raises(DataFileError) as err:
        detect_format(["event_date", "event_type", "lat", "lon"], path="x.csv")
    msg = str(err.value)
    assert "'x.csv' is neither an ACLED nor a UCDP GED export" in msg
    assert "looks most like ACLED but lacks column(s) latitude, longitude" in msg
    assert "UCDP GED needs date_start, latitude, longitude, type_of_violence" in msg


def test_malformed_rows_are_named(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", ACLED_HEADER, [
        ["ok", "2025-09-14", "Battles", "", "", 14.45, -11.44, 0, ""],
        ["d", "yesterday", "Battles", "", "", 14.45, -11.44, 0, ""],
        ["c", "2025-09-14", "Battles", "", "", "north", -11.44, 0, ""],
        ["r", "2025-09-14", "Battles", "", "", 14.45, -200, 0, ""],
        ["t", "2025-09-14", "", "", "", 14.45, -11.44, 0, ""],
    ])  # fmt: skip
    with pytest.raises(DataFileError) as err:
        read_incidents(path)
    msg = str(err.value)
    assert "has 4 bad value(s) (rows count from 1 after the header); fix or delete" in msg
    assert "'bad.csv' row 2 column 'event_date': 'yesterday' is not a date; expected YYYY-MM-DD" in msg
    assert "'bad.csv' row 3 column 'latitude': 'north' is not a number" in msg
    assert "'bad.csv' row 4 column 'longitude': -200 is outside -180..180" in msg
    assert "'bad.csv' row 5 column 'event_type': empty" in msg


def test_bad_ucdp_violence_type(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "ged.csv", UCDP_HEADER, [[1, "2025-01-05", "", 7, "", 14.5, -9.2, 0]])
    with pytest.raises(DataFileError, match=r"row 1 column 'type_of_violence': '7'; expected 1, 2 or 3"):
        read_incidents(path)


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(DataFileError, match=r"'.*none.csv' does not exist"):
        read_incidents(tmp_path / "none.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(DataFileError, match=r"is empty; export events from ACLED or UCDP GED"):
        read_incidents(empty)
    other = write_csv(tmp_path / "other.csv", ["when", "where"], [["today", "here"]])
    with pytest.raises(DataFileError, match=r"neither an ACLED nor a UCDP GED export"):
        read_incidents(other)
    with pytest.raises(DataFileError, match=r"lacks the UCDP column\(s\) date_start"):
        read_incidents(SYNTHETIC, format="ucdp")
    with pytest.raises(ParameterError, match=r"Incident format 'gdelt' is unknown"):
        read_incidents(SYNTHETIC, format="gdelt")  # type: ignore[arg-type]


def test_filter_by_dates_and_types() -> None:
    a = Incident("a", date(2025, 1, 5), "Battles", 14.0, -9.0, "Armed clash")
    b = Incident("b", date(2025, 3, 5), "Protests", 14.0, -9.0, "Peaceful protest")
    c = Incident("c", date(2025, 6, 5), "Strategic developments", 14.0, -9.0,
                 "Looting/property destruction")  # fmt: skip
    assert [i.id for i in filter_incidents([a, b, c], start=date(2025, 3, 5))] == ["b", "c"]
    assert [i.id for i in filter_incidents([a, b, c], end="2025-03-05")] == ["a", "b"]
    assert [i.id for i in filter_incidents([a, b, c], event_types=["BATTLES"])] == ["a"]
    got = filter_incidents([a, b, c], event_types=["looting/property destruction"])
    assert [i.id for i in got] == ["c"]
    with pytest.raises(ParameterError, match="start date 2025-06-01 is after end date 2025-01-01"):
        filter_incidents([a], start="2025-06-01", end="2025-01-01")


# ---- the example file -----------------------------------------------------------------------


def test_synthetic_example_is_labelled_and_acled() -> None:
    with SYNTHETIC.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert 10 <= len(rows) <= 30
    assert all("SYNTHETIC" in r["notes"] for r in rows)
    incs = read_incidents(SYNTHETIC)
    assert len(incs) == len(rows)
    assert all(date(2025, 1, 1) <= i.date <= date(2026, 12, 31) for i in incs)
    places = {r["location"] for r in rows}
    for town in ("Kayes", "Diéma", "Nioro du Sahel", "Bougouni", "Sikasso", "Kati"):
        assert any(town in p for p in places), town


def test_synthetic_incidents_on_the_embedded_network(embedded_network: nx.MultiDiGraph) -> None:
    incs = read_incidents(SYNTHETIC, event_types=["Battles", "Violence against civilians"])
    threat = incident_threat(embedded_network, incs)
    assert threat.reference_date == max(i.date for i in incs)
    assert "RN7:Bougouni-Sikasso" in threat.probability
    assert all(0 < p <= 1 for p in threat.probability.values())
    # The off-road incident north of Diéma (about 40 km from any road) touches nothing.
    assert not any(
        c.incident.id == "SYN0021" for cs in threat.contributions.values() for c in cs
    )


def test_event_type_matching_no_incident_is_warned(caplog: pytest.LogCaptureFixture) -> None:
    # event_types = ["Battle"] (for "Battles") kept 0 of the file's 22 incidents, said only at
    # INFO: the threat then had no incident risk at all, silently.
    with caplog.at_level("WARNING", logger="supplychain.scenarios.incidents"):
        kept = read_incidents(SYNTHETIC, event_types=["Battle", "Protests"])
    assert [i.event_type for i in kept] == ["Protests"]
    warned = [r.getMessage() for r in caplog.records]
    assert warned == ["event_types 'Battle' matches no incident of incidents-synthetic.csv; did you "
                      "mean 'Battles'?"]
