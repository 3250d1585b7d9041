"""Erlang C in plain Python: how many agents a queue needs for a service level.

A = λ·AHT is the offered traffic in erlangs. With N > A agents the chance that
a caller has to wait is Erlang C:

    P(wait) = (A^N/N! · N/(N−A)) / (Σ_{k<N} A^k/k! + A^N/N! · N/(N−A))

computed here through the numerically stable Erlang B recursion
B(0)=1, B(k) = A·B(k−1)/(k + A·B(k−1)); C = N·B / (N − A·(1−B)). Then

    service level  = 1 − P(wait)·exp(−(N−A)·t/AHT)   (answered within t seconds)
    mean wait (ASA) = P(wait)·AHT/(N−A)
    occupancy       = A/N

Erlang A (M/M/N+M) adds callers who hang up: each waits at most an exponential
patience with mean 1/θ. The number in the system is a birth–death chain with
birth rate λ and death rate μ·min(k, N) + θ·max(k − N, 0); its stationary law
π gives P(wait) = Σ_{k≥N} π_k, the queue E[Q] = Σ_{k>N} (k − N)·π_k, the share
who hang up θ·E[Q]/λ and the mean wait E[Q]/λ (Little). A caller who finds j
waiting ahead is answered if j + 1 advances (rate Nμ + iθ with i still ahead)
come before their own hang-up (rate θ): with probability Π_{i≤j} (Nμ+iθ)/(Nμ+(i+1)θ),
after a time that is the sum of exponentials with rates Nμ + (i+1)θ, whose
distribution is computed by uniformization. Service level = answered within t,
as a share of all callers (those who hang up count as not answered).
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
class ErlangA:
    service_level: float
    wait_probability: float
    abandonment: float
    average_wait: float  # seconds, over all callers (those who hang up included)


def erlang_a(*, arrivals: float, interval_seconds: float, aht_seconds: float, patience_seconds: float, agents: int,
             target_seconds: float) -> ErlangA:
    """Erlang A figures for `agents` agents when callers hang up after a mean `patience_seconds`."""
    lam, mu, theta = arrivals / interval_seconds, 1 / aht_seconds, 1 / patience_seconds
    if lam <= 0:
        return ErlangA(1.0, 0.0, 0.0, 0.0)
    if agents <= 0:
        return ErlangA(0.0, 1.0, 1.0, patience_seconds)
    # log π_k (not normalised), k = 0 … until the tail no longer counts.
    logs = [0.0]
    for k in range(1, agents + 1):
        logs.append(logs[-1] + math.log(lam / (k * mu)))
    top = max(logs)
    j = 0
    while True:
        j += 1
        logs.append(logs[-1] + math.log(lam / (agents * mu + j * theta)))
        top = max(top, logs[-1])
        if (logs[-1] < top - 40 and logs[-1] < logs[-2]) or j > 200_000:
            break
    weights = [math.exp(v - top) for v in logs]
    total = sum(weights)
    pi = [w / total for w in weights]
    queue = pi[agents:]  # queue[j]: j callers waiting ahead of one arriving now
    wait = sum(queue)
    expected_queue = sum(i * p for i, p in enumerate(queue))
    abandonment = theta * expected_queue / lam
    answered_within = sum(pi[:agents]) + _answered_in_time(queue, agents * mu, theta, target_seconds)
    return ErlangA(min(1.0, answered_within), wait, abandonment, expected_queue / lam)


def _answered_in_time(queue: list[float], service_rate: float, theta: float, t: float) -> float:
    """Σ_j queue[j] · P(a caller with j ahead is answered within t)."""
    # Stage i = i callers still ahead. Leaving stage i takes Exp(service_rate + (i+1)θ); it is an advance
    # with probability (service_rate + iθ)/(service_rate + (i+1)θ), else the caller hung up.
    rates = [service_rate + (i + 1) * theta for i in range(len(queue))]
    mass, reach = [], 1.0
    for i, p in enumerate(queue):
        reach *= (service_rate + i * theta) / rates[i]
        mass.append(p * reach)  # callers with i ahead who will be answered, by when is counted below
    # Uniformization of the pure-advance chain: P(sum of the stage times ≤ t).
    big = rates[-1]
    x = big * t
    stay = [1 - r / big for r in rates]
    move = [r / big for r in rates]
    answered = done = 0.0
    n = 0
    cumulative = 0.0
    while True:
        log_p = -x + (n * math.log(x) if x > 0 else 0.0) - math.lgamma(n + 1)
        weight = math.exp(log_p) if x > 0 else (1.0 if n == 0 else 0.0)
        answered += weight * done
        cumulative += weight
        if (n > x and 1 - cumulative < 1e-12) or n > x + 60 * math.sqrt(x + 1) + 200:
            break
        if sum(mass) < 1e-13:  # everyone who will be answered is: the later steps add `done` each
            answered += done * max(0.0, 1 - cumulative)
            break
        moved = [m * mv for m, mv in zip(mass, move, strict=True)]
        done += moved[0]
        moved.append(0.0)
        mass = [m * st + down for m, st, down in zip(mass, stay, moved[1:], strict=True)]
        n += 1
    return answered


@dataclass(frozen=True)
class Staffing:
    agents: int
    traffic: float
    service_level: float
    wait_probability: float
    average_wait: float
    occupancy: float
    abandonment: float = 0.0  # share of callers who hang up (Erlang A only)


def agents_needed(*, arrivals: float, interval_seconds: float, aht_seconds: float, target_seconds: float,
                  service_level_target: float, max_agents: int = 500,
                  patience_seconds: float | None = None) -> Staffing:
    """The fewest agents that reach the service level target, with the figures at that number:
    by Erlang C, or by Erlang A when callers hang up after a mean `patience_seconds`."""
    if not 0 < service_level_target < 1:
        raise ValueError("the service level target is a share between 0 and 1")
    a = traffic(arrivals=arrivals, interval_seconds=interval_seconds, aht_seconds=aht_seconds) if aht_seconds else 0
    if a <= 0:
        return Staffing(0, 0.0, 1.0, 0.0, 0.0, 0.0)
    if patience_seconds:
        return _agents_needed_a(arrivals, interval_seconds, aht_seconds, target_seconds, service_level_target,
                                max_agents, patience_seconds, a)
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


def _agents_needed_a(arrivals, interval_seconds, aht_seconds, target_seconds, level, max_agents, patience, a):
    def figures(n: int) -> ErlangA:
        return erlang_a(arrivals=arrivals, interval_seconds=interval_seconds, aht_seconds=aht_seconds,
                        patience_seconds=patience, agents=n, target_seconds=target_seconds)

    # Hang-ups shorten the queue, so Erlang C's answer is usually enough: start there, go up while it is
    # not (callers with very little patience hang up before the target time), then down while it still is.
    agents = agents_needed(arrivals=arrivals, interval_seconds=interval_seconds, aht_seconds=aht_seconds,
                           target_seconds=target_seconds, service_level_target=level, max_agents=max_agents).agents
    best = figures(agents)
    while best.service_level < level and agents < max_agents:
        agents += 1
        best = figures(agents)
    while agents > 1:
        fewer = figures(agents - 1)
        if fewer.service_level < level:
            break
        agents, best = agents - 1, fewer
    return Staffing(agents=agents, traffic=a, service_level=best.service_level, wait_probability=best.wait_probability,
                    average_wait=best.average_wait, occupancy=min(1.0, a * (1 - best.abandonment) / agents),
                    abandonment=best.abandonment)
