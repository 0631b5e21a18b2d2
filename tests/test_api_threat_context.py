"""A threat file's Monte Carlo from Python gives the command's figures.

Found by the Python API audit (api37): the library had no call building a sweep's context
from a resolved threat file; given the attack probabilities alone (as ``monte_carlo``'s
docstring reads), a context attacks each segment on its own, not a rule's segments together,
and its draws were not ``supplychain stress monte-carlo --scenario THREAT``'s.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from supplychain.errors import ArgumentTypeError
from supplychain.models import load_model_parameters
from supplychain.models.params import DEFAULT_MODEL_PARAMS_PATH
from supplychain.scenarios import SweepContext, load_threat, monte_carlo

from .conftest import invoke_quiet

THREAT = DEFAULT_MODEL_PARAMS_PATH.parent / "threat-blockade-2025.toml"


def test_from_threat_draws_what_the_command_draws(embedded_network: nx.MultiDiGraph, tmp_path: Path) -> None:
    invoke_quiet("stress", "monte-carlo", "--scenario", str(THREAT), "--draws", "40", "--seed", "3",
                 "--out", str(tmp_path / "mc.parquet"))  # fmt: skip
    threat = load_threat(THREAT).resolve(embedded_network)
    params = load_model_parameters()
    ours = monte_carlo(SweepContext.from_threat(embedded_network, params, threat, seed=3), draws=40, progress=False)
    pd.testing.assert_frame_equal(ours.table.reset_index(drop=True),
                                  pd.read_parquet(tmp_path / "mc.parquet").reset_index(drop=True))  # fmt: skip
    with pytest.raises(ArgumentTypeError, match=r"^threat is a Scenario; give load_threat\(path\)\.resolve\(graph\)$"):
        SweepContext.from_threat(embedded_network, params, threat.scenario)  # type: ignore[arg-type]
