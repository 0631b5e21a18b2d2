"""Fuel routing LP: parameters, scenarios, model building, solving and results."""

from __future__ import annotations

from typing import TYPE_CHECKING

from supplychain._lazy import lazy_exports

if TYPE_CHECKING:
    from supplychain.models.fast import FastSolver, FastSolverSpec
    from supplychain.models.lp import FlowModel, Solution, build_model, solve
    from supplychain.models.params import (
        DEFAULT_MODEL_PARAMS_PATH,
        FleetParameters,
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
    from supplychain.models.timeexp import TimelineModel, build_timeline_model
    from supplychain.models.timeexp_myopic import solve_myopic
    from supplychain.models.timeexp_price import exact_arcs, solve_priced
    from supplychain.models.timeexp_solve import solve_timeline
    from supplychain.models.timeline import (
        DatedEffects,
        StorageParameters,
        Timeline,
        load_storage_parameters,
    )
    from supplychain.models.timeline_result import TimelineResult, read_observed

__all__ = [
    "DEFAULT_MODEL_PARAMS_PATH",
    "Bottleneck",
    "CapacityLost",
    "DatedEffects",
    "Effect",
    "FastSolver",
    "FastSolverSpec",
    "FleetParameters",
    "FlowModel",
    "FlowResult",
    "ModelParameters",
    "PriorityBlock",
    "Scenario",
    "Solution",
    "StorageParameters",
    "Timeline",
    "TimelineModel",
    "TimelineResult",
    "build_model",
    "build_timeline_model",
    "clear_baseline_cache",
    "exact_arcs",
    "load_model_parameters",
    "load_scenario",
    "load_storage_parameters",
    "read_observed",
    "run_scenario",
    "solve",
    "solve_myopic",
    "solve_priced",
    "solve_timeline",
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
    "FleetParameters": "supplychain.models.params",
    "TimelineModel": "supplychain.models.timeexp",
    "build_timeline_model": "supplychain.models.timeexp",
    "exact_arcs": "supplychain.models.timeexp_price",
    "solve_priced": "supplychain.models.timeexp_price",
    "solve_timeline": "supplychain.models.timeexp_solve",
    "solve_myopic": "supplychain.models.timeexp_myopic",
    "DatedEffects": "supplychain.models.timeline",
    "StorageParameters": "supplychain.models.timeline",
    "Timeline": "supplychain.models.timeline",
    "load_storage_parameters": "supplychain.models.timeline",
    "TimelineResult": "supplychain.models.timeline_result",
    "read_observed": "supplychain.models.timeline_result",
}


__getattr__, __dir__ = lazy_exports(__name__, _MODULE_OF, globals(), __all__)
