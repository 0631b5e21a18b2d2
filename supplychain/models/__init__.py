"""Fuel routing LP: parameters, scenarios, model building, solving and results."""

from __future__ import annotations

from supplychain.models.fast import FastSolver, FastSolverSpec
from supplychain.models.lp import FlowModel, Solution, build_model, solve
from supplychain.models.params import (
    DEFAULT_MODEL_PARAMS_PATH,
    ModelParameters,
    PriorityBlock,
    load_model_parameters,
)
from supplychain.models.results import (
    Bottleneck,
    CapacityLost,
    FlowResult,
    clear_baseline_cache,
    run_scenario,
)
from supplychain.models.scenario import Effect, Scenario, load_scenario

__all__ = [
    "DEFAULT_MODEL_PARAMS_PATH",
    "Bottleneck",
    "CapacityLost",
    "Effect",
    "FastSolver",
    "FastSolverSpec",
    "FlowModel",
    "FlowResult",
    "ModelParameters",
    "PriorityBlock",
    "Scenario",
    "Solution",
    "build_model",
    "clear_baseline_cache",
    "load_model_parameters",
    "load_scenario",
    "run_scenario",
    "solve",
]
