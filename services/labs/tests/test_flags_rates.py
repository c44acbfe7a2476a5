"""The abnormal-rate part of the flags report, on task rows built in memory (art. 13(3))."""

from datetime import date

from labs.evaluation.flags import abnormal_rates
from labs.tasks.models import Task


def task_row(lab_id: str, category: str, nonconforming: bool, n: int) -> Task:
    return Task(
        id=f"{lab_id}-{category}-{n}",
        lab_id=lab_id,
        jurisdiction_code="231000",
        food_category=category,
        test_items=["x"],
        state="tested",
        assigned_on=date(2022, 1, 1),
        report_due_on=date(2022, 2, 1),
        tested_on=date(2022, 1, 10),
        conclusion="nonconforming" if nonconforming else "conforming",
    )


def batch(lab_id: str, category: str, total: int, bad: int) -> list[Task]:
    return [task_row(lab_id, category, n < bad, n) for n in range(total)]


def test_lab_far_above_its_peers_in_one_category_is_flagged() -> None:
    tasks = (
        batch("a", "dairy", 20, 8) + batch("b", "dairy", 1000, 30) + batch("c", "dairy", 1000, 30)
    )
    flagged = abnormal_rates(tasks, {"a", "b", "c"})
    assert [(f["lab_id"], f["direction"]) for f in flagged] == [("a", "high")]


def test_categories_are_compared_separately() -> None:
    # a high rate in meat is normal when meat is high everywhere
    tasks = batch("a", "meat", 20, 6) + batch("b", "meat", 100, 30) + batch("b", "dairy", 50, 1)
    assert abnormal_rates(tasks, {"a", "b"}) == []


def test_labs_outside_the_callers_reach_are_not_reported() -> None:
    tasks = (
        batch("a", "dairy", 20, 8) + batch("b", "dairy", 1000, 30) + batch("c", "dairy", 1000, 30)
    )
    assert abnormal_rates(tasks, {"b", "c"}) == []


def test_one_extreme_lab_does_not_make_its_ordinary_peers_low_art13_3() -> None:
    """Leave-one-out: the ordinary labs' pool holds the outlier; without it they are normal."""
    tasks = (
        batch("a", "dairy", 200, 6)
        + batch("b", "dairy", 200, 6)
        + batch("c", "dairy", 200, 8)
        + batch("x", "dairy", 200, 160)  # the extreme lab
    )
    flagged = abnormal_rates(tasks, {"a", "b", "c", "x"})
    assert [(f["lab_id"], f["direction"]) for f in flagged] == [("x", "high")]


def test_a_lab_far_below_ordinary_peers_is_still_flagged_low_art17_4() -> None:
    tasks = (
        batch("a", "dairy", 300, 0) + batch("b", "dairy", 300, 30) + batch("c", "dairy", 300, 27)
    )
    flagged = abnormal_rates(tasks, {"a", "b", "c"})
    assert [(f["lab_id"], f["direction"]) for f in flagged] == [("a", "low")]


def test_with_one_peer_lab_nobody_is_judged_two_suffice() -> None:
    one_peer = batch("a", "dairy", 100, 40) + batch("b", "dairy", 1000, 30)
    assert abnormal_rates(one_peer, {"a", "b"}) == []  # below: who of the two is abnormal?
    two_peers = one_peer + batch("c", "dairy", 1000, 30)
    assert [f["lab_id"] for f in abnormal_rates(two_peers, {"a", "b", "c"})] == ["a"]  # at
    three_peers = two_peers + batch("d", "dairy", 1000, 30)
    assert [f["lab_id"] for f in abnormal_rates(three_peers, {"a", "b", "c", "d"})] == ["a"]
