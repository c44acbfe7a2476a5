"""`python -m <service> serve | migrate | seed-demo`: the same entry point for every service."""

import argparse
import json
import logging
import sys
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session

from suitekit.db import make_engine, open_write_session
from suitekit.migrations import SchemaBehind, require_schema_not_behind, upgrade_to_head
from suitekit.observability import configure_logging
from suitekit.retention import run_retention
from suitekit.settings import ServiceSettings

SeedDemo = Callable[[Session], None]
log = logging.getLogger("suitekit.cli")


def run_service_cli(
    *,
    settings_factory: Callable[[], ServiceSettings],
    create_app: Callable[[ServiceSettings], FastAPI],
    migrations_dir: Path,
    seed_demo: SeedDemo | None = None,
    load_reference: Callable[[Engine], None] | None = None,
    argv: list[str] | None = None,
) -> None:
    settings = settings_factory()
    parser = argparse.ArgumentParser(prog=f"python -m {settings.service_name}")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="load reference data and serve HTTP (schema at head)")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    serve.add_argument("--workers", type=int, default=1)
    sub.add_parser(
        "migrate", help="apply the database migrations and exit (the only command that does)"
    )
    sub.add_parser("seed-demo", help="load the demo data (idempotent; schema at head)")
    sub.add_parser("prune", help="run the retention job once (serve also runs it hourly)")
    args = parser.parse_args(argv)
    configure_logging(settings.service_name, settings.log_level)
    url = settings.resolved_database_url()
    migrate_command = f"python -m {settings.service_name.replace('-', '_')} migrate"
    if args.command == "migrate":
        upgrade_to_head(migrations_dir, url)
        log.info("database schema at head")
        return
    # built first: a refused configuration (e.g. a missing key) is reported before the schema
    app = (
        create_app(settings.model_copy(update={"migrate_on_start": False}))
        if args.command == "serve"
        else None
    )
    try:
        require_schema_not_behind(migrations_dir, url, migrate_command)
    except SchemaBehind as exc:
        log.error("refused: %s", exc)
        print(f"error: {exc}", file=sys.stderr)
        raise SystemExit(2) from exc
    if args.command == "seed-demo":
        if seed_demo is not None:
            _seed(url, seed_demo, load_reference)
        return
    if args.command == "prune":
        engine = make_engine(url)
        try:
            keep = timedelta(hours=settings.idempotency_retention_hours)
            print(
                json.dumps(
                    {"idempotency_record": run_retention(engine, settings.service_name, keep=keep)}
                )
            )
        finally:
            engine.dispose()
        return
    uvicorn.run(
        app,  # type: ignore[arg-type]
        host=args.host,
        port=args.port,
        log_config=None,
        access_log=False,
        proxy_headers=False,
        server_header=False,
    )


def _seed(url: str, seed_demo: SeedDemo, load_reference: Callable[[Engine], None] | None) -> None:
    engine = make_engine(url)
    if load_reference is not None:
        load_reference(engine)
    session = open_write_session(engine)
    try:
        seed_demo(session)
        session.commit()
    finally:
        session.close()
        engine.dispose()
