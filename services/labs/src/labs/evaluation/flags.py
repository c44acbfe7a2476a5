"""The bureau's follow-up report: late rectifications, missing re-tests, abnormal
nonconformity rates, late reports, tasks no lab could take, labs to inspect more often."""

from collections import defaultdict
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from labs.assessment.models import InspectionFinding, Retest
from labs.evaluation.schemas import FlagsPublic
from labs.evaluation.scores import labs_of_year
from labs.refdata import technical_parameters
from labs.rules.flags import MIN_PEER_LABS, leave_one_out_rate_test, needs_more_inspection
from labs.rules.inspection import is_rectification_late
from labs.rules.retest import count_batches
from labs.rules.tasks import Conclusion
from labs.sanctions.models import Violation
from labs.tasks.models import Task

RATE_TEST = (
    "exact two-sided binomial test of the lab's nonconforming count among its tested samples "
    "of one food category against the pooled rate of all other labs for that category and "
    "year, repeated with each single other lab left out (leave-one-out); abnormal when every "
    "comparison gives p < alpha (refdata/technical.json); judged from {min_tested} samples "
    "and {min_peers} other labs"
)


def _late_rectifications(session: Session, on: date, visible: set[str]) -> list[dict[str, Any]]:
    findings = session.exec(
        select(InspectionFinding).where(col(InspectionFinding.lab_id).in_(visible))
    ).all()
    return [
        {
            "lab_id": f.lab_id,
            "inspection_id": f.inspection_id,
            "finding_id": f.id,
            "due_on": f.due_on.isoformat(),
            "submitted_on": f.submitted_on.isoformat() if f.submitted_on else None,
            "state": f.state,
        }
        for f in findings
        if is_rectification_late(f.due_on, f.submitted_on, on)
    ]


def _missing_retests(session: Session, year: int, visible: set[str]) -> list[dict[str, Any]]:
    minimum = technical_parameters().retest_min_batches
    samples: dict[str, list[str]] = defaultdict(list)
    rows = session.exec(
        select(Retest.original_lab_id, Retest.sample_code).where(Retest.year == year)
    ).all()
    for original, sample_code in rows:
        samples[original].append(sample_code)
    counts = {lab_id: count_batches(codes) for lab_id, codes in samples.items()}
    return [
        {"lab_id": lab.id, "batches": counts.get(lab.id, 0), "required": minimum}
        for lab in labs_of_year(session, year)
        if lab.id in visible and counts.get(lab.id, 0) < minimum
    ]


def _tested_tasks(session: Session, year: int) -> list[Task]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return list(
        session.exec(
            select(Task).where(
                col(Task.tested_on).is_not(None),
                col(Task.tested_on) >= start,
                col(Task.tested_on) <= end,
            )
        ).all()
    )


def abnormal_rates(tasks: list[Task], visible: set[str]) -> list[dict[str, Any]]:
    params = technical_parameters()
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for task in tasks:
        tally = counts[(task.lab_id, task.food_category)]
        tally[0] += 1
        tally[1] += task.conclusion == Conclusion.NONCONFORMING.value
    flagged = []
    for (lab_id, category), (tested, bad) in sorted(counts.items()):
        if lab_id not in visible:
            continue
        peers = {
            other: (other_tested, other_bad)
            for (other, other_category), (other_tested, other_bad) in counts.items()
            if other_category == category and other != lab_id
        }
        result = leave_one_out_rate_test(
            (tested, bad),
            peers,
            alpha=params.abnormal_rate_alpha,
            min_tested=params.abnormal_rate_min_tested,
        )
        if result is not None and result.abnormal:
            flagged.append(
                {
                    "lab_id": lab_id,
                    "food_category": category,
                    "tested": tested,
                    "nonconforming": bad,
                    "rate": round(result.rate, 4),
                    "peer_rate": round(result.peer_rate, 4),
                    "p_value": result.p_value,
                    "direction": result.direction,
                }
            )
    return flagged


def _complaints(session: Session, year: int) -> dict[str, int]:
    """Art. 18 item 3 violations are complaints found true (被投诉举报并查实)."""
    counts: dict[str, int] = defaultdict(int)
    rows = session.exec(
        select(Violation.lab_id).where(
            Violation.article == 18,
            Violation.item == 3,
            col(Violation.decided_on) >= date(year, 1, 1),
            col(Violation.decided_on) <= date(year, 12, 31),
        )
    ).all()
    for lab_id in rows:
        counts[lab_id] += 1
    return counts


def flags_report(*, session: Session, year: int, on: date, visible: set[str]) -> FlagsPublic:
    tasks = _tested_tasks(session, year)
    abnormal = abnormal_rates(tasks, visible)
    late = [t for t in tasks if t.late_report and t.lab_id in visible]
    complaints = _complaints(session, year)
    abnormal_labs = {row["lab_id"] for row in abnormal}
    data_problems: dict[str, int] = defaultdict(int)
    for task in late:
        data_problems[task.lab_id] += 1
    more = []
    for lab in labs_of_year(session, year):
        if lab.id not in visible:
            continue
        reasons = {
            "data_problems": data_problems[lab.id],
            "abnormal_rate": lab.id in abnormal_labs,
            "complaints": complaints[lab.id],
        }
        if needs_more_inspection(
            data_problems=reasons["data_problems"],
            abnormal_rate=reasons["abnormal_rate"],
            complaints=reasons["complaints"],
        ):
            more.append({"lab_id": lab.id, **reasons})
    pending = session.exec(
        select(Task.id).where(Task.needs_reassignment == True, col(Task.lab_id).in_(visible))  # noqa: E712
    ).all()
    return FlagsPublic(
        year=year,
        on=on,
        rate_test=RATE_TEST.format(
            min_tested=technical_parameters().abnormal_rate_min_tested, min_peers=MIN_PEER_LABS
        ),
        late_rectifications=_late_rectifications(session, on, visible),
        missing_retests=_missing_retests(session, year, visible),
        abnormal_rates=abnormal,
        late_reports=[
            {
                "task_id": t.id,
                "lab_id": t.lab_id,
                "report_due_on": t.report_due_on.isoformat(),
                "reported_on": t.reported_on.isoformat() if t.reported_on else None,
            }
            for t in late
        ],
        tasks_awaiting_reassignment=sorted(pending),
        more_inspection=more,
    )
