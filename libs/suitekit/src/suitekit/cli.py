"""`python -m <service> serve | migrate | seed-demo`: the same entry point for every service."""

import argparse
from collections.abc import Callable
from pathlib import Path

import uvicorn
from fastapi import FastAPI
from sqlalchemy import Engine
from sqlmodel import Session

from suitekit.db import make_engine, open_write_session
from suitekit.migrations import upgrade_to_head
from suitekit.observability import configure_logging
from suitekit.settings import ServiceSettings

SeedDemo = Callable[[Session], None]


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
    serve = sub.add_parser("serve", help="migrate, load reference data and serve HTTP")
    serve.add_argument("--host", default=settings.host)
    serve.add_argument("--port", type=int, default=settings.port)
    serve.add_argument("--workers", type=int, default=1)
    sub.add_parser("migrate", help="apply the database migrations and exit")
    sub.add_parser("seed-demo", help="load the demo data (idempotent)")
    args = parser.parse_args(argv)
    configure_logging(settings.service_name, settings.log_level)
    url = settings.resolved_database_url()
    if args.command == "migrate":
        upgrade_to_head(migrations_dir, url)
    elif args.command == "seed-demo":
        upgrade_to_head(migrations_dir, url)
        if seed_demo is not None:
            _seed(url, seed_demo, load_reference)
    else:
        app = create_app(settings)
        uvicorn.run(
            app,
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
