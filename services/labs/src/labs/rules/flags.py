"""Flags that raise the inspection frequency (art. 13 item 3) and other follow-ups.

Abnormal nonconformity rate: for one lab and one food category, an exact two-sided binomial
test of the lab's nonconforming count k out of n tested samples against the pooled rate of
its peers (all other labs, same category and year). The rate is abnormal when p < alpha,
in either direction: too high, or too low (missing risks that peers find, art. 17 item 4).

Leave-one-out: the lab is left out of its own comparison pool, and the flag must hold with
any single peer lab left out too, so one extreme lab in the pool cannot make its ordinary
peers look abnormal (it is flagged itself instead). Judging therefore needs two peer labs.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from scipy.stats import binomtest

DEFAULT_ALPHA = Decimal("0.01")
DEFAULT_MIN_TESTED = 10


@dataclass(frozen=True)
class RateTest:
    tested: int
    nonconforming: int
    peer_tested: int
    peer_nonconforming: int
    rate: float
    peer_rate: float
    p_value: float
    abnormal: bool
    direction: str  # "high", "low" or "normal"


def is_abnormal(p_value: float, alpha: Decimal = DEFAULT_ALPHA) -> bool:
    return p_value < float(alpha)


def rate_test(
    *,
    tested: int,
    nonconforming: int,
    peer_tested: int,
    peer_nonconforming: int,
    alpha: Decimal = DEFAULT_ALPHA,
    min_tested: int = DEFAULT_MIN_TESTED,
) -> RateTest | None:
    """None when there are too few samples (lab below min_tested, or no peers) to judge."""
    if tested < min_tested or peer_tested == 0:
        return None
    peer_rate = peer_nonconforming / peer_tested
    p_value = float(binomtest(nonconforming, tested, peer_rate, alternative="two-sided").pvalue)
    rate = nonconforming / tested
    abnormal = is_abnormal(p_value, alpha)
    direction = "normal"
    if abnormal:
        direction = "high" if rate > peer_rate else "low"
    return RateTest(
        tested=tested,
        nonconforming=nonconforming,
        peer_tested=peer_tested,
        peer_nonconforming=peer_nonconforming,
        rate=rate,
        peer_rate=peer_rate,
        p_value=p_value,
        abnormal=abnormal,
        direction=direction,
    )


MIN_PEER_LABS = 2

Counts = tuple[int, int]  # (tested, nonconforming)


def leave_one_out_rate_test(
    lab: Counts,
    peers: Mapping[str, Counts],
    *,
    alpha: Decimal = DEFAULT_ALPHA,
    min_tested: int = DEFAULT_MIN_TESTED,
) -> RateTest | None:
    """The lab against its peers (itself excluded), and again with each single peer left out;
    abnormal only if every one of these comparisons says so. The result reported is the least
    significant comparison (highest p). None when it cannot be judged."""
    if len(peers) < MIN_PEER_LABS:
        return None
    tested, nonconforming = lab
    pools = [dict(peers)] + [
        {other: counts for other, counts in peers.items() if other != left_out}
        for left_out in peers
    ]
    results = []
    for pool in pools:
        result = rate_test(
            tested=tested,
            nonconforming=nonconforming,
            peer_tested=sum(t for t, _ in pool.values()),
            peer_nonconforming=sum(b for _, b in pool.values()),
            alpha=alpha,
            min_tested=min_tested,
        )
        if result is None:
            return None
        results.append(result)
    weakest = max(results, key=lambda r: r.p_value)
    if all(r.abnormal for r in results) and len({r.direction for r in results}) == 1:
        return weakest
    return RateTest(**{**weakest.__dict__, "abnormal": False, "direction": "normal"})


def needs_more_inspection(*, data_problems: int, abnormal_rate: bool, complaints: int) -> bool:
    """Art. 13(3): many data problems, an abnormal nonconformity rate, or complaints."""
    return data_problems > 0 or abnormal_rate or complaints > 0
