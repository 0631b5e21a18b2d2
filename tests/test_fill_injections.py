"""Stock injections taken up to the tank's room (timeline_result.fill_injections): the one
implementation read_result and the warm Monte Carlo rows share."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from supplychain.models.timeline_result import fill_injections


def test_an_earlier_injection_takes_the_room_a_later_one_took() -> None:
    # A tank of 15 m3; the plan takes nothing of the 8 m3 on day 0 (5 m3 in stock at the end
    # of day 0) and 18 of the 30 m3 on day 1 (full at the end of day 1): the day-0 injection
    # takes its 8 m3, the day-1 one gives up 8 (the tank is full on day 1 either way).
    level, taken = fill_injections(np.array([0.0, 5.0, 15.0, 10.0]), {0: 0.0, 1: 18.0}, {0: 8.0, 1: 30.0}, 15.0)
    assert level.tolist() == [0.0, 13.0, 15.0, 10.0]
    assert taken == {0: 8.0, 1: 10.0}


def test_without_a_tank_limit_every_injection_is_taken_whole() -> None:
    level, taken = fill_injections(np.array([0.0, 1.0, 1.0, 1.0]), {0: 0.0, 2: 1.0}, {0: 2.0, 2: 4.0}, None)
    assert level.tolist() == [0.0, 3.0, 3.0, 6.0]
    assert taken == {0: 2.0, 2: 4.0}


@st.composite
def plans(draw: st.DrawFn) -> tuple[np.ndarray, dict[int, float], dict[int, float], float]:
    """A city's stocks (within the tank) over 1-8 days and 1-3 injections, each partly taken."""
    days = draw(st.integers(1, 8))
    cap = draw(st.sampled_from([5.0, 7.3, 10.0]))
    level = np.array([0.0] + [draw(st.floats(0.0, cap)) for _ in range(days)])
    when = draw(st.sets(st.integers(0, days - 1), min_size=1, max_size=3))
    volumes = {t: draw(st.sampled_from([1.0, 2.5, 3.0, 8.0])) for t in when}
    taken = {t: draw(st.floats(0.0, volumes[t])) for t in when}
    return level, taken, volumes, cap


@settings(max_examples=300, deadline=None)
@given(plans())
def test_the_fill_only_adds_stays_in_the_tank_and_a_second_fill_takes_nothing(
    plan: tuple[np.ndarray, dict[int, float], dict[int, float], float],
) -> None:
    level, taken, volumes, cap = plan
    before, before_taken = level.copy(), dict(taken)
    new, new_taken = fill_injections(level, taken, volumes, cap)
    assert np.array_equal(level, before) and taken == before_taken  # the inputs are left alone
    assert (new >= level - 1e-12).all()  # a stock never falls
    assert (new <= np.maximum(cap, level) + 1e-9).all()  # nor overflows the tank
    assert all(-1e-12 <= new_taken[t] <= volumes[t] + 1e-12 for t in volumes)
    assert sum(new_taken.values()) >= sum(taken.values()) - 1e-12
    # Each injection's extra m3 sit in the stock from the end of its day on.
    expected = level.copy()
    for t in volumes:
        expected[t + 1:] += new_taken[t] - taken[t]
    np.testing.assert_allclose(new, expected, atol=1e-9)
    # What read_result has filled once (a base or a cold draw the warm rows read) stays.
    again, again_taken = fill_injections(new, new_taken, volumes, cap)
    np.testing.assert_allclose(again, new, atol=1e-9)
    assert all(abs(again_taken[t] - new_taken[t]) <= 1e-9 for t in volumes)
