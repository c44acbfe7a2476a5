"""credits benchmark (issue 6): the whole-school graduation audit on Postgres.

    .venv/bin/python bench/credits/bench_school_audit.py --students 3000

Builds a fresh database (real migrations) with one synthetic school of N students and
their full three-year records (every module enrolled and recognised through the
committee, research projects, social practice, volunteer hours; about one student in
five is short of something). Then it times, in the same run:

- baseline: loading the rows the audit rests on (the audit's own three queries,
  materialised: granted recognitions joined to their modules, transfers, activities);
- audit: the whole-school audit (the same load, then every student's audit).

Prints medians of --repeat runs and the ratio audit / load (target <= 2). Asserts
nothing; drops the database at the end.
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
import uuid
from decimal import Decimal

import psycopg
from sqlalchemy import insert
from sqlmodel import Session

from credits.app import MIGRATIONS_DIR
from credits.demo_records import complete_record
from credits.graduation.service import audit_all_students, items_by_student, load_rows, run_audit
from credits.models import Activity, Enrollment, Recognition, School, Student
from credits.refdata import course_table
from credits.reference import catalogue_module_id, load_reference_data
from credits.rules.course_table import Category, SchoolType
from suitekit.db import make_engine
from suitekit.migrations import upgrade_to_head
from suitekit.testing import postgres_admin_url

BATCH = 20_000


def create_database() -> tuple[str, str]:
    admin = postgres_admin_url()
    name = f"bench_credits_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return admin.rpartition("/")[0] + f"/{name}", name


def drop_database(name: str) -> None:
    with psycopg.connect(postgres_admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def module_id(source_id: str) -> str:
    subject, category, index = source_id.split("-")
    full = next(c for c in Category if c.value.startswith(category))
    return catalogue_module_id(subject, full, int(index))


def synthesise(engine, students: int, seed: int) -> int:
    rng = random.Random(seed)
    table = course_table()
    record = [i for i in complete_record(table) if i.source_kind == "module"]
    school_id = "sch_bench"
    rows: dict[type, list[dict]] = {Enrollment: [], Recognition: [], Activity: []}
    with Session(engine) as session:
        session.add(
            School(
                id=school_id,
                code="BENCH-1",
                name="基准测试高中",
                county_code="231002",
                school_type=SchoolType.ordinary.value,
                arts_mode="music_and_fine_art",
            )
        )
        session.commit()
        session.execute(
            insert(Student),
            [
                {
                    "id": f"stu_{n:05d}",
                    "school_id": school_id,
                    "student_no": f"B{n:05d}",
                    "name": f"学生{n}",
                    "cohort_year": 2020,
                    "takes_national_exam": True,
                    "status": "active",
                    "version": 1,
                }
                for n in range(students)
            ],
        )
        session.commit()
    total = 0
    for n in range(students):
        sid = f"stu_{n:05d}"
        modules = record if rng.random() > 0.2 else rng.sample(record, len(record) - 3)
        for k, item in enumerate(modules):
            eid = f"e{n:05d}_{k}"
            rows[Enrollment].append(
                {
                    "id": eid,
                    "school_id": school_id,
                    "student_id": sid,
                    "module_id": module_id(item.source_id),
                    "term": "2021-1",
                    "teacher": "t",
                    "kind": "first",
                    "periods": int(item.credits * 18),
                    "periods_absent": 0,
                    "evaluation_passed": True,
                    "exam_passed": True,
                    "exempt": False,
                    "outcome": "credit_eligible",
                    "closed": False,
                    "version": 1,
                }
            )
            rows[Recognition].append(
                {
                    "id": f"r{n:05d}_{k}",
                    "enrollment_id": eid,
                    "school_id": school_id,
                    "student_id": sid,
                    "state": "published",
                    "granted": True,
                    "credits": item.credits,
                    "version": 1,
                }
            )
        for k in (1, 2):
            rows[Activity].append(
                {
                    "id": f"a{n:05d}_r{k}",
                    "school_id": school_id,
                    "student_id": sid,
                    "kind": "research_project",
                    "title": "课题",
                    "occurred_on": "2021-10-01",
                    "hours": Decimal(0),
                    "interdisciplinary": True,
                    "evidence": "proposal,records,materials,outcome",
                    "outside_class_time": True,
                    "host_organisation": None,
                    "host_confirmation": None,
                    "recorded_by": "bench",
                }
            )
        for kind, hours in (("social_practice", 40), ("volunteer_service", 42)):
            rows[Activity].append(
                {
                    "id": f"a{n:05d}_{kind[:3]}",
                    "school_id": school_id,
                    "student_id": sid,
                    "kind": kind,
                    "title": kind,
                    "occurred_on": "2021-10-01",
                    "hours": Decimal(hours),
                    "interdisciplinary": False,
                    "evidence": "",
                    "outside_class_time": True,
                    "host_organisation": "社区",
                    "host_confirmation": "盖章",
                    "recorded_by": "bench",
                }
            )
    with engine.begin() as conn:
        for model in (Enrollment, Recognition, Activity):
            data = rows[model]
            total += len(data)
            for start in range(0, len(data), BATCH):
                conn.execute(insert(model), data[start : start + BATCH])
    return total


def detailed_audit(session: Session, school: School) -> int:
    """Every student audited with the module behind each credit (raw rows in Python)."""
    by_student = items_by_student(load_rows(session, school_id=school.id))
    return sum(1 for items in by_student.values() if run_audit(school, items).eligible)


def timed(fn) -> tuple[float, object]:
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--students", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()

    url, name = create_database()
    try:
        upgrade_to_head(MIGRATIONS_DIR, url)
        engine = make_engine(url)
        load_reference_data(engine)
        build, rows = timed(lambda: synthesise(engine, args.students, args.seed))
        print(f"synthetic school: {args.students} students, {rows} rows in {build:.1f} s")
        with Session(engine) as session:
            school = session.get(School, "sch_bench")
            load_rows(session, school_id=school.id)  # warm-up (plans, caches)
            loads, audits, detailed = [], [], []
            for _ in range(args.repeat):
                seconds, loaded = timed(lambda: load_rows(session, school_id=school.id))
                loads.append(seconds)
                seconds, results = timed(lambda: audit_all_students(session, school))
                audits.append(seconds)
                seconds, _ = timed(lambda: detailed_audit(session, school))
                detailed.append(seconds)
        eligible = sum(1 for _, r in results if r.eligible)
        load_s, audit_s = statistics.median(loads), statistics.median(audits)
        detailed_s = statistics.median(detailed)
        print(f"rows loaded per run: {sum(len(v) for v in loaded.values())}")
        print(
            f"students audited: {len(results)} (eligible {eligible}, "
            f"short {len(results) - eligible})"
        )
        for label, runs in (
            ("load only", loads),
            ("school audit", audits),
            ("detailed audit", detailed),
        ):
            print(
                f"{label:15s} median {statistics.median(runs) * 1000:9.1f} ms  "
                f"runs {[round(x, 3) for x in runs]}"
            )
        print(f"ratio school audit / load   = {audit_s / load_s:.2f}  (target <= 2)")
        paired = statistics.median(a / b for a, b in zip(audits, loads, strict=True))
        print(f"median of paired run ratios = {paired:.2f}")
        print(f"ratio detailed audit / load = {detailed_s / load_s:.2f}  (reference)")
        engine.dispose()
    finally:
        drop_database(name)


if __name__ == "__main__":
    main()
