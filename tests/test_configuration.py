"""Start-up refuses invalid configuration with one line naming the setting, for every
command, before touching PostgreSQL or Redis. (The checks are the same code for every
command, so the full list of mistakes runs through one of them.)"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.support.stack import ORBIT, Stack

COMMANDS = [("serve", "--host", "127.0.0.1", "--port", "1"), ("worker",), ("migrate",)]
INVALID = [
    ({"ORBIT_REDIS_URL": "not-a-url"}, "ORBIT_REDIS_URL"),
    ({"ORBIT_JWT_SECRET": "short"}, "ORBIT_JWT_SECRET"),
    ({"ORBIT_SMTP_PORT": "abc"}, "ORBIT_SMTP_PORT"),
    ({"ORBIT_SMTP_PORT": "70000"}, "ORBIT_SMTP_PORT"),
    ({"ORBIT_DATABASE_URL": "mysql://root@localhost/orbit"}, "ORBIT_DATABASE_URL"),
    ({"ORBIT_ENVIRONMENT": "staging"}, "ORBIT_ENVIRONMENT"),
    ({"ORBIT_GRAPHQL_MAX_DEPTH": "0"}, "ORBIT_GRAPHQL_MAX_DEPTH"),
    ({"ORBIT_TENANT_RATE_LIMIT_PER_MINUTE": "many"}, "ORBIT_TENANT_RATE_LIMIT_PER_MINUTE"),
    ({"ORBIT_REDIS_NAMESPACE": "has spaces"}, "ORBIT_REDIS_NAMESPACE"),
    ({"ORBIT_SECRETS_KEYS": "not-a-fernet-key"}, "ORBIT_SECRETS_KEYS"),
    ({"ORBIT_STRIPE_API_BASE": "localhost:12111"}, "ORBIT_STRIPE_API_BASE"),
    # Missing: production must bring its own signing key, not the public default.
    ({"ORBIT_ENVIRONMENT": "production"}, "ORBIT_JWT_SECRET"),
]


def run(
    command: tuple[str, ...], settings: dict[str, str], cwd: Path
) -> subprocess.CompletedProcess[str]:
    """The command with only `settings` configured (no developer .env: cwd is empty)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ORBIT_")}
    return subprocess.run(
        [ORBIT, *command],
        env={**env, **settings},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def assert_refused_in_one_line(result: subprocess.CompletedProcess[str], named: str) -> None:
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Invalid configuration:") and named in lines[0]
    assert "Traceback" not in result.stderr and result.stdout == ""


@pytest.mark.parametrize("settings, named", INVALID, ids=[s for _, s in INVALID])
def test_invalid_configuration_stops_start_up_naming_the_setting(
    tmp_path: Path, settings: dict[str, str], named: str
) -> None:
    assert_refused_in_one_line(run(("migrate",), settings, tmp_path), named)


@pytest.mark.parametrize("command", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_every_command_checks_the_configuration_first(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    # Nothing listens on port 1: a command that got past the check would fail differently.
    settings = {
        "ORBIT_SMTP_PORT": "abc",
        "ORBIT_REDIS_URL": "redis://127.0.0.1:1/0",
        "ORBIT_DATABASE_URL": "postgresql://nobody@127.0.0.1:1/orbit",
    }
    assert_refused_in_one_line(run(command, settings, tmp_path), "ORBIT_SMTP_PORT")


def test_every_problem_is_named_in_the_one_line(tmp_path: Path) -> None:
    result = run(("migrate",), {"ORBIT_REDIS_URL": "nope", "ORBIT_SMTP_PORT": "abc"}, tmp_path)
    [line] = result.stderr.strip().splitlines()
    assert "ORBIT_REDIS_URL" in line and "ORBIT_SMTP_PORT" in line


def test_production_refuses_the_public_development_secrets_key(tmp_path: Path) -> None:
    result = run(
        ("migrate",),
        {
            "ORBIT_ENVIRONMENT": "production",
            "ORBIT_JWT_SECRET": "a-production-secret-of-our-own-0123456789",
        },
        tmp_path,
    )
    assert_refused_in_one_line(result, "ORBIT_SECRETS_KEYS")


def test_production_with_its_own_secret_is_accepted(tmp_path: Path) -> None:
    """The production rules above refuse the defaults only: export-schema reads the same
    settings and succeeds with a real secret and key."""
    output = tmp_path / "schema.graphql"
    result = run(
        ("export-schema", "--output", str(output)),
        {
            "ORBIT_ENVIRONMENT": "production",
            "ORBIT_JWT_SECRET": "a-production-secret-of-our-own-0123456789",
            "ORBIT_SECRETS_KEYS": "cHJvZHVjdGlvbi1rZXktb2Ytb3VyLW93bi0wMTIzNDU=",
        },
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert "type Query" in output.read_text()


UNREACHABLE = [
    ({"ORBIT_REDIS_URL": "redis://127.0.0.1:1/0"}, "ORBIT_REDIS_URL"),
    (
        {"ORBIT_APP_DATABASE_URL": "postgresql://orbit_app@127.0.0.1:1/orbit"},
        "ORBIT_APP_DATABASE_URL",
    ),
]


@pytest.mark.parametrize(
    "command",
    [("serve", "--host", "127.0.0.1", "--port", "1"), ("worker",)],
    ids=["serve", "worker"],
)
@pytest.mark.parametrize("settings, named", UNREACHABLE, ids=[n for _, n in UNREACHABLE])
def test_unreachable_backends_stop_start_up_naming_the_setting(
    stack: Stack, tmp_path: Path, command: tuple[str, ...], settings: dict[str, str], named: str
) -> None:
    """Valid settings, but nothing answers there: one line, the setting, no traceback."""
    working = {k: v for k, v in stack.env.items() if k.startswith("ORBIT_")}
    result = run(command, {**working, **settings}, tmp_path)
    assert result.returncode != 0
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and named in lines[0], result.stderr
    assert "Traceback" not in result.stderr
