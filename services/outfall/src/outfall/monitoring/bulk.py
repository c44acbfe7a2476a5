"""Bulk writes of the batch ingestion: COPY on Postgres, executemany elsewhere (SQLite).

Same rows, same transaction as the ORM session; Postgres' COPY protocol is its bulk-load
path and far cheaper than one INSERT/UPDATE per row.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Table, bindparam, insert
from sqlmodel import Session

from outfall.models import Outfall

SUMMARY_PARAMS = (
    "b_id",
    "b_tests",
    "b_tasks",
    "b_latest",
    "b_flag",
    "b_reason",
    "b_recent",
    "b_now",
)
SUMMARY_TEMP = """
CREATE TEMP TABLE IF NOT EXISTS fresh_summary (
    b_id varchar(32) PRIMARY KEY, b_tests integer, b_tasks integer, b_latest boolean,
    b_flag boolean, b_reason varchar(300), b_recent text, b_now timestamptz
) ON COMMIT DELETE ROWS
"""
SUMMARY_UPDATE = """
UPDATE outfall SET tests_count = outfall.tests_count + f.b_tests,
    open_lab_tasks = outfall.open_lab_tasks + f.b_tasks, latest_abnormal = f.b_latest,
    enforcement_flag = f.b_flag, enforcement_reason = f.b_reason, recent_tests = f.b_recent,
    version = outfall.version + 1, updated_at = f.b_now
FROM fresh_summary f WHERE outfall.id = f.b_id
"""


def is_postgres(session: Session) -> bool:
    return session.get_bind().dialect.name == "postgresql"


def _copy(session: Session, target: str, columns: Sequence[str], rows: Any) -> None:
    driver = session.connection().connection.driver_connection
    names = ", ".join(columns)
    with driver.cursor() as cursor, cursor.copy(f"COPY {target} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def insert_rows(session: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    if not is_postgres(session):
        session.execute(insert(table), rows)
        return
    columns = list(rows[0])
    _copy(session, table.name, columns, (tuple(row[c] for c in columns) for row in rows))


def update_summaries(session: Session, params: list[dict[str, Any]]) -> None:
    if not is_postgres(session):
        table = Outfall.__table__
        source = {name: bindparam(name) for name in SUMMARY_PARAMS}
        statement = (
            table.update()
            .where(table.c.id == source["b_id"])
            .values(
                tests_count=table.c.tests_count + source["b_tests"],
                open_lab_tasks=table.c.open_lab_tasks + source["b_tasks"],
                latest_abnormal=source["b_latest"],
                enforcement_flag=source["b_flag"],
                enforcement_reason=source["b_reason"],
                recent_tests=source["b_recent"],
                version=table.c.version + 1,
                updated_at=source["b_now"],
            )
        )
        session.execute(statement, params)
        return
    connection = session.connection()
    connection.exec_driver_sql(SUMMARY_TEMP)
    _copy(
        session,
        "fresh_summary",
        SUMMARY_PARAMS,
        (tuple(p[name] for name in SUMMARY_PARAMS) for p in params),
    )
    connection.exec_driver_sql(SUMMARY_UPDATE)
    connection.exec_driver_sql("DELETE FROM fresh_summary")
