"""``suite audit``: an inspector's tools for the services' audit chains.

- ``witness`` copies each service's signed checkpoints (and the hash of every entry) into the
  witness's own store, through the gateway, checking signatures and that the chain only grew.
- ``verify`` checks a chain export offline against saved checkpoints and the public key, and
  names the first entry that differs.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated, Any

import httpx
import typer

from suitekit.audit_offline import split_export, verify_export
from suitekit.audit_witness import WitnessAlarm, witness_update

PAGE = 500
audit_app = typer.Typer(
    help="audit chains: witness checkpoints, verify exports", no_args_is_help=True
)


@audit_app.command("verify")
def verify(
    service: Annotated[str, typer.Option(help="service name, e.g. renovation")],
    checkpoints: Annotated[Path, typer.Option(help="saved checkpoints (witness store file)")],
    export: Annotated[Path, typer.Option(help="chain export (GET /{service}/v1/audit/export)")],
    public_key: Annotated[
        str | None, typer.Option(help="base64 Ed25519 key pinned out of band")
    ] = None,
) -> None:
    """Verify a chain export against signed checkpoints; exit 1 naming the first bad entry."""
    doc: dict[str, Any] = json.loads(checkpoints.read_text())
    key = public_key or str(doc["public_key"])
    with export.open(encoding="utf-8") as lines:
        report = verify_export(lines, doc, service=service, public_key_b64=key)
    if report.ok:
        typer.echo(
            f"ok: {service}: {report.entries} entries match {report.checkpoints} signed checkpoints"
        )
        return
    typer.echo(f"FAILED: {service}: {report.problem} (first bad entry: {report.first_bad_seq})")
    raise typer.Exit(code=1)


def _token(gateway_url: str, client_id: str, secret: str) -> str:
    answer = httpx.post(
        f"{gateway_url}/oauth/token",
        data={"grant_type": "client_credentials", "client_id": client_id, "client_secret": secret},
        timeout=30,
    )
    answer.raise_for_status()
    return str(answer.json()["access_token"])


@audit_app.command("witness")
def witness(
    service: Annotated[list[str], typer.Option(help="service(s) to witness")],
    store: Annotated[Path, typer.Option(help="the witness's own directory")],
    gateway_url: Annotated[str, typer.Option(envvar="SUITE_GATEWAY_URL")],
    client_id: Annotated[str, typer.Option(envvar="SUITE_WITNESS_CLIENT_ID")],
) -> None:
    """Copy new signed checkpoints and entry hashes; exit 2 on a fork, rollback or bad key.
    The client secret is read from SUITE_WITNESS_CLIENT_SECRET (never a flag: shell history)."""
    secret = os.environ.get("SUITE_WITNESS_CLIENT_SECRET", "")
    headers = {"Authorization": f"Bearer {_token(gateway_url, client_id, secret)}"}
    store.mkdir(parents=True, exist_ok=True)
    alarms = 0
    with httpx.Client(base_url=gateway_url, headers=headers, timeout=60) as http:
        for name in service:
            path = store / f"{name}.checkpoints.json"
            saved = json.loads(path.read_text()) if path.exists() else None
            try:
                updated = witness_update(saved, _fetch(http, name, saved), service=name)
            except WitnessAlarm as alarm:
                alarms += 1
                typer.echo(f"ALARM: {name}: {alarm}", err=True)
                continue
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(updated, ensure_ascii=False))
            temporary.replace(path)
            typer.echo(f"{name}: {len(updated['checkpoints'])} checkpoints witnessed")
    if alarms:
        raise typer.Exit(code=2)


def _fetch(http: httpx.Client, name: str, saved: dict[str, Any] | None) -> dict[str, Any]:
    latest = max((int(c["entries"]) for c in (saved or {}).get("checkpoints", [])), default=0)
    checkpoints = _checkpoints_from(http, name, latest)
    # from the last witnessed entry on: a rewrite before it changes that entry's hash too
    after = max((int(s) - 1 for s, _ in (saved or {}).get("entry_hashes", [])), default=0)
    export = http.get(f"/{name}/v1/audit/export", params={"after_seq": after})
    export.raise_for_status()
    return {"checkpoints": checkpoints, "export": split_export(export.text)}


def _checkpoints_from(http: httpx.Client, name: str, entries: int) -> dict[str, Any]:
    """Every checkpoint from the latest one this witness holds on (it must still be there)."""
    doc: dict[str, Any] | None = None
    while True:
        page = http.get(
            f"/{name}/v1/audit/checkpoints", params={"from_entries": entries, "limit": PAGE}
        )
        page.raise_for_status()
        body = page.json()
        doc = (
            body if doc is None else doc | {"checkpoints": doc["checkpoints"] + body["checkpoints"]}
        )
        if len(body["checkpoints"]) < PAGE:
            return doc
        entries = int(body["checkpoints"][-1]["entries"]) + 1
