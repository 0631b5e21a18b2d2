"""Scenario files: effects load, combine, and every bad entry is named with file and key."""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pytest

from supplychain.errors import ParameterError
from supplychain.models import Effect, Scenario, load_scenario

from .conftest import REPO

BLOCKADE = REPO / "models" / "scenario-blockade-2025.toml"


def test_example_scenario_loads_and_matches_embedded(embedded_network: nx.MultiDiGraph) -> None:
    sc = load_scenario(BLOCKADE)
    assert "illustrative" in sc.name
    assert sc.segments["RN1:Kayes-Sandaré"].closed
    assert sc.segments["RN7:Bougouni-Sikasso"] == Effect(False, 0.3, 0.05)
    sc.check_against(embedded_network)


def test_effects_combine() -> None:
    e = Effect(capacity_factor=0.5, loss_probability=0.1).combine(Effect(capacity_factor=0.5, loss_probability=0.1))
    assert e.capacity_factor == pytest.approx(0.25)
    assert e.loss_probability == pytest.approx(0.19)
    assert Effect(closed=True).effective_capacity_factor == 0.0


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"capacity_factor": 3.0}, "capacity_factor=3.0: give a share between 0 and 1"),
        ({"capacity_factor": -0.5}, "capacity_factor=-0.5"),
        ({"loss_probability": 2}, "loss_probability=2: give a share between 0 and 1"),
        ({"capacity_factor": "0.5"}, "capacity_factor='0.5'"),
        ({"loss_probability": float("nan")}, "loss_probability=nan"),
        ({"closed": "yes"}, "closed='yes': give True or False"),
    ],
)
def test_effect_built_in_code_is_checked(kwargs: dict, message: str) -> None:
    # capacity_factor=3 used to give a throughput above the baseline ("lost -83.7 %").
    with pytest.raises(ParameterError, match="Effect is not valid") as err:
        Effect(**kwargs)
    assert message in str(err.value)


def test_bad_scenario_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(
        'name = "x"\nmood = "grim"\n'
        '[[segment]]\nid = "RN1:A-B"\nclosed = "yes"\n'
        '[[segment]]\nid = "RN1:B-C"\ncapacity_factor = 1.5\n'
        '[[segment]]\nid = "RN1:C-D"\nloss_probability = -0.1\n'
        '[[node]]\ncapacity_factor = 0.5\n'
        '[[node]]\nname = "Gogui border"\n'
    )
    with pytest.raises(ParameterError) as err:
        load_scenario(path)
    msg = str(err.value)
    assert "'bad.toml' key 'mood': unknown key" in msg
    assert "'bad.toml' key 'segment[0].closed': 'yes' is not true or false" in msg
    assert "'segment[1].capacity_factor': 1.5 is above the maximum 1" in msg
    assert "'segment[2].loss_probability': -0.1 is below the minimum 0" in msg
    assert "'node[0].name': missing; expected a string" in msg
    assert "'node[1]': no effect" in msg


def test_unknown_ids_are_named(embedded_network: nx.MultiDiGraph) -> None:
    sc = Scenario("typo", segments={"RN1:Kayes-Diema": Effect(closed=True)},
                  nodes={"Atlantis": Effect(closed=True)})
    with pytest.raises(ParameterError) as err:
        sc.check_against(embedded_network)
    assert "segment 'RN1:Kayes-Diema' is not in the network" in str(err.value)
    assert "node 'Atlantis' is not a named node" in str(err.value)
