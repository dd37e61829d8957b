"""A newcomer runs `orbit seed-demo` (scripts/run does) and signs in with the logins it prints:
one colleague per department with that department's role, and a customer on the portal."""

from __future__ import annotations

import pytest

from tests.support.demo import Logins, log_in, portal_log_in, printed_logins, seeded_demo
from tests.support.graphql import GraphQLClient
from tests.support.stack import Stack

# Seeding the demo (a CLI run, twice for the idempotency checks) is slow on a busy machine.
pytestmark = pytest.mark.timeout(300)
VIEWER = "query { viewer { kind roles user { email department { key } } } tenant { slug name } }"
USERS = "query { users(first: 50) { edges { node { email status roles } } } }"
CUSTOMERS = """query { customers(first: 10) { edges { node {
    name owner { email } contacts { email portalEnabled } } } } }"""
PORTAL_VIEWER = "query { portalViewer { contact { email } customer { name } tenant { slug } } }"


@pytest.fixture(scope="module")
def seed_runs(stack: Stack) -> tuple[str, str]:
    """The output of two runs, one after the other, against the session's database."""
    return seeded_demo(stack)


@pytest.fixture(scope="module")
def logins(seed_runs: tuple[str, str]) -> Logins:
    return printed_logins(seed_runs[0])


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

    customers = {
        edge["node"]["name"]: edge["node"] for edge in sales.data(CUSTOMERS)["customers"]["edges"]
    }

    northwind = customers["Northwind Retail Ltd"]
    assert northwind["owner"] == {"email": "sales@demo.example.com"}
    assert northwind["contacts"] == [{"email": logins.portal, "portalEnabled": True}]
    assert {c["owner"]["email"] for c in customers.values()} == {"sales@demo.example.com"}


def test_the_printed_portal_contact_signs_in_to_the_portal(
    api: GraphQLClient, logins: Logins
) -> None:
    seen = portal_log_in(api, logins).data(PORTAL_VIEWER)["portalViewer"]

    assert seen == {
        "contact": {"email": logins.portal},
        "customer": {"name": "Northwind Retail Ltd"},
        "tenant": {"slug": "demo"},
    }


DEMO_ORDERS = """query { orders(first: 50) { edges { node { number status channel
  lines { skuCode } customer { name } } } } }"""
PORTAL_CATALOG = "query { portalCatalog(first: 10) { edges { node { code } } } }"


def test_the_demo_has_stocked_products_and_orders_at_every_step(
    api: GraphQLClient, logins: Logins
) -> None:
    manager = log_in(api, logins, "manager@demo.example.com")

    orders = [edge["node"] for edge in manager.data(DEMO_ORDERS)["orders"]["edges"]]

    assert {order["status"] for order in orders} == {
        "DRAFT",
        "PENDING_APPROVAL",
        "CONFIRMED",
        "AWAITING_PAYMENT",
        "PAID",
        "READY_TO_SHIP",
        "SHIPPED",
        "DELIVERED",
        "COMPLETED",
        "CANCELLED",
    }
    catalog = portal_log_in(api, logins).data(PORTAL_CATALOG)["portalCatalog"]
    assert [edge["node"]["code"] for edge in catalog["edges"]] == [
        "PAPER-A4",
        "STAPLER-24",
        "TONER-K",
    ]
