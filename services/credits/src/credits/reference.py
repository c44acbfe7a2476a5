"""Load the course table (refdata) into the database at every start (idempotent)."""

from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session, select

from credits.models import Module, Subject
from credits.refdata import course_table
from credits.rules.course_table import Category, module_periods
from suitekit.db import open_write_session


def catalogue_module_id(subject_code: str, category: Category, index: int) -> str:
    return f"m-{subject_code}-{category.value[:3]}-{index}".lower()


def _subject_rows() -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "name": s.name,
            "table_ref": s.table,
            "compulsory_credits": s.compulsory,
            "range_group": s.range_group,
            "selective_max": s.selective_max,
            "elective_max": s.elective_max,
            "variant": s.variant,
        }
        for s in course_table()
    ]


def _module_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": catalogue_module_id(s.code, category, index),
            "school_id": None,
            "subject_code": s.code,
            "category": category.value,
            "name": item.name,
            "credits": item.credits,
            "periods": module_periods(item.credits),
            "extension": item.extension,
            "series": item.series,
            "labour_eligible": item.labour_eligible,
            "ice_snow": item.ice_snow,
        }
        for s in course_table()
        for category, items in s.items.items()
        for index, item in enumerate(items)
    ]


def _upsert(session: Session, model: type, key: str, rows: list[dict[str, Any]]) -> None:
    existing = {getattr(r, key): r for r in session.exec(select(model)).all()}
    for row in rows:
        current = existing.get(row[key])
        if current is None:
            session.add(model(**row))
        elif any(getattr(current, k) != v for k, v in row.items()):
            for k, v in row.items():
                setattr(current, k, v)
            session.add(current)


def load_reference_data(engine: Engine) -> None:
    session = open_write_session(engine)
    try:
        _upsert(session, Subject, "code", _subject_rows())
        session.flush()
        _upsert(session, Module, "id", _module_rows())
        session.commit()
    finally:
        session.close()
