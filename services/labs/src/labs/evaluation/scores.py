"""Reads that assemble one lab's year: daily, technical parts, composite (art. 11-14)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlmodel import Session, col, or_, select

from labs.assessment.models import DailyScore, Inspection, Retest
from labs.proficiency.models import PtResult, PtRound
from labs.registry.models import Lab
from labs.rules.retest import count_batches
from labs.rules.scoring import (
    PERIOD_MONTHS,
    PeriodKind,
    TechnicalPart,
    YearWeights,
    competition_rank,
    composite_score,
    mean_score,
    passes,
    technical_score,
    year_daily_score,
)


@dataclass
class LabYear:
    lab_id: str
    lab_name: str
    daily: Decimal | None
    technical: Decimal | None
    composite: Decimal | None
    daily_passed: bool
    technical_passed: bool
    basis: dict[str, Any] = field(default_factory=dict)
    rank: int | None = None


def labs_of_year(session: Session, year: int) -> list[Lab]:
    start, end = date(year, 1, 1), date(year, 12, 31)
    return list(
        session.exec(
            select(Lab)
            .where(Lab.contract_start <= end, Lab.contract_end >= start)
            .order_by(col(Lab.id))
        ).all()
    )


def _daily(session: Session, lab_id: str, year: int) -> tuple[Decimal | None, int]:
    rows = session.exec(
        select(DailyScore).where(DailyScore.lab_id == lab_id, DailyScore.year == year)
    ).all()
    periods = [(r.score, PERIOD_MONTHS[PeriodKind(r.period_kind)]) for r in rows]
    return year_daily_score(periods), len(rows)


def _retests(session: Session, lab_id: str, year: int) -> tuple[Decimal | None, int]:
    rows = session.exec(
        select(Retest).where(
            Retest.year == year,
            or_(Retest.original_lab_id == lab_id, Retest.retest_lab_id == lab_id),
        )
    ).all()
    batches = count_batches(r.sample_code for r in rows if r.original_lab_id == lab_id)
    return mean_score([r.score for r in rows]), batches


def _proficiency(session: Session, lab_id: str, year: int) -> tuple[Decimal | None, int]:
    scores = session.exec(
        select(PtResult.score)
        .join(PtRound, col(PtRound.id) == col(PtResult.round_id))
        .where(PtResult.lab_id == lab_id, PtRound.year == year, PtRound.state == "evaluated")
    ).all()
    present = [s for s in scores if s is not None]
    return mean_score(present), len(present)


def _inspections(session: Session, lab_id: str, year: int) -> tuple[Decimal | None, int]:
    scores = session.exec(
        select(Inspection.score).where(Inspection.lab_id == lab_id, Inspection.year == year)
    ).all()
    return mean_score(list(scores)), len(scores)


def lab_year(session: Session, lab: Lab, year: int, weights: YearWeights) -> LabYear:
    daily, periods = _daily(session, lab.id, year)
    retest, batches = _retests(session, lab.id, year)
    pt, pt_results = _proficiency(session, lab.id, year)
    inspection, inspections = _inspections(session, lab.id, year)
    parts = {
        TechnicalPart.RETEST: retest,
        TechnicalPart.PROFICIENCY: pt,
        TechnicalPart.INSPECTION: inspection,
    }
    technical = technical_score(parts, weights)
    composite = (
        composite_score(daily, technical, weights)
        if daily is not None and technical is not None
        else None
    )
    basis = {
        "daily_periods": periods,
        "retest_batches_as_original": batches,
        "retest_score": None if retest is None else str(retest),
        "pt_results": pt_results,
        "pt_score": None if pt is None else str(pt),
        "inspections": inspections,
        "inspection_score": None if inspection is None else str(inspection),
    }
    return LabYear(
        lab_id=lab.id,
        lab_name=lab.name,
        daily=daily,
        technical=technical,
        composite=composite,
        daily_passed=passes(daily, weights.daily_pass_mark),
        technical_passed=passes(technical, weights.technical_pass_mark),
        basis=basis,
    )


def rank_year(rows: list[LabYear]) -> list[LabYear]:
    ranks = competition_rank({r.lab_id: r.composite for r in rows if r.composite is not None})
    for row in rows:
        row.rank = ranks.get(row.lab_id)
    return sorted(rows, key=lambda r: (r.rank is None, r.rank or 0, r.lab_id))


def compute_year(session: Session, year: int, weights: YearWeights) -> list[LabYear]:
    return rank_year([lab_year(session, lab, year, weights) for lab in labs_of_year(session, year)])
