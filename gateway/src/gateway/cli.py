"""``suite`` / ``python -m gateway``: serve, migrate, clients and keys."""

from __future__ import annotations

import getpass
import json
import os
import sys
from typing import Annotated

import typer
from sqlmodel import Session

from gateway import serving
from gateway.audit_cli import audit_app
from gateway.clients import service
from gateway.clients.schemas import ClientCreate, ClientPublic
from gateway.keys import key_store
from gateway.observability.multiproc import prepare_for_workers
from gateway.paths import MIGRATIONS_DIR
from gateway.settings import GatewaySettings, load_settings
from suitekit.db import make_engine, open_write_session
from suitekit.errors import ProblemError
from suitekit.identity import Caller
from suitekit.migrations import SchemaBehind, require_schema_not_behind, upgrade_to_head
from suitekit.observability import configure_logging

app = typer.Typer(help="Mudanjiang suite gateway", no_args_is_help=True, add_completion=False)
clients_app = typer.Typer(help="the client registry", no_args_is_help=True)
keys_app = typer.Typer(help="the signing keys", no_args_is_help=True)
app.add_typer(clients_app, name="clients")
app.add_typer(keys_app, name="keys")
app.add_typer(audit_app, name="audit")


def _cli_caller() -> Caller:
    return Caller(
        client_id=f"cli:{getpass.getuser()}", scopes=frozenset({"admin"}), jurisdiction=("*",)
    )


MIGRATE_COMMAND = "suite migrate"


def _settings(*, log_to_stdout: bool = False) -> GatewaySettings:
    """Logs go to stderr unless asked: the admin commands' stdout is their JSON result."""
    settings = load_settings()
    configure_logging("gateway", settings.log_level, None if log_to_stdout else sys.stderr)
    return settings


def _schema_checked(*, log_to_stdout: bool = False) -> GatewaySettings:
    """Settings of a command that needs the database: refused while the schema is behind
    (only `suite migrate` applies migrations)."""
    settings = _settings(log_to_stdout=log_to_stdout)
    try:
        require_schema_not_behind(MIGRATIONS_DIR, settings.database_url, MIGRATE_COMMAND)
    except SchemaBehind as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=2) from exc
    return settings


def _fail(exc: ProblemError) -> None:
    typer.echo(f"error: {exc.detail}", err=True)
    for error in exc.errors or []:
        typer.echo(f"  {error['field']}: {error['message']}", err=True)
    raise typer.Exit(code=1)


@app.command()
def migrate() -> None:
    """Apply the gateway's database migrations (the only command that does)."""
    settings = _settings(log_to_stdout=True)
    upgrade_to_head(MIGRATIONS_DIR, settings.database_url)
    typer.echo("gateway database at head")


@app.command()
def serve(
    host: Annotated[str | None, typer.Option()] = None,
    port: Annotated[int | None, typer.Option()] = None,
    workers: Annotated[int | None, typer.Option()] = None,
) -> None:
    """Make sure keys and the bootstrap client exist, then serve HTTP (schema at head)."""
    settings = _schema_checked(log_to_stdout=True)
    key_store(settings).ensure()
    _ensure_bootstrap_client(settings)
    worker_count = workers or settings.workers
    bind_host, bind_port = host or settings.host, port or settings.port
    if settings.server == "uvicorn" and worker_count == 1:
        serving.serve_one_worker(settings, bind_host, bind_port)
        return
    if worker_count > 1:
        prepare_for_workers()
    serving.start_ops_thread(settings)
    import uvicorn

    uvicorn.run(
        "gateway.app:app_from_env",
        factory=True,
        workers=worker_count,
        host=bind_host,
        port=bind_port,
        **serving.UVICORN_OPTIONS,
    )


def _ensure_bootstrap_client(settings: GatewaySettings) -> None:
    client_id = os.environ.get("SUITE_BOOTSTRAP_CLIENT_ID")
    secret = os.environ.get("SUITE_BOOTSTRAP_CLIENT_SECRET")
    if not client_id or not secret:
        return
    engine = make_engine(settings.database_url)
    try:
        with open_write_session(engine) as session:
            service.ensure_bootstrap_client(
                session=session,
                client_id=client_id,
                secret=secret,
                caller=_cli_caller(),
                tier=settings.default_tier,
            )
    finally:
        engine.dispose()


