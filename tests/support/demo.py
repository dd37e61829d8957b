"""The demo tenant `orbit seed-demo` makes (scripts/run does it for a newcomer): seeding it
once per test session, reading the logins it prints and signing its people in."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

from tests.support.graphql import LOG_IN, GraphQLClient
from tests.support.stack import ORBIT, REPO, Stack

PORTAL_LOG_IN = """mutation P($input: PortalLogInInput!) {
  portalLogIn(input: $input) { accessToken userErrors { code } } }"""
DEMO_ROLE_USERS = {
    "admin": "owner@demo.example.com",
    "sales": "sales@demo.example.com",
    "warehouse": "warehouse@demo.example.com",
    "finance": "finance@demo.example.com",
    "support": "support@demo.example.com",
    "manager": "manager@demo.example.com",
}


@dataclass(frozen=True)
class Logins:
    tenant: str
    password: str
    staff: list[str]
    portal: str


def run_seed_demo(stack: Stack) -> str:
    done = subprocess.run(
        [ORBIT, "seed-demo"], env=stack.env, cwd=REPO, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


_RUNS: dict[str, list[str]] = {}


def seed_output(stack: Stack, run: int) -> str:
    """What the session's `run`-th seed (0 or 1) printed; earlier runs happen first, each
    once per stack, whichever test asks first."""
    outputs = _RUNS.setdefault(stack.base_url, [])
    while len(outputs) <= run:
        outputs.append(run_seed_demo(stack))
    return outputs[run]


def seeded_demo(stack: Stack) -> tuple[str, str]:
    """The output of the session's first two seed runs, one after the other."""
    return seed_output(stack, 0), seed_output(stack, 1)


def printed_logins(output: str) -> Logins:
    header = re.search(r'organisation "([^"]+)", password "([^"]+)"', output)
    assert header, output
    console, _, portal = output.partition("Customer portal:")
    emails = re.compile(r"\S+@\S+\.\w+")
    return Logins(
        tenant=header.group(1),
        password=header.group(2),
        staff=emails.findall(console),
        portal=emails.findall(portal)[0],
    )


def demo_logins(stack: Stack) -> Logins:
    """The logins the first seed printed (the demo is seeded by then)."""
    return printed_logins(seed_output(stack, 0))


def log_in(api: GraphQLClient, logins: Logins, email: str) -> GraphQLClient:
    payload = api.data(
        LOG_IN,
        {"input": {"tenantSlug": logins.tenant, "email": email, "password": logins.password}},
    )["logIn"]
    assert payload["userErrors"] == [], (email, payload["userErrors"])
    return api.as_(payload["accessToken"])


def portal_log_in(api: GraphQLClient, logins: Logins) -> GraphQLClient:
    payload = api.data(
        PORTAL_LOG_IN,
        {
            "input": {
                "tenantSlug": logins.tenant,
                "email": logins.portal,
                "password": logins.password,
            }
        },
    )["portalLogIn"]
    assert payload["userErrors"] == [], payload["userErrors"]
    return api.as_(payload["accessToken"])
