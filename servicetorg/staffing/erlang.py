"""Erlang C in plain Python: how many agents a queue needs for a service level.

A = λ·AHT is the offered traffic in erlangs. With N > A agents the chance that
a caller has to wait is Erlang C:

    P(wait) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A))

computed here through the numerically stable Erlang B recursion
B(0)=1, B(k) = A·B(k−1)/(k + A·B(k−1)); C = N·B / (N − A·(1−B)). Then

    service level  = 1 − P(wait)·exp(−(N−A)·t/AHT)   (answered within t seconds)
    mean wait (ASA) = P(wait)·AHT/(N−A)
    occupancy       = A/N
"""

import math
from dataclasses import dataclass


def traffic(*, arrivals: float, interval_seconds: float, aht_seconds: float) -> float:
    """Offered load in erlangs: arrivals per interval times the mean handling time."""
    return arrivals / interval_seconds * aht_seconds


def erlang_c(*, traffic: float, agents: int) -> float:
    """Probability that an arrival has to wait (1 when the agents cannot keep up)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return 1.0
    b = 1.0
    for k in range(1, agents + 1):
        b = traffic * b / (k + traffic * b)
    return agents * b / (agents - traffic * (1 - b))


def service_level(*, traffic: float, agents: int, aht_seconds: float, target_seconds: float) -> float:
    """Share of arrivals answered within target_seconds."""
    if traffic <= 0:
        return 1.0
    if agents <= traffic:
        return 0.0
    wait = erlang_c(traffic=traffic, agents=agents)
    return 1 - wait * math.exp(-(agents - traffic) * target_seconds / aht_seconds)


def average_wait(*, traffic: float, agents: int, aht_seconds: float) -> float:
    """Mean time to answer in seconds (infinite when the agents cannot keep up)."""
    if traffic <= 0:
        return 0.0
    if agents <= traffic:
        return math.inf
    return erlang_c(traffic=traffic, agents=agents) * aht_seconds / (agents - traffic)


@dataclass(frozen=True)
class Staffing:
    agents: int
    traffic: float
    service_level: float
    wait_probability: float
    average_wait: float
    occupancy: float


def agents_needed(*, arrivals: float, interval_seconds: float, aht_seconds: float, target_seconds: float,
                  service_level_target: float, max_agents: int = 500) -> Staffing:
    """The fewest agents that reach the service level target, with the figures at that number."""
    if not 0 < service_level_target < 1:
        raise ValueError("the service level target is a share between 0 and 1")
    a = traffic(arrivals=arrivals, interval_seconds=interval_seconds, aht_seconds=aht_seconds) if aht_seconds else 0
    if a <= 0:
        return Staffing(0, 0.0, 1.0, 0.0, 0.0, 0.0)
    agents = math.floor(a) + 1
    while agents < max_agents and service_level(
        traffic=a, agents=agents, aht_seconds=aht_seconds, target_seconds=target_seconds
    ) < service_level_target:
        agents += 1
    return Staffing(
        agents=agents, traffic=a,
        service_level=service_level(traffic=a, agents=agents, aht_seconds=aht_seconds, target_seconds=target_seconds),
        wait_probability=erlang_c(traffic=a, agents=agents),
        average_wait=average_wait(traffic=a, agents=agents, aht_seconds=aht_seconds),
        occupancy=a / agents,
    )
