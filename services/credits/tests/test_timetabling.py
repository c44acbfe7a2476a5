"""附件3 四: the walking-class timetable has no clashes for students, teachers or rooms."""

import random
from collections import Counter, defaultdict

import pytest

from credits.timetabling.solver import (
    MAX_PERIODS_PER_CLASS_PER_DAY,
    TimetableRequest,
    form_classes,
    solve,
)

SUBJECTS = ["WL", "LS", "HX", "SW", "ZZ", "DL"]
COMBOS = [
    ["WL", "HX", "SW"],
    ["WL", "HX", "DL"],
    ["LS", "ZZ", "DL"],
    ["WL", "SW", "DL"],
    ["LS", "ZZ", "HX"],
    ["WL", "HX", "ZZ"],
]


def request(students: int, rooms: int, periods: int = 4, seed: int = 3, **kw) -> TimetableRequest:
    rng = random.Random(seed)
    return TimetableRequest(
        choices={f"s{i:03d}": rng.choice(COMBOS) for i in range(students)},
        periods_per_week=dict.fromkeys(SUBJECTS, periods),
        teachers={s: [f"{s}-a", f"{s}-b"] for s in SUBJECTS},
        rooms=[f"R{i}" for i in range(rooms)],
        **kw,
    )


@pytest.fixture(autouse=True)
def cp_sat(request: pytest.FixtureRequest) -> None:
    if request.node.name.startswith("test_each_student_sits"):
        return  # class formation needs no solver
    pytest.importorskip("ortools", reason="OR-Tools (ortools) is not installed in this venv")


def test_timetable_has_no_clashes_within_35_periods_annex3_4() -> None:
    req = request(students=240, rooms=10)
    result = solve(req)
    assert result.feasible, result.problems
    student_slots: dict[str, Counter] = defaultdict(Counter)
    teacher_slots: dict[str, Counter] = defaultdict(Counter)
    room_slots: Counter = Counter()
    for cls in result.classes:
        assert len(cls.slots) == req.periods_per_week[cls.subject]
        per_day = Counter(day for day, _, _ in cls.slots)
        assert max(per_day.values()) <= MAX_PERIODS_PER_CLASS_PER_DAY
        for day, period, room in cls.slots:
            assert 0 <= day < 5 and 0 <= period < 7
            teacher_slots[cls.teacher][day, period] += 1
            room_slots[day, period, room] += 1
            for student in cls.students:
                student_slots[student][day, period] += 1
    assert all(n == 1 for c in student_slots.values() for n in c.values())
    assert all(n == 1 for c in teacher_slots.values() for n in c.values())
    assert all(n == 1 for n in room_slots.values())
    assert {s for cls in result.classes for s in cls.students} == set(req.choices)


def test_each_student_sits_in_one_class_per_chosen_subject() -> None:
    req = request(students=100, rooms=8, class_size=30)
    classes = form_classes(req)
    for student, chosen in req.choices.items():
        mine = [c.subject for c in classes if student in c.students]
        assert sorted(mine) == sorted(chosen)
    assert all(len(c.students) <= 30 for c in classes)


def test_too_few_rooms_is_infeasible() -> None:
    result = solve(request(students=240, rooms=1, periods=4))
    assert not result.feasible
    assert result.status == "INFEASIBLE"


@pytest.mark.parametrize(("days", "per_day", "ok"), [(5, 7, True), (6, 6, False)])
def test_week_is_at_most_35_periods_annex1_1_2(days: int, per_day: int, ok: bool) -> None:
    result = solve(request(students=20, rooms=6, days=days, periods_per_day=per_day))
    assert result.feasible is ok
    if not ok:
        assert result.status == "invalid"
