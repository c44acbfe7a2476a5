"""Exact lookup in the encrypted registry vs a bare indexed SQL lookup (issue 8).

    .venv/bin/python bench/lawyer-query/bench_lookup.py --people 1000000 [--db PATH]

Builds (or reuses) a SQLite registry of synthetic people with the service's own code
(AES-GCM field encryption, HMAC blind index, the real migration), plus a bare plaintext
table with an index on the ID number holding the same people. Then times, for the same
random ID numbers, (a) the service path: EmbeddedRegistry.lookup (blind index, indexed
select, scope filter, decryption of the 10 art. 3 fields) and (b) the baseline: one indexed
`SELECT * FROM bare_person WHERE id_number = ?`. Prints medians, p95 and the ratio.
Photos are left out of the bench people (they add bytes, not lookup work).
"""

from __future__ import annotations

import argparse
import random
import sqlite3
import statistics
import time
from pathlib import Path

from sqlalchemy import insert
from sqlmodel import Session

from lawyer_query.app import MIGRATIONS_DIR
from lawyer_query.crypto import FieldCipher, new_master_key
from lawyer_query.refdata import load_refdata
from lawyer_query.registry.models import RegistryPerson
from lawyer_query.registry.store import EmbeddedRegistry, encrypted_row
from lawyer_query.registry.synthetic import generate_people
from suitekit.db import make_engine
from suitekit.migrations import upgrade_to_head

BATCH = 20_000
FIELDS = tuple(f.code for f in load_refdata().fields)


def build(db: Path, people: int, cipher: FieldCipher, seed: int) -> list[tuple[str, str]]:
    """Fill both tables; returns (id_number, region) of every person."""
    url = f"sqlite:///{db}"
    upgrade_to_head(MIGRATIONS_DIR, url)
    engine = make_engine(url)
    bare = sqlite3.connect(db)
    bare.execute(
        "CREATE TABLE bare_person (id TEXT PRIMARY KEY, id_number TEXT, name TEXT, sex TEXT,"
        " date_of_birth TEXT, ethnicity TEXT, registered_address TEXT,"
        " registration_station TEXT, deregistration_date TEXT, deregistration_reason TEXT,"
        " region TEXT, kind TEXT)"
    )
    bare.execute("CREATE INDEX ix_bare_person_id_number ON bare_person (id_number)")
    keys: list[tuple[str, str]] = []
    rows: list[dict[str, object]] = []
    plain: list[tuple[object, ...]] = []
    started = time.perf_counter()
    for n, person in enumerate(generate_people(people, seed=seed, photos=False), start=1):
        row = encrypted_row(cipher, person)
        rows.append(row)
        values = person.field_values()
        plain.append(
            (
                row["id"],
                values["id_number"],
                values["name"],
                values["sex"],
                values["date_of_birth"],
                values["ethnicity"],
                values["registered_address"],
                values["registration_station"],
                values["deregistration_date"],
                values["deregistration_reason"],
                person.region,
                person.kind,
            )
        )
        keys.append((person.id_number, person.region if person.kind == "registered" else ""))
        if len(rows) == BATCH or n == people:
            with engine.begin() as conn:
                conn.execute(insert(RegistryPerson), rows)
            bare.executemany(f"INSERT INTO bare_person VALUES ({','.join('?' * 12)})", plain)
            bare.commit()
            rows, plain = [], []
            print(f"  built {n:>9,} people  {time.perf_counter() - started:7.1f} s", flush=True)
    bare.close()
    engine.dispose()
    return keys


def time_lookups(
    db: Path, cipher: FieldCipher, ids: list[str], repeat: int
) -> dict[str, list[float]]:
    scope = load_refdata().scopes["mudanjiang"]
    engine = make_engine(f"sqlite:///{db}")
    bare = sqlite3.connect(db)
    timings: dict[str, list[float]] = {"service": [], "bare": [], "index_only": []}
    by_index = "SELECT * FROM registry_person WHERE id_index = ? AND region = ? AND kind = ?"
    with Session(engine) as session:
        registry = EmbeddedRegistry(session, cipher)
        for _ in range(repeat):
            for number in ids:  # interleaved, so both see the same cache and noise
                t0 = time.perf_counter()
                found = registry.lookup(scope=scope, name=None, id_number=number, fields=FIELDS)
                t1 = time.perf_counter()
                row = bare.execute(
                    "SELECT * FROM bare_person WHERE id_number = ?", (number,)
                ).fetchone()
                t2 = time.perf_counter()
                blind = bare.execute(
                    by_index, (cipher.id_index(number), "mudanjiang", "registered")
                )
                assert blind.fetchone() is not None
                t3 = time.perf_counter()
                assert found.outcome == "found" and row is not None
                assert found.values and found.values["id_number"] == row[1]
                timings["service"].append(t1 - t0)
                timings["bare"].append(t2 - t1)
                timings["index_only"].append(t3 - t2)
    bare.close()
    engine.dispose()
    return timings


def report(label: str, samples: list[float]) -> None:
    median = statistics.median(samples) * 1e6
    p95 = statistics.quantiles(samples, n=20)[-1] * 1e6
    print(f"{label:<56} median {median:8.1f} us  p95 {p95:8.1f} us")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=2_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--db", type=Path, default=Path("var/bench/lawyer_query_registry.db"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    db: Path = args.db
    db.parent.mkdir(parents=True, exist_ok=True)
    key_file = db.with_suffix(".key")
    if db.exists() and key_file.exists():
        print(f"reusing {db}")
        cipher = FieldCipher.from_master(key_file.read_text())
        bare = sqlite3.connect(db)
        sample = bare.execute(
            "SELECT id_number FROM bare_person WHERE region = 'mudanjiang' AND kind = 'registered'"
            " GROUP BY id_number HAVING count(*) = 1"
        ).fetchall()
        total = bare.execute("SELECT count(*) FROM bare_person").fetchone()[0]
        bare.close()
        mudanjiang = [r[0] for r in sample]
    else:
        db.unlink(missing_ok=True)
        key = new_master_key()
        key_file.write_text(key)
        key_file.chmod(0o600)
        cipher = FieldCipher.from_master(key)
        print(f"building {args.people:,} synthetic people into {db}")
        keys = build(db, args.people, cipher, args.seed)
        total = len(keys)
        mudanjiang = [number for number, region in keys if region == "mudanjiang"]
    ids = random.Random(args.seed).sample(mudanjiang, min(args.lookups, len(mudanjiang)))
    timings = time_lookups(db, cipher, ids, args.repeat)
    service, bare_t = timings["service"], timings["bare"]
    med_s, med_b = statistics.median(service), statistics.median(bare_t)
    print(
        f"registry people: {total:,}; lookups: {len(service):,} ({len(ids):,} ids x {args.repeat})"
    )
    report("service exact lookup (blind index + decrypt 10 fields)", service)
    report("bare indexed SQL lookup (plaintext)", bare_t)
    report("  breakdown: HMAC + indexed select, no decryption", timings["index_only"])
    print(f"ratio service/bare (medians): {med_s / med_b:.1f}x")


if __name__ == "__main__":
    main()
