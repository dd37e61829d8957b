"""The `orbit` command: serve, worker, migrate, seed-demo, create-tenant, export-schema."""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.settings import ConfigurationError, Settings, get_settings

# Where `export-schema` writes by default: the repository root (platform/orbit/cli.py is two
# levels below it). Computed here so that every command starts without importing Alembic.
SCHEMA_FILE = Path(__file__).resolve().parents[2] / "schema.graphql"


def _require_backends(settings: Settings) -> None:
    from orbit.runtime import backend_problem

    problem = asyncio.run(backend_problem(settings))
    if problem:
        sys.exit(problem)


def _serve(settings: Settings, args: argparse.Namespace) -> None:
    import uvicorn

    _require_backends(settings)
    workers = args.workers or settings.api_workers or len(os.sched_getaffinity(0))
    # The client address of every per-IP limit comes from X-Forwarded-For, but only when the
    # connection comes from one of the proxies named in ORBIT_FORWARDED_ALLOW_IPS.
    options: dict[str, Any] = {
        "host": args.host,
        "port": args.port,
        "log_config": None,
        "access_log": False,
        "timeout_graceful_shutdown": 20,
        "proxy_headers": True,
        "forwarded_allow_ips": settings.forwarded_allow_ips,
    }
    if workers == 1:
        uvicorn.run(served_app(settings), **options)
        return
    with _metrics_shared_between_processes():
        # Each process builds its own app (and pools) from the same environment.
        uvicorn.run("orbit.cli:served_app", factory=True, workers=workers, **options)


def served_app(settings: Settings | None = None) -> Any:
    """The API as `orbit serve` runs it: the app, then the collector tuned for serving."""
    from orbit.app import create_app

    app = create_app(settings)
    _tune_garbage_collector()
    return app


@contextmanager
def _metrics_shared_between_processes() -> Iterator[None]:
    """Prometheus's multiprocess mode: every API process writes its metrics to files in one
    directory, and /metrics (answered by any of them) adds them up. It must be set before
    the processes import prometheus_client, so here, in the parent that starts them."""
    given = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    directory = Path(given or tempfile.mkdtemp(prefix="orbit-metrics-"))
    directory.mkdir(parents=True, exist_ok=True)
    for stale in directory.glob("*.db"):
        stale.unlink()
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(directory)
    try:
        yield
    finally:
        if given is None:
            shutil.rmtree(directory, ignore_errors=True)


def _tune_garbage_collector() -> None:
    """Keep the collector's pauses out of request latency. The objects built at start-up
    (GraphQL schema, mappers, policies: most of the heap, and all long-lived) are frozen so
    full collections no longer walk them, and collections run after 100,000 new container
    objects instead of 700, so a request's short-lived objects are rarely promoted to an
    older generation only to be found dead there. Measured on the order list (bench/,
    docs/performance.md): every twelfth request paid a pause of about 200 ms before.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(100_000, 50, 100)


def _worker(settings: Settings, args: argparse.Namespace) -> None:
    from orbit.worker import run_worker

    _require_backends(settings)
    _tune_garbage_collector()
    run_worker(settings, metrics_host=args.metrics_host)


def _mailcatcher(settings: Settings, args: argparse.Namespace) -> None:
    from orbit.mailcatcher import run_mailcatcher

    run_mailcatcher(settings, args.host, args.port)


def _inbound_mail(settings: Settings, args: argparse.Namespace) -> None:
    from orbit.inbound_smtp import run_inbound_mail

    _require_backends(settings)
    run_inbound_mail(settings, args.host, args.port)


def _migrate(settings: Settings, _: argparse.Namespace) -> None:
    from core.migrate import asyncpg_dsn, upgrade
    from rbac.sync import grant_full_catalog_to_admins

    upgrade(settings)
    granted = asyncio.run(grant_full_catalog_to_admins(asyncpg_dsn(settings.database_url)))
    print(
        f"Database schema is at the latest revision; {granted} permission(s) added to "
        "administrator roles."
    )


def _seed_demo(settings: Settings, _: argparse.Namespace) -> None:
    from orbit.demo import seed_demo

    print(asyncio.run(seed_demo(settings)))


def _create_tenant(settings: Settings, args: argparse.Namespace) -> None:
    from orbit.demo import create_tenant

    print(
        asyncio.run(
            create_tenant(
                settings, args.name, args.slug, args.owner_name, args.email, args.password
            )
        )
    )


def _export_schema(settings: Settings, args: argparse.Namespace) -> None:
    from orbit.schema import build_schema

    sdl = build_schema(settings).as_str() + "\n"
    if args.check:
        current = Path(args.output).read_text() if Path(args.output).exists() else ""
        if current != sdl:
            sys.exit(f"{args.output} is stale; run `orbit export-schema`.")
        print(f"{args.output} is up to date.")
        return
    Path(args.output).write_text(sdl)
    print(f"Wrote {args.output}.")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="orbit", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the API (GraphQL, OAuth, front end)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=None,
        help="API processes (default: ORBIT_API_WORKERS, else one per CPU)",
    )
    serve.set_defaults(run=_serve)
    worker = commands.add_parser("worker", help="run the background worker")
    worker.add_argument(
        "--metrics-host",
        default="127.0.0.1",
        help="address the metrics server (ORBIT_WORKER_METRICS_PORT) listens "
        "on; 0.0.0.0 in a container that Prometheus scrapes from outside",
    )
    worker.set_defaults(run=_worker)
    catcher = commands.add_parser("mailcatcher", help="catch outgoing mail locally (development)")
    catcher.add_argument("--host", default="127.0.0.1")
    catcher.add_argument("--port", type=int, default=1025)
    catcher.set_defaults(run=_mailcatcher)
    inbound = commands.add_parser(
        "inbound-mail", help="receive support mail for ORBIT_INBOUND_MAIL_DOMAIN (SMTP)"
    )
    inbound.add_argument("--host", default="127.0.0.1")
    inbound.add_argument("--port", type=int, default=2525)
    inbound.set_defaults(run=_inbound_mail)
    commands.add_parser("migrate", help="create roles and apply migrations").set_defaults(
        run=_migrate
    )
    commands.add_parser("seed-demo", help="create the demo tenant and users").set_defaults(
        run=_seed_demo
    )
    tenant = commands.add_parser("create-tenant", help="create a tenant and its owner")
    tenant.add_argument("--name", required=True)
    tenant.add_argument("--slug", required=True)
    tenant.add_argument("--owner-name", required=True)
    tenant.add_argument("--email", required=True)
    tenant.add_argument("--password", required=True)
    tenant.set_defaults(run=_create_tenant)
    export = commands.add_parser("export-schema", help="write schema.graphql")
    export.add_argument("--output", default=str(SCHEMA_FILE))
    export.add_argument("--check", action="store_true", help="fail when the file is stale")
    export.set_defaults(run=_export_schema)
    return parser


def main(argv: list[str] | None = None) -> None:
    args = build_parser().parse_args(argv)
    try:
        settings = get_settings()
    except ConfigurationError as error:
        sys.exit(str(error))
    args.run(settings, args)


if __name__ == "__main__":
    main()
