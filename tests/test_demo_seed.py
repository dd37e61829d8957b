"""A newcomer runs `orbit seed-demo` (scripts/run does) and signs in with the logins it prints:
one colleague per department with that department's role, and a customer on the portal."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass

import pytest

from tests.support.graphql import LOG_IN, GraphQLClient
from tests.support.stack import ORBIT, REPO, Stack

VIEWER = "query { viewer { kind roles user { email department { key } } } tenant { slug name } }"
USERS = "query { users(first: 50) { edges { node { email status roles } } } }"
CUSTOMERS = """query { customers(first: 10) { edges { node {
    name owner { email } contacts { email portalEnabled } } } } }"""
PORTAL_LOG_IN = """mutation P($input: PortalLogInInput!) {
  portalLogIn(input: $input) { accessToken userErrors { code } } }"""
PORTAL_VIEWER = "query { portalViewer { contact { email } customer { name } tenant { slug } } }"


@dataclass(frozen=True)
class Logins:
    tenant: str
    password: str
    staff: list[str]
    portal: str


def seed_demo(stack: Stack) -> str:
    done = subprocess.run(
        [ORBIT, "seed-demo"], env=stack.env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


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


@pytest.fixture(scope="module")
def seed_runs(stack: Stack) -> tuple[str, str]:
    """The output of two runs, one after the other, against the session's database."""
    return seed_demo(stack), seed_demo(stack)


@pytest.fixture(scope="module")
def logins(seed_runs: tuple[str, str]) -> Logins:
    return printed_logins(seed_runs[0])


def log_in(api: GraphQLClient, logins: Logins, email: str) -> GraphQLClient:
    payload = api.data(
        LOG_IN,
        {"input": {"tenantSlug": logins.tenant, "email": email, "password": logins.password}},
    )["logIn"]
    assert payload["userErrors"] == [], (email, payload["userErrors"])
    return api.as_(payload["accessToken"])


def test_the_second_run_adds_nothing_and_prints_the_same_logins(seed_runs: tuple[str, str]) -> None:
    first, second = seed_runs
    assert "Created the demo tenant" in first
    assert "already exists; nothing to do" in second
    assert printed_logins(first) == printed_logins(second)


@pytest.mark.parametrize(
    ("email", "department", "roles"),
    [
        ("owner@demo.example.com", "management", ["admin"]),
        ("sales@demo.example.com", "sales", ["sales"]),
        ("warehouse@demo.example.com", "warehouse", ["warehouse"]),
        ("finance@demo.example.com", "finance", ["finance"]),
        ("support@demo.example.com", "support", ["support"]),
        ("manager@demo.example.com", "management", ["manager"]),
    ],
)
def test_each_printed_colleague_signs_in_with_their_department_and_role(
    api: GraphQLClient, logins: Logins, email: str, department: str, roles: list[str]
) -> None:
    assert email in logins.staff

    viewer = log_in(api, logins, email).data(VIEWER)

    assert viewer["tenant"] == {"slug": "demo", "name": "Orbit Demo Trading"}
    assert viewer["viewer"]["kind"] == "STAFF"
    assert viewer["viewer"]["roles"] == roles
    assert viewer["viewer"]["user"] == {"email": email, "department": {"key": department}}


def test_the_demo_staff_exist_once_each_and_are_active(api: GraphQLClient, logins: Logins) -> None:
    owner = log_in(api, logins, logins.staff[0])

    users = [edge["node"] for edge in owner.data(USERS)["users"]["edges"]]

    assert sorted(u["email"] for u in users) == sorted(logins.staff)
    assert {u["status"] for u in users} == {"ACTIVE"}


def test_the_sales_colleague_owns_the_demo_customer_whose_contact_has_portal_access(
    api: GraphQLClient, logins: Logins
) -> None:
    sales = log_in(api, logins, "sales@demo.example.com")

    [customer] = [edge["node"] for edge in sales.data(CUSTOMERS)["customers"]["edges"]]

    assert customer["owner"] == {"email": "sales@demo.example.com"}
    assert customer["contacts"] == [{"email": logins.portal, "portalEnabled": True}]


def test_the_printed_portal_contact_signs_in_to_the_portal(
    api: GraphQLClient, logins: Logins
) -> None:
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
    assert payload["userErrors"] == []

    seen = api.as_(payload["accessToken"]).data(PORTAL_VIEWER)["portalViewer"]

    assert seen == {
        "contact": {"email": logins.portal},
        "customer": {"name": "Northwind Retail Ltd"},
        "tenant": {"slug": "demo"},
    }


DEMO_ORDERS = """query { orders(first: 20) { edges { node { status channel lines { skuCode }
  customer { name } } } } }"""
PORTAL_CATALOG = "query { portalCatalog(first: 10) { edges { node { code } } } }"


def test_the_demo_has_stocked_products_and_orders_at_several_steps(
    api: GraphQLClient, logins: Logins
) -> None:
    sales = log_in(api, logins, "sales@demo.example.com")

    orders = [edge["node"] for edge in sales.data(DEMO_ORDERS)["orders"]["edges"]]

    assert sorted(order["status"] for order in orders) == [
        "AWAITING_PAYMENT",
        "CONFIRMED",
        "DRAFT",
        "READY_TO_SHIP",
        "SHIPPED",
    ]
    assert {order["customer"]["name"] for order in orders} == {"Northwind Retail Ltd"}
    portal = api.data(
        PORTAL_LOG_IN,
        {
            "input": {
                "tenantSlug": logins.tenant,
                "email": logins.portal,
                "password": logins.password,
            }
        },
    )["portalLogIn"]
    catalog = api.as_(portal["accessToken"]).data(PORTAL_CATALOG)["portalCatalog"]
    assert [edge["node"]["code"] for edge in catalog["edges"]] == [
        "PAPER-A4",
        "STAPLER-24",
        "TONER-K",
    ]
