"""Exports: registration forms as CSV or XLSX, GeoJSON for maps (streamed in id order)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from openpyxl import Workbook
from sqlmodel import Session, select

from outfall.exports.forms import FORMS, Lookups
from outfall.models import Jurisdiction, Outfall
from outfall.service import scoped
from suitekit.errors import InvalidInput
from suitekit.identity import Caller

PAGE = 2000


def _outfalls(
    session: Session, caller: Caller, where: Any, filters: dict[str, Any]
) -> Iterator[Outfall]:
    """Every outfall in reach, fetched in pages so memory stays flat."""
    last = ""
    while True:
        statement = scoped(select(Outfall).where(Outfall.id > last), caller)
        if where is not None:
            statement = statement.where(where)
        for name, column in (
            ("jurisdiction", Outfall.jurisdiction_code),
            ("status", Outfall.status),
            ("category", Outfall.category),
        ):
            if filters.get(name):
                statement = statement.where(column == filters[name])
        rows = session.exec(statement.order_by(Outfall.id).limit(PAGE)).all()
        if not rows:
            return
        yield from rows
        last = rows[-1].id


def form_of(name: str) -> dict[str, Any]:
    if name not in FORMS:
        raise InvalidInput(
            f"form must be one of {', '.join(FORMS)}",
            code="unknown_form",
            errors=[{"field": "path.form", "message": "unknown form"}],
        )
    return FORMS[name]


def _lookups(session: Session) -> Lookups:
    targets = select(Outfall.merge_into_id).where(Outfall.merge_into_id.is_not(None))
    codes = session.exec(select(Outfall.id, Outfall.code).where(Outfall.id.in_(targets))).all()
    return Lookups(
        jurisdictions={j.code: j.name for j in session.exec(select(Jurisdiction)).all()},
        outfall_codes={row[0]: row[1] for row in codes},
    )


def _table(
    session: Session, caller: Caller, name: str, filters: dict[str, Any]
) -> tuple[list[str], Iterator[list[Any]]]:
    form = form_of(name)
    lookups = _lookups(session)
    where = form["where"]() if form["where"] else None
    headers = [header for header, _ in form["columns"]]

    def rows() -> Iterator[list[Any]]:
        for outfall in _outfalls(session, caller, where, filters):
            yield [getter(outfall, lookups) for _, getter in form["columns"]]

    return headers, rows()


def csv_lines(
    session: Session, caller: Caller, name: str, filters: dict[str, Any]
) -> Iterator[str]:
    headers, rows = _table(session, caller, name, filters)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")  # BOM: spreadsheet programs then read the Chinese headers right
    writer.writerow(headers)
    for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(session: Session, caller: Caller, name: str, filters: dict[str, Any]) -> bytes:
    headers, rows = _table(session, caller, name, filters)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=FORMS[name]["title"][:31])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def geojson_chunks(session: Session, caller: Caller, filters: dict[str, Any]) -> Iterator[str]:
    yield '{"type":"FeatureCollection","features":['
    first = True
    for outfall in _outfalls(session, caller, None, filters):
        feature = {
            "type": "Feature",
            "id": outfall.id,
            "geometry": {"type": "Point", "coordinates": [outfall.longitude, outfall.latitude]},
            "properties": {
                "code": outfall.code,
                "name": outfall.name,
                "status": outfall.status,
                "category": outfall.category,
                "jurisdiction_code": outfall.jurisdiction_code,
                "water_body_name": outfall.water_body_name,
                "latest_abnormal": outfall.latest_abnormal,
                "enforcement_flag": outfall.enforcement_flag,
            },
        }
        yield ("" if first else ",") + json.dumps(feature, ensure_ascii=False)
        first = False
    yield "]}"
