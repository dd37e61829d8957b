"""The demo tenant's subscriptions: two plans and subscriptions trialing, active and set to
cancel at the period's end, readable by its manager."""

from __future__ import annotations

from tests.support.demo import demo_logins, log_in
from tests.support.graphql import GraphQLClient
from tests.support.stack import Stack
from tests.support.subscriptions import PLANS

STATES = """query States { subscriptions(first: 50) { edges { node {
  number status cancelAtPeriodEnd } } } }"""


def test_the_demo_has_two_plans_and_subscriptions_in_several_states(
    api: GraphQLClient, stack: Stack
) -> None:
    logins = demo_logins(stack)
    manager = log_in(api, logins, "manager@demo.example.com")
    plans = manager.data(PLANS)["subscriptionPlans"]["edges"]
    assert {p["node"]["code"] for p in plans} == {"TONER-MONTHLY", "PAPER-YEARLY"}
    rows = [e["node"] for e in manager.data(STATES)["subscriptions"]["edges"]]
    states = {(r["status"], r["cancelAtPeriodEnd"]) for r in rows}
    assert states == {("TRIALING", False), ("ACTIVE", False), ("ACTIVE", True)}
