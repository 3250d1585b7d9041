import heapq
import math
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from servicetorg.staffing.erlang import agents_needed, average_wait, erlang_a, erlang_c, service_level

# The published worked example: 100 calls in 30 minutes, 180 s handling, 80 % answered within 20 s.
A = 100 / 1800 * 180


def test_the_worked_example_needs_14_agents():
    result = agents_needed(arrivals=100, interval_seconds=1800, aht_seconds=180, target_seconds=20,
                           service_level_target=0.8)
    assert result.agents == 14
    assert result.traffic == pytest.approx(10.0)
    assert result.service_level == pytest.approx(0.888, abs=0.0005)
    assert result.wait_probability == pytest.approx(0.174, abs=0.0005)
    assert result.average_wait == pytest.approx(7.8, abs=0.05)
    assert result.occupancy == pytest.approx(0.714, abs=0.0005)


def test_13_agents_fall_short_of_80_percent():
    assert service_level(traffic=A, agents=13, aht_seconds=180, target_seconds=20) == pytest.approx(0.796, abs=0.0005)


def test_too_few_agents_never_catch_up():
    assert erlang_c(traffic=A, agents=10) == 1.0
    assert service_level(traffic=A, agents=9, aht_seconds=180, target_seconds=20) == 0.0
    assert math.isinf(average_wait(traffic=A, agents=10, aht_seconds=180))


def test_no_arrivals_need_no_agents():
    assert agents_needed(arrivals=0, interval_seconds=1800, aht_seconds=180, target_seconds=20,
                         service_level_target=0.8).agents == 0


def test_a_target_outside_0_and_1_is_refused():
    with pytest.raises(ValueError):
        agents_needed(arrivals=5, interval_seconds=1800, aht_seconds=180, target_seconds=20, service_level_target=80)


@given(arrivals=st.floats(0.5, 400), aht=st.floats(10, 1800), target=st.floats(1, 600), level=st.floats(0.5, 0.99))
def test_the_answer_is_the_fewest_agents_that_reach_the_target(arrivals, aht, target, level):
    result = agents_needed(arrivals=arrivals, interval_seconds=1800, aht_seconds=aht, target_seconds=target,
                           service_level_target=level)
    assert result.service_level >= level
    assert result.agents > result.traffic
    fewer = service_level(traffic=result.traffic, agents=result.agents - 1, aht_seconds=aht, target_seconds=target)
    assert fewer < level


@given(traffic=st.floats(0.1, 100), extra=st.integers(1, 30))
def test_more_agents_never_make_waiting_more_likely(traffic, extra):
    agents = math.floor(traffic) + extra
    assert erlang_c(traffic=traffic, agents=agents + 1) <= erlang_c(traffic=traffic, agents=agents) + 1e-12


# Erlang A: callers hang up after an exponential patience.

def _simulate(*, arrivals, interval, aht, patience, agents, target, callers, seed):
    """First come, first served with hang-ups, one caller at a time: a caller starts when the first
    agent is free, or hangs up if that is later than their patience."""
    rng = random.Random(seed)
    free = [0.0] * agents
    now = answered_in_time = hung_up = 0
    for _ in range(callers):
        now += rng.expovariate(arrivals / interval)
        start = max(now, free[0])
        if start - now > rng.expovariate(1 / patience):
            hung_up += 1
            continue
        answered_in_time += start - now <= target
        heapq.heapreplace(free, start + rng.expovariate(1 / aht))
    return answered_in_time / callers, hung_up / callers


def test_erlang_a_with_endless_patience_is_erlang_c():
    result = erlang_a(arrivals=100, interval_seconds=1800, aht_seconds=180, patience_seconds=1e7, agents=14,
                      target_seconds=20)
    assert result.service_level == pytest.approx(0.888, abs=0.0005)
    assert result.wait_probability == pytest.approx(0.174, abs=0.0005)
    assert result.average_wait == pytest.approx(7.8, abs=0.05)
    assert result.abandonment < 1e-5


@pytest.mark.parametrize(("agents", "patience"), [(14, 120), (11, 60), (9, 180)])
def test_erlang_a_agrees_with_a_simulation(agents, patience):
    result = erlang_a(arrivals=100, interval_seconds=1800, aht_seconds=180, patience_seconds=patience,
                      agents=agents, target_seconds=20)
    level, hung_up = _simulate(arrivals=100, interval=1800, aht=180, patience=patience, agents=agents, target=20,
                               callers=200_000, seed=agents)
    assert result.service_level == pytest.approx(level, abs=0.01)
    assert result.abandonment == pytest.approx(hung_up, abs=0.005)


def test_hang_ups_need_fewer_agents_for_the_worked_example():
    c = agents_needed(arrivals=100, interval_seconds=1800, aht_seconds=180, target_seconds=20,
                      service_level_target=0.8)
    a = agents_needed(arrivals=100, interval_seconds=1800, aht_seconds=180, target_seconds=20,
                      service_level_target=0.8, patience_seconds=120)
    assert (c.agents, c.abandonment) == (14, 0.0)
    assert a.agents < c.agents
    assert a.service_level >= 0.8
    assert 0 < a.abandonment < 0.1


@given(arrivals=st.floats(1, 200), aht=st.floats(30, 900), patience=st.floats(1, 900), target=st.floats(5, 120),
       level=st.floats(0.5, 0.95))
def test_erlang_a_gives_the_fewest_agents_that_reach_the_target(arrivals, aht, patience, target, level):
    result = agents_needed(arrivals=arrivals, interval_seconds=1800, aht_seconds=aht, target_seconds=target,
                           service_level_target=level, patience_seconds=patience)
    assert result.service_level >= level
    if result.agents > 1:
        fewer = erlang_a(arrivals=arrivals, interval_seconds=1800, aht_seconds=aht, patience_seconds=patience,
                         agents=result.agents - 1, target_seconds=target)
        assert fewer.service_level < level
