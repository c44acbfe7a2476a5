"""Benchmark: art. 19 reassignment inside the violation request, through HTTP (ASGI, SQLite).

For each repeat, a fresh database holds `--labs` active labs with the same scope and one lab
with `--tasks` open tasks (half sampled). The timed request records an art. 18 violation on
that lab, which suspends it and reassigns every open task in the same transaction. The
baseline, measured in the same run, is the same violation on a lab with no open task.

    .venv/bin/python bench/labs/bench_reassignment.py --labs 20 --tasks 200 --repeats 3
"""

import argparse
import asyncio
import statistics
import tempfile
import time
from datetime import date
from pathlib import Path

from labs.app import create_app
from labs.rules.uscc import check_character
from labs.settings import Settings
from suitekit.testing import TestIdentity, service_client

TODAY = date.today().isoformat()
SCOPE = [{"food_category": "dairy", "test_item": "melamine"}]


def lab_body(index: int, capacity: int) -> dict:
    first_17 = f"91231000{index:09d}"
    return {
        "name": f"bench lab {index}",
        "uscc": first_17 + check_character(first_17),
        "contract_start": "2022-01-01",
        "contract_end": "2030-12-31",
        "contract_fee": "100000.00",
        "capacity": capacity,
        "scope": SCOPE,
    }


VIOLATION = {
    "article": 18,
    "item": 1,
    "description": "bench",
    "evidence": "bench",
    "found_on": TODAY,
    "decided_on": TODAY,
    "suspension_months": 3,
}


async def one_round(
    labs: int, tasks: int, identity: TestIdentity, workdir: Path, n: int
) -> tuple[float, float]:
    settings = Settings(
        database_url=f"sqlite:///{workdir / f'bench{n}.db'}", identity_jwks=identity.jwks_json
    )
    headers = identity.headers("labs", ["labs:read", "labs:write", "labs:assess"])
    async with service_client(create_app(settings)) as client:
        ids = []
        for index in range(labs + 2):
            response = await client.post(
                "/v1/labs", json=lab_body(index, tasks + 10), headers=headers
            )
            ids.append(response.json()["id"])
        loaded, idle = ids[0], ids[1]
        for k in range(tasks):
            body = {
                "lab_id": loaded,
                "food_category": "dairy",
                "test_items": ["melamine"],
                "assigned_on": TODAY,
                "report_due_on": "2031-01-01",
            }
            task = (await client.post("/v1/tasks", json=body, headers=headers)).json()
            if k % 2:
                await client.post(
                    f"/v1/tasks/{task['id']}/sampled", json={"on": TODAY}, headers=headers
                )
        started = time.perf_counter()
        baseline = await client.post(f"/v1/labs/{idle}/violations", json=VIOLATION, headers=headers)
        baseline_s = time.perf_counter() - started
        started = time.perf_counter()
        loaded_response = await client.post(
            f"/v1/labs/{loaded}/violations", json=VIOLATION, headers=headers
        )
        loaded_s = time.perf_counter() - started
        assert baseline.status_code == loaded_response.status_code == 201
        assert len(loaded_response.json()["reassignment"]["moved"]) == tasks
    return baseline_s, loaded_s


async def main(labs: int, tasks: int, repeats: int) -> None:
    identity = TestIdentity()
    with tempfile.TemporaryDirectory() as tmp:
        results = [await one_round(labs, tasks, identity, Path(tmp), n) for n in range(repeats)]
    baseline = statistics.median(r[0] for r in results)
    loaded = statistics.median(r[1] for r in results)
    print(f"labs={labs} open_tasks={tasks} repeats={repeats}")
    print(f"baseline violation, 0 open tasks: median {baseline * 1000:.1f} ms")
    print(f"violation + reassignment of {tasks} tasks: median {loaded * 1000:.1f} ms")
    per_task_ms = (loaded - baseline) / tasks * 1000
    print(f"ratio loaded/baseline: {loaded / baseline:.1f}x; per task: {per_task_ms:.2f} ms")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labs", type=int, default=20)
    parser.add_argument("--tasks", type=int, default=200)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    asyncio.run(main(args.labs, args.tasks, args.repeats))
