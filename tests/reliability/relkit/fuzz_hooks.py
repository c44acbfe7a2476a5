"""Schemathesis hooks of the contract fuzzing (loaded through SCHEMATHESIS_HOOKS).

Updates (`PATCH`/`PUT`) need `If-Match` with the record's current ETag; without it every
generated case stops at 428/412 and the update logic is never fuzzed (issue 16 found a 500 there).
`before_call` reads the current ETag (GET on the path, else on its parent: `PUT .../river-chief`
updates the outfall) and sends it; `after_call` appends the status of every update to a JSONL
file so the test can show each update operation got past the precondition.

Since issue 17 the contract declares `If-Match` (required, any string) on every PATCH/PUT, so
schemathesis generates a value of its own, which the server rightly answers with 412: the hook
replaces that value with the current ETag (the header stays schema-valid, so a negative case
stays negative). A case the fuzzer sent without the declared header is its probe of the 428 and
is left alone; only an operation that does not declare `If-Match` gets one added.

Environment: RELKIT_FUZZ_BASE_URL, RELKIT_FUZZ_TOKEN, RELKIT_FUZZ_UPDATES (the JSONL path).
"""

from __future__ import annotations

import json
import os
from typing import Any

import httpx
import schemathesis

UPDATES = frozenset({"PATCH", "PUT"})


def _is_update(case: Any) -> bool:
    """A declared update operation sent as itself (not the fuzzer probing other methods)."""
    declared = str(case.operation.method).upper()
    return declared in UPDATES and str(case.method).upper() == declared


def _declares_if_match(case: Any) -> bool:
    return case.operation.get_parameter("If-Match", "header") is not None


def current_etag(client: httpx.Client, path: str) -> str | None:
    """The ETag of the record `path` updates: the path itself, else its parent resource."""
    parent = path.rsplit("/", 1)[0]
    for candidate in (path, parent):
        response = client.get(candidate)
        if response.status_code == 200 and response.headers.get("etag"):
            return response.headers["etag"]
    return None


@schemathesis.hook
def before_call(context: Any, case: Any, **kwargs: Any) -> None:
    if not _is_update(case):
        return
    headers = case.headers if case.headers is not None else {}
    sent = [name for name in headers if name.lower() == "if-match"]
    if not sent and _declares_if_match(case):
        return  # the fuzzer left out a required header on purpose: the 428 is the check
    base = os.environ["RELKIT_FUZZ_BASE_URL"]
    auth = {"Authorization": f"Bearer {os.environ['RELKIT_FUZZ_TOKEN']}"}
    with httpx.Client(base_url=base, headers=auth, timeout=30) as client:
        etag = current_etag(client, case.formatted_path)
    if etag is not None:
        for name in sent:
            del headers[name]
        headers["If-Match"] = etag
        case.headers = headers


@schemathesis.hook
def after_call(context: Any, case: Any, response: Any) -> None:
    if not _is_update(case):
        return
    line = {
        "operation": f"{str(case.method).upper()} {case.path}",
        "status": response.status_code,
        "if_match": next(
            (v for k, v in (case.headers or {}).items() if k.lower() == "if-match"), None
        ),
    }
    with open(os.environ["RELKIT_FUZZ_UPDATES"], "a", encoding="utf-8") as out:
        out.write(json.dumps(line) + "\n")