@clients_app.command("add")
def clients_add(
    client_id: Annotated[str, typer.Argument(metavar="ID")],
    scopes: Annotated[str, typer.Option(help='space separated, e.g. "outfall:read"')],
    jurisdiction: Annotated[
        list[str] | None,
        typer.Option(help="division code (repeatable), or * for city-wide (the default)"),
    ] = None,
    secret: Annotated[str | None, typer.Option(help="generated when omitted")] = None,
    tier: Annotated[str | None, typer.Option(help="rate-limit tier")] = None,
    name: Annotated[str, typer.Option(help="display name")] = "",
) -> None:
    """Register a client; prints its secret once."""
    settings = _schema_checked()
    engine = make_engine(settings.database_url)
    try:
        data = ClientCreate(
            id=client_id,
            display_name=name,
            scopes=scopes.replace(",", " ").split(),
            jurisdiction=" ".join(jurisdiction or ["*"]).replace(",", " ").split(),
            tier=tier,
            secret=secret,
        )
        with open_write_session(engine) as session:
            client, plain = service.create_client(
                session=session,
                data=data,
                caller=_cli_caller(),
                known_tiers=list(settings.rate_tiers),
                default_tier=settings.default_tier,
            )
            typer.echo(json.dumps({"client_id": client.id, "client_secret": plain}))
    except ProblemError as exc:
        _fail(exc)
    except ValueError as exc:  # pydantic validation of the options
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(code=1) from exc
    finally:
        engine.dispose()


@clients_app.command("list")
def clients_list() -> None:
    """One JSON line per client (never the secret)."""
    settings = _schema_checked()
    engine = make_engine(settings.database_url)
    cursor: str | None = None
    try:
        with Session(engine) as session:
            while True:
                rows, cursor = service.list_clients(session, limit=500, cursor=cursor)
                for client in rows:
                    typer.echo(ClientPublic.of(client).model_dump_json())
                if cursor is None:
                    break
    finally:
        engine.dispose()


def _change(client_id: str, action: str, reason: str) -> None:
    settings = _schema_checked()
    engine = make_engine(settings.database_url)
    try:
        with open_write_session(engine) as session:
            client = service.get_client(session, client_id)
            if action == "rotate-secret":
                client, secret = service.rotate_secret(
                    session=session, client=client, reason=reason, caller=_cli_caller()
                )
                typer.echo(json.dumps({"client_id": client.id, "client_secret": secret}))
            else:
                client = service.change_state(
                    session=session,
                    client=client,
                    action=action,
                    reason=reason,
                    caller=_cli_caller(),
                )
                typer.echo(ClientPublic.of(client).model_dump_json())
    except ProblemError as exc:
        _fail(exc)
    finally:
        engine.dispose()


@clients_app.command("disable")
def clients_disable(
    client_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option()] = "",
) -> None:
    """Disable a client: its tokens are refused from the next request on."""
    _change(client_id, "disable", reason)


@clients_app.command("enable")
def clients_enable(
    client_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option()] = "",
) -> None:
    """Enable a disabled client."""
    _change(client_id, "enable", reason)


@clients_app.command("rotate-secret")
def clients_rotate_secret(
    client_id: Annotated[str, typer.Argument(metavar="ID")],
    reason: Annotated[str, typer.Option()] = "",
) -> None:
    """New secret for a client; prints it once."""
    _change(client_id, "rotate-secret", reason)


@keys_app.command("rotate")
def keys_rotate(
    now: Annotated[
        bool, typer.Option("--now", help="sign with it at once (a leaked key), no pre-publication")
    ] = False,
) -> None:
    """New signing key: published at once, signing after GATEWAY_KEY_ACTIVATION_SECONDS; the
    previous key stays in the JWKS until its last token expires."""
    store = key_store(_settings())
    store.ensure()
    entry = store.rotate(delay=0 if now else None)
    typer.echo(
        json.dumps(
            {
                "next": entry.kid,
                "activates_at": entry.starts,
                "active": store.active.kid,
                "published": [e.kid for e in store.entries()],
            }
        )
    )


@keys_app.command("list")
def keys_list() -> None:
    """The keys in the JWKS, the active one first."""
    store = key_store(_settings())
    store.ensure()
    typer.echo(json.dumps(store.jwks(), indent=2))
