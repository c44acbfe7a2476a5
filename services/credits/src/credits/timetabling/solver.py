"""Walking-class timetabling (附件3 四, "一人一课表") with OR-Tools CP-SAT. No I/O.

From the students' subject choices: form teaching classes (附件3 三(二)1, keeping students
of one combination together), give each class a teacher of its subject, and place every
class's weekly periods in the week's slots so that no student, teacher or room is in two
places at once, within 35 periods a week (附件1 一(二)).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from credits.rules.course_table import PERIODS_PER_WEEK
from credits.rules.selection import combination_key

# 附件3 四(一)4: two periods may run back to back; more of one class in a day is not planned.
MAX_PERIODS_PER_CLASS_PER_DAY = 2


@dataclass(frozen=True, slots=True)
class TimetableRequest:
    choices: Mapping[str, Sequence[str]]  # student id -> chosen subjects
    periods_per_week: Mapping[str, int]  # subject -> weekly periods of each teaching class
    teachers: Mapping[str, Sequence[str]]  # subject -> teachers
    rooms: Sequence[str]
    days: int = 5
    periods_per_day: int = 7
    class_size: int = 45
    time_limit_seconds: float = 10.0


@dataclass(slots=True)
class TeachingClass:
    code: str
    subject: str
    teacher: str
    students: list[str]
    slots: list[tuple[int, int, str]] = field(default_factory=list)  # (day, period, room)


@dataclass(slots=True)
class TimetableResult:
    feasible: bool
    status: str
    classes: list[TeachingClass]
    wall_seconds: float
    problems: list[str] = field(default_factory=list)


def request_problems(req: TimetableRequest) -> list[str]:
    """What makes a request impossible before any solving."""
    problems = []
    if req.days * req.periods_per_day > PERIODS_PER_WEEK:
        problems.append(f"a week has {PERIODS_PER_WEEK} periods (附件1 一(二))")
    subjects = {s for chosen in req.choices.values() for s in chosen}
    for subject in sorted(subjects):
        if req.periods_per_week.get(subject, 0) <= 0:
            problems.append(f"no weekly periods given for {subject}")
        if not req.teachers.get(subject):
            problems.append(f"no teacher given for {subject}")
        if req.periods_per_week.get(subject, 0) > req.days * MAX_PERIODS_PER_CLASS_PER_DAY:
            problems.append(f"{subject}: too many periods for {req.days} days")
    if not req.rooms:
        problems.append("no rooms given")
    return problems


def form_classes(req: TimetableRequest) -> list[TeachingClass]:
    """Split each subject's students into ceil(n / class_size) classes of even size,
    students of one combination side by side, teachers in turn."""
    by_subject: dict[str, list[str]] = defaultdict(list)
    ordered = sorted(req.choices, key=lambda s: (combination_key(req.choices[s]), s))
    for student in ordered:
        for subject in req.choices[student]:
            by_subject[subject].append(student)
    classes = []
    for subject in sorted(by_subject):
        students = by_subject[subject]
        count = math.ceil(len(students) / req.class_size)
        size = math.ceil(len(students) / count)
        teachers = list(req.teachers[subject])
        for k in range(count):
            classes.append(
                TeachingClass(
                    code=f"{subject}-{k + 1}",
                    subject=subject,
                    teacher=teachers[k % len(teachers)],
                    students=students[k * size : (k + 1) * size],
                )
            )
    return classes


def solve(req: TimetableRequest) -> TimetableResult:
    from ortools.sat.python import (
        cp_model,
    )  # imported here: the rest of the service runs without it

    problems = request_problems(req)
    if problems:
        return TimetableResult(False, "invalid", [], 0.0, problems)
    classes = form_classes(req)
    model = cp_model.CpModel()
    slots = [(d, p) for d in range(req.days) for p in range(req.periods_per_day)]
    x = {
        (c, t): model.new_bool_var(f"x_{c}_{t}")
        for c in range(len(classes))
        for t in range(len(slots))
    }
    for c, cls in enumerate(classes):
        model.add(sum(x[c, t] for t in range(len(slots))) == req.periods_per_week[cls.subject])
        for d in range(req.days):
            day = [x[c, t] for t, (dd, _) in enumerate(slots) if dd == d]
            model.add(sum(day) <= MAX_PERIODS_PER_CLASS_PER_DAY)
    groups: set[tuple[int, ...]] = set()  # class sets shared by students: no clash inside
    membership: dict[str, list[int]] = defaultdict(list)
    for c, cls in enumerate(classes):
        for student in cls.students:
            membership[student].append(c)
    groups = {tuple(sorted(cs)) for cs in membership.values() if len(cs) > 1}
    by_teacher: dict[str, list[int]] = defaultdict(list)
    for c, cls in enumerate(classes):
        by_teacher[cls.teacher].append(c)
    groups |= {tuple(cs) for cs in by_teacher.values() if len(cs) > 1}
    for t in range(len(slots)):
        for group in groups:
            model.add_at_most_one(x[c, t] for c in group)
        model.add(sum(x[c, t] for c in range(len(classes))) <= len(req.rooms))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = req.time_limit_seconds
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    name = solver.status_name(status)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        reason = (
            "no clash-free timetable exists for these classes, teachers and rooms"
            if status == cp_model.INFEASIBLE
            else "no timetable found within the time limit"
        )
        return TimetableResult(False, name, classes, solver.wall_time, [reason])
    for t, (day, period) in enumerate(slots):
        meeting = [c for c in range(len(classes)) if solver.value(x[c, t])]
        for room, c in zip(req.rooms, meeting, strict=False):
            classes[c].slots.append((day, period, room))
    return TimetableResult(True, name, classes, solver.wall_time)
