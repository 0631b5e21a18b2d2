"""The benchmarks' switches in the environment (``SUPPLYCHAIN_TIMELINE_*``,
``SUPPLYCHAIN_PRICING_WARM``) are read by one function: the same words on and off for each,
and a value it does not know is warned about and left at the default (fuzz29:
``SUPPLYCHAIN_TIMELINE_CROSSOVER=maybe`` was ignored in silence)."""

from __future__ import annotations

import datetime
import logging

import pytest

from supplychain.models import _switches, timeexp, timeexp_mip, timeexp_price, timeexp_solve
from supplychain.models._examples import example_params, port_city
from supplychain.models.timeexp import build_timeline_model
from supplychain.models.timeline import Timeline

CALM = Timeline("calm", "", datetime.date(2026, 1, 1), 3)


@pytest.fixture(autouse=True)
def _fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_switches, "_WARNED", set())


@pytest.mark.parametrize(("value", "said"), [("1", True), ("ON", True), (" yes ", True), ("true", True),
                                             ("0", False), ("off", False), ("No", False), ("false", False),
                                             ("", None)])  # fmt: skip
def test_the_words_on_and_off(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture,
                              value: str, said: bool | None) -> None:  # fmt: skip
    monkeypatch.setenv("SUPPLYCHAIN_TEST_SWITCH", value)
    with caplog.at_level(logging.WARNING):
        assert _switches.env_switch("SUPPLYCHAIN_TEST_SWITCH") is said
    assert not caplog.records


def test_an_unknown_value_is_said_once_and_left_at_the_default(monkeypatch: pytest.MonkeyPatch,
                                                               caplog: pytest.LogCaptureFixture) -> None:  # fmt: skip
    monkeypatch.setenv("SUPPLYCHAIN_TEST_SWITCH", "maybe")
    with caplog.at_level(logging.WARNING):
        assert _switches.env_switch("SUPPLYCHAIN_TEST_SWITCH") is None
        assert _switches.env_switch("SUPPLYCHAIN_TEST_SWITCH") is None
    said = [r.getMessage() for r in caplog.records]
    assert said == ["SUPPLYCHAIN_TEST_SWITCH=maybe is neither on (1/on/true/yes) nor off (0/off/false/no); "
                    "left at its default"]  # fmt: skip


def _warned(caplog: pytest.LogCaptureFixture, name: str) -> bool:
    return any(r.getMessage().startswith(f"{name}=maybe is neither on") for r in caplog.records)


def test_every_switch_is_read_by_it(monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    names = (timeexp_solve.CROSSOVER_ENV, timeexp_solve.POLISH_ENV, timeexp.CLOCKS_ENV, timeexp_price.WARM_ENV,
             timeexp_mip.MIP_START_ENV)  # fmt: skip
    for name in names:
        monkeypatch.setenv(name, "maybe")
    with caplog.at_level(logging.WARNING):
        # Left at the defaults: no cost goal past 2,500 rows, warm pricing rounds without escorts.
        assert timeexp_solve.cost_goal_runs(10_000) is False
        assert timeexp_price._warm_rounds(CALM) is True
        model = build_timeline_model(port_city(), example_params(), CALM, integer_convoys=True)
        assert timeexp_solve.solve_timeline(model, lexicographic=False).status == "optimal"
    for name in names:
        assert _warned(caplog, name), name
    # On and off as before: the crossover's cost goal on any LP; warm rounds off.
    monkeypatch.setenv(timeexp_solve.CROSSOVER_ENV, "on")
    monkeypatch.setenv(timeexp_price.WARM_ENV, "off")
    assert timeexp_solve.cost_goal_runs(10_000) is True
    assert timeexp_price._warm_rounds(CALM) is False


def test_a_misspelt_variable_is_said(caplog: pytest.LogCaptureFixture) -> None:
    # SUPPLYCHAIN_MAX_TAG_LENGHT=1000 was ignored without a word: the limit stayed at 255 (fuzz31).
    # Another program's SUPPLYCHAIN_ variable, far from every name, is not named.
    from click.testing import CliRunner

    from supplychain.cli import main

    env = {"SUPPLYCHAIN_MAX_TAG_LENGHT": "1000", "supplychain_timeline_polish": "1", "SUPPLYCHAIN_HOME": "/x"}
    with caplog.at_level(logging.WARNING, logger="supplychain"):
        result = CliRunner().invoke(main, ["schema"], env=env)
    assert result.exit_code == 0, result.output
    said = [r.getMessage() for r in caplog.records]
    assert said == [
        "the environment variable SUPPLYCHAIN_MAX_TAG_LENGHT is not read (did you mean "
        "SUPPLYCHAIN_MAX_TAG_LENGTH?); rename it, or unset it",
        "the environment variable supplychain_timeline_polish is not read (did you mean "
        "SUPPLYCHAIN_TIMELINE_POLISH?); rename it, or unset it"], said


def test_the_list_of_variables_is_the_one_read() -> None:
    from supplychain.cli._common import _ENV_VARIABLES
    from supplychain.networks.limits import _ENV

    read = {*_ENV.values(), timeexp_solve.CROSSOVER_ENV, timeexp_solve.POLISH_ENV, timeexp.CLOCKS_ENV,
            timeexp_mip.MIP_START_ENV, timeexp_price.WARM_ENV}
    assert set(_ENV_VARIABLES) == read


def test_a_misspelt_variable_is_not_said_with_the_commands_q(caplog: pytest.LogCaptureFixture) -> None:
    # -q prints only errors: the warning was given by the group before the command's -q was
    # read (`supplychain network info -q` showed it; review31b).
    from click.testing import CliRunner

    from supplychain.cli import main

    env = {"SUPPLYCHAIN_MAX_TAG_LENGHT": "1000"}
    for args in (["schema", "-q"], ["-q", "schema"]):
        caplog.clear()
        result = CliRunner().invoke(main, args, env=env)
        assert result.exit_code == 0, result.output
        assert not [r.getMessage() for r in caplog.records if "LENGHT" in r.getMessage()], args
