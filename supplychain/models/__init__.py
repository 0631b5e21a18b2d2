"""Fuel routing LP: parameters, scenarios, model building, solving and results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supplychain._lazy import lazy_exports

if TYPE_CHECKING:
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

# Names are imported on first use (PEP 562), as in :mod:`supplychain.networks`: a command that
# needs only the fast solver (``stress n-1``) must not pay for PuLP's model builder or the
# result tables at start-up. ``from supplychain.models import build_model`` works as before.
_MODULE_OF: dict[str, str] = {
    "FastSolver": "supplychain.models.fast",
    "FastSolverSpec": "supplychain.models.fast",
    "FlowModel": "supplychain.models.lp",
    "Solution": "supplychain.models.lp",
    "build_model": "supplychain.models.lp",
    "solve": "supplychain.models.lp",
    "DEFAULT_MODEL_PARAMS_PATH": "supplychain.models.params",
    "ModelParameters": "supplychain.models.params",
    "PriorityBlock": "supplychain.models.params",
    "load_model_parameters": "supplychain.models.params",
    "Bottleneck": "supplychain.models.results",
    "CapacityLost": "supplychain.models.results",
    "FlowResult": "supplychain.models.results",
    "clear_baseline_cache": "supplychain.models.results",
    "run_scenario": "supplychain.models.results",
    "Effect": "supplychain.models.scenario",
    "Scenario": "supplychain.models.scenario",
    "load_scenario": "supplychain.models.scenario",
}


__getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF, globals(), __all__)
