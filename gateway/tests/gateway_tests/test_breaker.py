"""Circuit breaker: closed -> open after N consecutive failures -> half-open probe -> closed."""

from __future__ import annotations

import pytest

from gateway.proxy.breaker import BreakerState, CircuitBreaker


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def _breaker(clock: Clock, threshold: int = 3, open_seconds: float = 10.0) -> CircuitBreaker:
    return CircuitBreaker(failure_threshold=threshold, open_seconds=open_seconds, clock=clock)


@pytest.mark.parametrize(
    ("failures", "state"),
    [(2, BreakerState.CLOSED), (3, BreakerState.OPEN), (4, BreakerState.OPEN)],
)
def test_opens_at_the_failure_threshold(failures: int, state: BreakerState) -> None:
    breaker = _breaker(Clock())
    for _ in range(failures):
        breaker.record_failure()
    assert breaker.state is state


def test_a_success_resets_the_failure_count() -> None:
    breaker = _breaker(Clock())
    breaker.record_failure()
    breaker.record_failure()
    breaker.record_success()
    breaker.record_failure()
    assert breaker.state is BreakerState.CLOSED


@pytest.mark.parametrize(("waited", "allowed"), [(9.99, False), (10.0, True), (10.01, True)])
def test_open_breaker_refuses_until_the_open_period_ends(waited: float, allowed: bool) -> None:
    clock = Clock()
    breaker = _breaker(clock)
    for _ in range(3):
        breaker.record_failure()
    clock.now = waited
    assert breaker.allow() is allowed


def test_half_open_lets_one_probe_through_and_closes_on_success() -> None:
    clock = Clock()
    changes: list[BreakerState] = []
    breaker = CircuitBreaker(
        failure_threshold=1, open_seconds=5, clock=clock, on_change=changes.append
    )
    breaker.record_failure()
    clock.now = 5
    assert breaker.allow()  # the probe
    assert breaker.state is BreakerState.HALF_OPEN
    assert not breaker.allow()  # only one at a time
    breaker.record_success()
    assert breaker.state is BreakerState.CLOSED and breaker.allow()
    assert changes == [BreakerState.OPEN, BreakerState.HALF_OPEN, BreakerState.CLOSED]


def test_failed_probe_opens_again_for_a_full_period() -> None:
    clock = Clock()
    breaker = _breaker(clock, threshold=5)
    for _ in range(5):
        breaker.record_failure()
    clock.now = 10
    assert breaker.allow()
    breaker.record_failure()
    assert breaker.state is BreakerState.OPEN
    clock.now = 19.9
    assert not breaker.allow()
    assert breaker.retry_after() == pytest.approx(0.1)


def test_released_probe_frees_the_half_open_slot() -> None:
    clock = Clock()
    breaker = _breaker(clock, threshold=1)
    breaker.record_failure()
    clock.now = 10
    assert breaker.allow()
    breaker.release_probe()
    assert breaker.allow()
