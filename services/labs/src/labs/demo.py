"""Synthetic demo data for `make run`: four contracted labs of the city bureau, a year (2022)
of daily scores, re-tests, a proficiency round and inspections, its published evaluation, and
some open tasks. The gazette names no labs: names and credit codes are made up (the codes carry
valid GB 32100 check characters). Every record goes through the same use cases as the API."""

from datetime import date
from decimal import Decimal

from sqlmodel import Session, select

from labs.assessment.schemas import DailyScoreCreate, FindingIn, InspectionCreate, RetestCreate
from labs.assessment.service import record_daily_score, record_inspection, record_retest
from labs.common import today as beijing_today
from labs.evaluation.schemas import PublishIn
from labs.evaluation.service import publish
from labs.proficiency.schemas import AnalyteIn, EvaluateIn, ResultIn, ResultsCreate, RoundCreate
from labs.proficiency.service import create_round, evaluate_round, submit_results
from labs.registry.models import Lab
from labs.registry.schemas import LabCreate, ScopeItemIn
from labs.registry.service import create_lab
from labs.rules.inspection import Severity
from labs.rules.proficiency import AssignedValueSource
from labs.rules.scoring import DailyItem, PeriodKind
from labs.rules.tasks import Conclusion, TaskAction
from labs.rules.uscc import check_character
from labs.tasks.schemas import TaskCreate, TestedIn
from labs.tasks.service import advance_task, create_task
from suitekit.identity import Caller

DEMO = Caller(
    client_id="seed-demo",
    scopes=frozenset({"labs:read", "labs:write", "labs:assess"}),
    jurisdiction=("*",),
)
SCOPE = {
    "dairy": ["aflatoxin_m1", "melamine", "lead"],
    "meat": ["clenbuterol", "ractopamine", "lead"],
    "vegetables": ["chlorpyrifos", "omethoate", "cadmium"],
    "grain": ["aflatoxin_b1", "deoxynivalenol", "cadmium"],
}
LABS = [
    ("牡丹江市食品药品检验检测中心（示例）", ["dairy", "meat", "vegetables", "grain"], "92"),
    ("黑龙江某检测技术有限公司（示例）", ["dairy", "meat", "vegetables"], "86"),
    ("牡丹江某农产品质量检测站（示例）", ["vegetables", "grain"], "78"),
    ("某第三方食品检测实验室（示例）", ["meat", "grain"], "71"),
]
PT_VALUES = ["0.512", "0.498", "0.505", "0.641"]  # melamine, mg/kg; the last lab is off


def _uscc(index: int) -> str:
    first_17 = f"1223100040000{index:03d}X"[:17]
    return first_17 + check_character(first_17)


def _labs(session: Session) -> list[Lab]:
    labs = []
    for index, (name, categories, _) in enumerate(LABS):
        scope = [ScopeItemIn(food_category=c, test_item=t) for c in categories for t in SCOPE[c]]
        data = LabCreate(
            name=name,
            uscc=_uscc(index),
            contract_start=date(2022, 1, 1),
            contract_end=date(2027, 12, 31),
            contract_fee=Decimal("360000.00") + Decimal(40000 * index),
            capacity=40,
            scope=scope,
        )
        labs.append(create_lab(session=session, data=data, caller=DEMO))
    return labs


def _daily_scores(session: Session, labs: list[Lab]) -> None:
    for lab, (_, _, level) in zip(labs, LABS, strict=True):
        for quarter in range(1, 5):
            score = Decimal(level) + Decimal(quarter - 2)
            data = DailyScoreCreate(
                year=2022,
                period_kind=PeriodKind.QUARTER,
                period_index=quarter,
                items=dict.fromkeys(DailyItem, score),
                evidence=f"2022年第{quarter}季度日常动态质量考核表",
            )
            record_daily_score(session=session, lab_id=lab.id, data=data, caller=DEMO)


def _retests(session: Session, labs: list[Lab]) -> None:
    """Three retained batches of each lab re-tested by the next lab (art. 13(1))."""
    for index, original in enumerate(labs):
        retester = labs[0] if index else labs[1]
        category = next(
            c for c in SCOPE if c in LABS[index][1] and c in LABS[labs.index(retester)][1]
        )
        item = SCOPE[category][0]
        for batch in range(3):
            drift = Decimal("0.02") * batch * (index + 1)
            data = RetestCreate(
                original_lab_id=original.id,
                retest_lab_id=retester.id,
                sample_code=f"MDJ-2022-{index}{batch:02d}",
                food_category=category,
                test_item=item,
                method="GB 5009 series (demo)",
                retest_method="GB 5009 series (demo)",
                reproducibility_limit=Decimal("0.10"),
                original_value=Decimal("1.00"),
                original_conclusion=Conclusion.CONFORMING,
                retest_value=Decimal("1.00") + drift,
                retest_conclusion=Conclusion.CONFORMING,
                tested_on=date(2022, 10, 10 + batch),
            )
            record_retest(session=session, data=data, caller=DEMO)


def _proficiency(session: Session, labs: list[Lab]) -> None:
    pt_round = create_round(
        session=session,
        data=RoundCreate(
            year=2022,
            name="2022年乳制品及肉制品能力验证（示例）",
            food_category="dairy",
            source=AssignedValueSource.ALGORITHM_A,
            analytes=[AnalyteIn(name="melamine", unit="mg/kg")],
        ),
        caller=DEMO,
    )
    for lab, value in zip(labs, PT_VALUES, strict=True):
        results = ResultsCreate(
            lab_id=lab.id, results=[ResultIn(analyte="melamine", value=Decimal(value))]
        )
        submit_results(session=session, round_id=pt_round.id, data=results, caller=DEMO)
    evaluate_round(
        session=session, round_id=pt_round.id, data=EvaluateIn(on=date(2022, 11, 30)), caller=DEMO
    )


def _inspections(session: Session, labs: list[Lab]) -> None:
    for index, lab in enumerate(labs):
        findings = (
            [FindingIn(description="样品流转记录不完整", severity=Severity.MINOR)]
            if index % 2
            else []
        )
        data = InspectionCreate(
            inspected_on=date(2022, 9, 15),
            score=Decimal(95 - 5 * index),
            summary="2022年度现场检查",
            findings=findings,
        )
        record_inspection(session=session, lab_id=lab.id, data=data, caller=DEMO)


def _tasks(session: Session, labs: list[Lab]) -> None:
    today = beijing_today()
    for index, lab in enumerate(labs):
        category = LABS[index][1][0]
        task = create_task(
            session=session,
            data=TaskCreate(
                lab_id=lab.id,
                food_category=category,
                test_items=SCOPE[category][:2],
                assigned_on=today,
                report_due_on=date.fromordinal(today.toordinal() + 30),
            ),
            caller=DEMO,
        )
        if index % 2:
            advance_task(
                session=session,
                task_id=task.id,
                action=TaskAction.SAMPLED,
                data=None,
                on=today,
                caller=DEMO,
            )
        if index == 3:
            advance_task(
                session=session,
                task_id=task.id,
                action=TaskAction.TESTED,
                data=TestedIn(on=today, conclusion=Conclusion.NONCONFORMING),
                on=today,
                caller=DEMO,
            )


def seed_demo(session: Session) -> None:
    if session.exec(select(Lab).limit(1)).first() is not None:
        return
    labs = _labs(session)
    _daily_scores(session, labs)
    _retests(session, labs)
    _proficiency(session, labs)
    _inspections(session, labs)
    publish(session=session, year=2022, data=PublishIn(published_on=date(2023, 1, 20)), caller=DEMO)
    _tasks(session, labs)
