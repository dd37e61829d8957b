"""Order approvals through GraphQL: the rules evaluated on submit (credit, discount, amount
levels), the approvers' inbox, deciding steps in sequence, rejection back to Draft with a
notice, stock short at approval, double and concurrent decisions, reminders sent by the real
worker, the rules as a tenant setting, and other tenants' ids."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest

from tests.support.catalog import create_product
from tests.support.concurrency import all_at_once
from tests.support.database import owner_sql, owner_value
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    errors_of,
    invite_and_join,
    row_id,
    sign_up,
)
from tests.support.inventory import receive
from tests.support.orders import Shop, acted, customer, open_shop, stock
from tests.support.stack import Mailbox, Stack
from tests.support.waiting import wait_until

STEP_FIELDS = """id sequence level permission status waitingSince decidedBy decisionReason
  reasons { code message }"""
ORDER_FIELDS = f"""id number status total {{ amount currency }}
  lines {{ reservedQuantity }} availableTransitions {{ action }}
  statusHistory {{ toStatus action note }}
  approval {{ id status orderNumber steps {{ {STEP_FIELDS} }} }}"""
CREATE_ORDER = f"""mutation CreateOrder($input: CreateOrderInput!) {{
  createOrder(input: $input) {{ order {{ {ORDER_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
NODE = f"""query Node($id: ID!) {{ node(id: $id) {{ id ... on Order {{ {ORDER_FIELDS} }}
  ... on ApprovalStep {{ stepStatus: status }} }} }}"""
INBOX = """query Inbox($first: Int, $after: String) { approvalInbox(first: $first, after: $after) {
  edges { node { id level orderNumber customerName orderTotal { amount currency }
    reasons { code } waitingSince request { status } order { id status } } }
  pageInfo { hasNextPage endCursor } } }"""
DECIDE = f"""mutation Decide($input: DecideApprovalInput!) {{ decideApproval(input: $input) {{
  step {{ {STEP_FIELDS} }} request {{ status }} order {{ {ORDER_FIELDS} }}
  userErrors {{ field code message params }} }} }}"""
SETTINGS = """query { approvalSettings { creditCheck discountThresholdPercent
  amountThresholds { above level } forbidSelfApproval reminderAfterHours } }"""
UPDATE_SETTINGS = """mutation U($input: UpdateApprovalSettingsInput!) {
  updateApprovalSettings(input: $input) { settings { creditCheck discountThresholdPercent
    amountThresholds { above level } forbidSelfApproval reminderAfterHours }
    userErrors { field code message } } }"""
UPDATE_CUSTOMER = """mutation U($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
  userErrors { field code } } }"""
SHORTFALL = """query Short($id: ID!) { node(id: $id) { ... on ApprovalStep {
  stockShortfall { line skuCode requested available warehouse }
  request { stockShortfall { line } } } } }"""
NOTIFICATIONS = """query { notifications(first: 50) { edges { node { kind title link } } } }"""
AUDIT = """query Audit($action: String!) { auditLog(filter: {action: $action}) {
  edges { node { targetType changes } } } }"""


@dataclass
class Desk:
    """A tenant whose sales rep enters orders and whose approvers decide them."""

    shop: Shop
    sales: TenantSession
    manager: TenantSession
    finance: TenantSession
    customer_id: str
    crane_id: str

    @property
    def owner(self) -> TenantSession:
        return self.shop.owner


@pytest.fixture(scope="module")
def desk(api: GraphQLClient, mailbox: Mailbox) -> Desk:
    shop = open_shop(api)
    sales = invite_and_join(shop.owner, mailbox, f"rep@{shop.owner.slug}.example.com", "sales")
    manager = invite_and_join(
        shop.owner, mailbox, f"boss@{shop.owner.slug}.example.com", "management"
    )
    finance = invite_and_join(shop.owner, mailbox, f"cfo@{shop.owner.slug}.example.com", "finance")
    crane = create_product(
        shop.owner, "CRANE", "Tower crane", "50000.00", cost="30000.00", taxRate="0.1"
    )["skus"][0]["id"]
    receive(shop.owner, shop.warehouse_id, crane, "100")
    return Desk(shop, sales, manager, finance, customer(sales, "Rep's Customer"), crane)


def submitted_order(
    session: TenantSession, customer_id: str, lines: list[tuple[str, str, str]]
) -> dict[str, Any]:
    """Create and submit an order of (sku, quantity, discount) lines."""
    payload = session.client.data(
        CREATE_ORDER,
        {
            "input": {
                "customerId": customer_id,
                "submit": True,
                "lines": [{"skuId": s, "quantity": q, "discountPercent": d} for s, q, d in lines],
            }
        },
    )
    result: dict[str, Any] = payload["createOrder"]
    assert result["userErrors"] == [], result["userErrors"]
    order: dict[str, Any] = result["order"]
    return order


def discounted(desk: Desk, quantity: str = "1", by: TenantSession | None = None) -> dict[str, Any]:
    """An order whose 8 % discount is above the default 5 % approval threshold."""
    return submitted_order(by or desk.sales, desk.customer_id, [(desk.shop.sku_id, quantity, "8")])


def decide(
    session: TenantSession,
    step_id: str,
    decision: str,
    reason: str | None = None,
    allow_backorder: bool = False,
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        DECIDE,
        {
            "input": {
                "stepId": step_id,
                "decision": decision,
                "reason": reason,
                "allowBackorder": allow_backorder,
            }
        },
    )["decideApproval"]
    return payload


def decided(
    session: TenantSession,
    step_id: str,
    decision: str,
    reason: str | None = None,
    allow_backorder: bool = False,
) -> dict[str, Any]:
    payload = decide(session, step_id, decision, reason, allow_backorder)
    assert payload["userErrors"] == [], payload["userErrors"]
    return payload


def decide_call(session: TenantSession, step: str, decision: str) -> Callable[[], dict[str, Any]]:
    return lambda: decide(session, step, decision, "Concurrent")


def steps(order: dict[str, Any]) -> list[tuple[str, str, list[str]]]:
    return [
        (s["level"], s["status"], [r["code"] for r in s["reasons"]])
        for s in order["approval"]["steps"]
    ]


def step_id(order: dict[str, Any], index: int = 0) -> str:
    value: str = order["approval"]["steps"][index]["id"]
    return value


def inbox_numbers(session: TenantSession) -> list[str]:
    edges = session.client.data(INBOX, {"first": 100})["approvalInbox"]["edges"]
    return [e["node"]["orderNumber"] for e in edges]


def reload(session: TenantSession, order_id: str) -> dict[str, Any]:
    node: dict[str, Any] = session.client.data(NODE, {"id": order_id})["node"]
    return node


def settings_change(session: TenantSession, **changes: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(UPDATE_SETTINGS, {"input": changes})[
        "updateApprovalSettings"
    ]
    return payload


def titles_of(session: TenantSession) -> list[str]:
    edges = session.client.data(NOTIFICATIONS)["notifications"]["edges"]
    return [e["node"]["title"] for e in edges]


# --- rules ---------------------------------------------------------------------------------


def test_the_default_rules_are_sensible_and_readable_by_approvers(desk: Desk) -> None:
    assert desk.manager.client.data(SETTINGS)["approvalSettings"] == {
        "creditCheck": True,
        "discountThresholdPercent": "5",
        "amountThresholds": [
            {"above": "100000", "level": "MANAGER"},
            {"above": "500000", "level": "DIRECTOR"},
        ],
        "forbidSelfApproval": True,
        "reminderAfterHours": 24,
    }
    assert desk.sales.client.error_codes(SETTINGS) == ["FORBIDDEN"]


def test_an_order_passing_every_rule_confirms_at_once(desk: Desk) -> None:
    order = submitted_order(desk.sales, desk.customer_id, [(desk.shop.sku_id, "2", "5")])
    assert order["status"] == "CONFIRMED"
    assert order["approval"] is None
    assert order["lines"][0]["reservedQuantity"] == "2.000"


def test_a_discount_above_the_threshold_waits_for_a_manager(desk: Desk) -> None:
    reserved_before = stock(desk.shop, desk.shop.sku_id)[1]
    order = discounted(desk, "3")
    assert order["status"] == "PENDING_APPROVAL"
    assert steps(order) == [("MANAGER", "PENDING", ["DISCOUNT"])]
    assert order["approval"]["steps"][0]["permission"] == "approvals:manager"
    assert (
        "8% is above the approval threshold of 5%"
        in (order["approval"]["steps"][0]["reasons"][0]["message"])
    )
    assert [h["toStatus"] for h in order["statusHistory"]] == [
        "DRAFT",
        "SUBMITTED",
        "PENDING_APPROVAL",
    ]
    assert stock(desk.shop, desk.shop.sku_id)[1] == reserved_before
    # Nobody confirms it past its approvers, not even an administrator.
    assert {t["action"] for t in reload(desk.owner, order["id"])["availableTransitions"]} == {
        "CANCEL"
    }
    assert order["number"] in inbox_numbers(desk.manager)
    assert order["number"] not in inbox_numbers(desk.finance)
    assert desk.sales.client.error_codes(INBOX) == ["FORBIDDEN"]
    wait_until(
        lambda: f"Order {order['number']} awaits your approval" in titles_of(desk.manager), 20.0
    )

    result = decided(desk.manager, step_id(order), "APPROVE", "Loyal customer")
    assert (result["step"]["status"], result["step"]["decidedBy"], result["request"]) == (
        "APPROVED",
        desk.manager.email,
        {"status": "APPROVED"},
    )
    confirmed = result["order"]
    assert confirmed["status"] == "CONFIRMED"
    assert confirmed["lines"][0]["reservedQuantity"] == "3.000"
    assert confirmed["statusHistory"][-1] == {
        "toStatus": "CONFIRMED",
        "action": "confirm",
        "note": "Loyal customer",
    }
    assert order["number"] not in inbox_numbers(desk.manager)
    audit = desk.owner.client.data(AUDIT, {"action": "approvals.approve"})["auditLog"]["edges"]
    assert audit and audit[0]["node"]["targetType"] == "approval_step"


def test_a_customer_over_its_credit_limit_waits_for_finance(desk: Desk) -> None:
    on_credit = customer(desk.sales, "Credit Customer")
    assert (
        desk.owner.client.data(
            UPDATE_CUSTOMER,
            {
                "input": {
                    "customerId": on_credit,
                    "paymentTerms": {"kind": "NET", "netDays": 30},
                    "creditLimit": "100",
                }
            },
        )["updateCustomer"]["userErrors"]
        == []
    )
    first = submitted_order(desk.sales, on_credit, [(desk.shop.sku_id, "5", "0")])  # 55.00 <= 100
    assert first["status"] == "CONFIRMED"
    second = submitted_order(desk.sales, on_credit, [(desk.shop.sku_id, "5", "0")])  # 55 + 55 > 100
    assert second["status"] == "PENDING_APPROVAL"
    assert steps(second) == [("FINANCE", "PENDING", ["CREDIT_LIMIT"])]
    message = second["approval"]["steps"][0]["reasons"][0]["message"]
    assert "open receivables 55.00" in message and "credit limit 100.00" in message
    assert second["number"] in inbox_numbers(desk.finance)
    assert second["number"] not in inbox_numbers(desk.manager)
    assert decided(desk.finance, step_id(second), "APPROVE")["order"]["status"] == "CONFIRMED"


def test_large_orders_are_approved_level_by_level(desk: Desk) -> None:
    over_100k = submitted_order(
        desk.sales, desk.customer_id, [(desk.crane_id, "2", "0")]
    )  # 110,000
    assert steps(over_100k) == [("MANAGER", "PENDING", ["AMOUNT"])]
    big = submitted_order(desk.sales, desk.customer_id, [(desk.crane_id, "10", "8")])  # 506,000
    assert steps(big) == [
        ("MANAGER", "PENDING", ["DISCOUNT", "AMOUNT"]),
        ("DIRECTOR", "WAITING", ["AMOUNT"]),
    ]
    manager_step, director_step = step_id(big, 0), step_id(big, 1)
    # The director (the administrator here, who may also decide the manager step) waits.
    assert inbox_numbers(desk.owner).count(big["number"]) == 1
    assert errors_of(decide(desk.owner, director_step, "APPROVE")) == {
        (("stepId",), "STEP_NOT_ACTIVE")
    }
    assert decided(desk.manager, manager_step, "APPROVE")["order"]["status"] == ("PENDING_APPROVAL")
    assert desk.manager.client.error_codes(
        DECIDE, {"input": {"stepId": director_step, "decision": "APPROVE"}}
    ) == ["FORBIDDEN"]
    assert big["number"] in inbox_numbers(desk.owner)
    result = decided(desk.owner, director_step, "APPROVE")
    assert result["order"]["status"] == "CONFIRMED"
    assert steps(result["order"]) == [
        ("MANAGER", "APPROVED", ["DISCOUNT", "AMOUNT"]),
        ("DIRECTOR", "APPROVED", ["AMOUNT"]),
    ]
    decided(desk.manager, step_id(over_100k), "APPROVE")


# --- decisions -----------------------------------------------------------------------------


def test_a_rejection_returns_the_order_to_draft_and_tells_its_creator(
    desk: Desk, mailbox: Mailbox
) -> None:
    order = discounted(desk)
    assert errors_of(decide(desk.manager, step_id(order), "REJECT", "  ")) == {
        (("reason",), "REASON_REQUIRED")
    }
    result = decided(desk.manager, step_id(order), "REJECT", "Discount too generous")
    assert (result["step"]["status"], result["request"]["status"]) == ("REJECTED", "REJECTED")
    draft = result["order"]
    assert draft["status"] == "DRAFT"
    assert draft["statusHistory"][-1] == {
        "toStatus": "DRAFT",
        "action": "reject",
        "note": "Discount too generous",
    }
    message = mailbox.wait_for(desk.sales.email, f"{order['number']} was not approved")[-1]
    assert "Discount too generous" in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    kinds = [
        (n["node"]["kind"], n["node"]["title"], n["node"]["link"])
        for n in desk.sales.client.data(NOTIFICATIONS)["notifications"]["edges"]
    ]
    rejected = f"Order {order['number']} was not approved"
    assert ("approval_rejected", rejected, f"/orders/{order['number']}") in kinds
    # Deciding again is refused, whatever the decision.
    assert errors_of(decide(desk.manager, step_id(order), "APPROVE")) == {
        (("stepId",), "ALREADY_DECIDED")
    }
    # Submitted again, it needs a fresh approval.
    again = acted(desk.sales, order["id"], "SUBMIT")
    assert again["status"] == "PENDING_APPROVAL"
    resubmitted = reload(desk.sales, order["id"])
    assert resubmitted["approval"]["id"] != order["approval"]["id"]
    assert steps(resubmitted) == [("MANAGER", "PENDING", ["DISCOUNT"])]
    acted(desk.sales, order["id"], "CANCEL")


def test_nobody_approves_their_own_order_unless_the_tenant_allows_it(desk: Desk) -> None:
    own = discounted(desk, by=desk.manager)
    assert own["number"] not in inbox_numbers(desk.manager)
    assert errors_of(decide(desk.manager, step_id(own), "APPROVE")) == {
        (("stepId",), "SELF_APPROVAL_FORBIDDEN")
    }
    assert settings_change(desk.owner, forbidSelfApproval=False)["userErrors"] == []
    try:
        assert own["number"] in inbox_numbers(desk.manager)
        assert decided(desk.manager, step_id(own), "APPROVE")["order"]["status"] == "CONFIRMED"
    finally:
        settings_change(desk.owner, forbidSelfApproval=True)


def test_stock_short_at_approval_leaves_everything_as_it_was(desk: Desk) -> None:
    scarce = create_product(
        desk.owner, "SCARCE", "Scarce part", "10.00", cost="6.00", taxRate="0.1"
    )["skus"][0]["id"]
    receive(desk.owner, desk.shop.warehouse_id, scarce, "5")
    order = submitted_order(desk.sales, desk.customer_id, [(scarce, "8", "8")])
    assert order["status"] == "PENDING_APPROVAL"
    short = decide(desk.manager, step_id(order), "APPROVE")
    assert errors_of(short) == {(("lines", "0", "quantity"), "INSUFFICIENT_STOCK")}
    assert "available: 5" in short["userErrors"][0]["message"]
    unchanged = reload(desk.manager, order["id"])
    assert unchanged["status"] == "PENDING_APPROVAL"
    assert steps(unchanged) == [("MANAGER", "PENDING", ["DISCOUNT"])]
    assert stock(desk.shop, scarce)[1] == Decimal(0)
    receive(desk.owner, desk.shop.warehouse_id, scarce, "5")
    assert decided(desk.manager, step_id(order), "APPROVE")["order"]["status"] == "CONFIRMED"
    assert stock(desk.shop, scarce)[1] == Decimal(8)


def test_the_approver_is_told_which_line_is_short_and_may_backorder_it(desk: Desk) -> None:
    scarce = create_product(desk.owner, "RARE", "Rare part", "10.00", cost="6.00", taxRate="0.1")[
        "skus"
    ][0]["id"]
    receive(desk.owner, desk.shop.warehouse_id, scarce, "3")
    order = submitted_order(
        desk.sales, desk.customer_id, [(desk.shop.sku_id, "1", "0"), (scarce, "7", "8")]
    )
    short = decide(desk.manager, step_id(order), "APPROVE")
    [error] = short["userErrors"]
    assert (error["field"], error["code"]) == (["lines", "1", "quantity"], "INSUFFICIENT_STOCK")
    assert error["params"] == {
        "line": "2",
        "sku": "RARE",
        "requested": "7",
        "available": "3",
        "warehouse": "MAIN",
    }
    assert "Line 2 (RARE)" in error["message"]
    backordered = decided(desk.manager, step_id(order), "APPROVE", allow_backorder=True)
    assert backordered["order"]["status"] == "CONFIRMED"
    assert [li["reservedQuantity"] for li in backordered["order"]["lines"]] == ["1.000", "3.000"]
    assert stock(desk.shop, scarce)[1:] == (Decimal(3), Decimal(0), Decimal(4))


def shortfall(session: TenantSession, step: str) -> dict[str, Any]:
    node: dict[str, Any] = session.client.data(SHORTFALL, {"id": step})["node"]
    return node


def test_the_approver_sees_the_short_lines_before_deciding(desk: Desk) -> None:
    scarce = create_product(desk.owner, "FEW", "Few part", "10.00", cost="6.00", taxRate="0.1")[
        "skus"
    ][0]["id"]
    receive(desk.owner, desk.shop.warehouse_id, scarce, "2")
    order = submitted_order(
        desk.sales,
        desk.customer_id,
        [(desk.shop.sku_id, "1", "0"), (scarce, "6", "8"), (desk.crane_id, "1", "0")],
    )
    before = shortfall(desk.manager, step_id(order))
    assert before["stockShortfall"] == [
        {"line": 2, "skuCode": "FEW", "requested": "6", "available": "2", "warehouse": "MAIN"}
    ]
    assert before["request"]["stockShortfall"] == [{"line": 2}]
    decided(desk.manager, step_id(order), "APPROVE", allow_backorder=True)
    assert shortfall(desk.manager, step_id(order))["stockShortfall"] == []


def test_an_approval_with_everything_in_stock_has_no_shortfall(desk: Desk) -> None:
    order = discounted(desk)
    assert shortfall(desk.manager, step_id(order))["stockShortfall"] == []


def test_of_concurrent_decisions_on_one_step_exactly_one_wins(desk: Desk) -> None:
    for decisions in (["APPROVE"] * 4, ["APPROVE", "REJECT", "APPROVE", "REJECT"]):
        order = discounted(desk)
        results = all_at_once([decide_call(desk.manager, step_id(order), d) for d in decisions])
        winners = [r for r in results if not r["userErrors"]]
        losers = [r for r in results if r["userErrors"]]
        assert len(winners) == 1, results
        assert all(errors_of(r) == {(("stepId",), "ALREADY_DECIDED")} for r in losers), losers
        final = reload(desk.manager, order["id"])
        assert final["status"] in ("CONFIRMED", "DRAFT")
        assert [h["toStatus"] for h in final["statusHistory"]].count(final["status"]) == (
            2 if final["status"] == "DRAFT" else 1
        )


def test_cancelling_a_waiting_order_closes_its_approval(desk: Desk) -> None:
    order = discounted(desk)
    acted(desk.sales, order["id"], "CANCEL")
    wait_until(lambda: reload(desk.manager, order["id"])["approval"]["status"] == "CANCELLED", 20.0)
    assert steps(reload(desk.manager, order["id"])) == [("MANAGER", "CANCELLED", ["DISCOUNT"])]
    assert order["number"] not in inbox_numbers(desk.manager)
    assert errors_of(decide(desk.manager, step_id(order), "APPROVE")) == {
        (("stepId",), "STEP_NOT_ACTIVE")
    }


def test_the_inbox_pages_by_cursor_longest_waiting_first(desk: Desk) -> None:
    numbers = [discounted(desk)["number"] for _ in range(3)]
    first = desk.manager.client.data(INBOX, {"first": 2})["approvalInbox"]
    assert first["pageInfo"]["hasNextPage"] is True
    seen = [e["node"]["orderNumber"] for e in first["edges"]]
    cursor = first["pageInfo"]["endCursor"]
    while cursor:
        page = desk.manager.client.data(INBOX, {"first": 2, "after": cursor})["approvalInbox"]
        seen += [e["node"]["orderNumber"] for e in page["edges"]]
        cursor = page["pageInfo"]["endCursor"] if page["pageInfo"]["hasNextPage"] else None
    assert seen == sorted(seen) and seen[-3:] == numbers
    node = desk.manager.client.data(INBOX, {"first": 1})["approvalInbox"]["edges"][0]["node"]
    assert (node["level"], node["customerName"], node["reasons"], node["request"]) == (
        "MANAGER",
        "Rep's Customer",
        [{"code": "DISCOUNT"}],
        {"status": "PENDING"},
    )
    assert node["order"]["status"] == "PENDING_APPROVAL" and node["waitingSince"]


# --- reminders -----------------------------------------------------------------------------


def test_a_step_waiting_too_long_is_reminded_once_by_the_worker(
    desk: Desk, stack: Stack, mailbox: Mailbox
) -> None:
    assert settings_change(desk.owner, reminderAfterHours=2)["userErrors"] == []
    try:
        order = discounted(desk)
        step = row_id(step_id(order))
        # Time cannot pass in a test: the step has been waiting for 3 hours.
        owner_sql(
            stack,
            "UPDATE approval_steps SET activated_at = now() - interval '3 hours' WHERE id = $1",
            step,
        )
        owner_sql(
            stack, "UPDATE approval_reminder_queue SET due_at = now() WHERE step_id = $1", step
        )
        subject = f"Reminder: order {order['number']} still awaits approval"
        mailbox.wait_for(desk.manager.email, subject, timeout=30)
        wait_until(
            lambda: (
                owner_value(
                    stack,
                    "SELECT due_at > now() + interval '30 minutes' FROM approval_reminder_queue "
                    "WHERE step_id = $1",
                    step,
                )
                is True
            ),
            20.0,
        )
        # Due again (as after a restart that lost track): the reminder is not sent twice.
        owner_sql(
            stack, "UPDATE approval_reminder_queue SET due_at = now() WHERE step_id = $1", step
        )
        wait_until(
            lambda: (
                owner_value(
                    stack,
                    "SELECT due_at > now() FROM approval_reminder_queue WHERE step_id = $1",
                    step,
                )
                is True
            ),
            30.0,
        )
        assert (
            owner_value(stack, "SELECT count(*) FROM approval_reminders WHERE step_id = $1", step)
            == 1
        )
        time.sleep(1)
        assert len(mailbox.matching(desk.manager.email, subject)) == 1
        titles = [
            n["node"]["title"]
            for n in desk.manager.client.data(NOTIFICATIONS)["notifications"]["edges"]
        ]
        assert titles.count(subject) == 1
        decided(desk.manager, step_id(order), "APPROVE")
        assert (
            owner_value(
                stack, "SELECT count(*) FROM approval_reminder_queue WHERE step_id = $1", step
            )
            == 0
        )
    finally:
        settings_change(desk.owner, reminderAfterHours=24)


# --- settings and tenants ------------------------------------------------------------------


def test_bad_settings_are_user_errors_and_good_ones_are_audited(desk: Desk) -> None:
    bad = settings_change(
        desk.owner,
        discountThresholdPercent="0",
        reminderAfterHours=0,
        amountThresholds=[{"above": "-1", "level": "MANAGER"}, {"above": "10", "level": "MANAGER"}],
    )
    assert (bad["settings"], errors_of(bad)) == (
        None,
        {
            (("discountThresholdPercent",), "INVALID_DISCOUNT_THRESHOLD"),
            (("reminderAfterHours",), "INVALID_REMINDER_HOURS"),
            (("amountThresholds", "0", "above"), "INVALID_AMOUNT"),
            (("amountThresholds", "1", "level"), "DUPLICATE_LEVEL"),
        },
    )
    assert errors_of(settings_change(desk.owner, discountThresholdPercent="100.5")) == {
        (("discountThresholdPercent",), "INVALID_DISCOUNT_THRESHOLD")
    }
    assert desk.manager.client.error_codes(UPDATE_SETTINGS, {"input": {"creditCheck": False}}) == [
        "FORBIDDEN"
    ]
    changed = settings_change(
        desk.owner,
        discountThresholdPercent=None,
        amountThresholds=[{"above": "1000", "level": "FINANCE"}],
    )
    try:
        assert changed["settings"]["discountThresholdPercent"] is None
        assert changed["settings"]["amountThresholds"] == [{"above": "1000", "level": "FINANCE"}]
        assert discounted(desk)["status"] == "CONFIRMED"  # no discount rule any more
        audit = desk.owner.client.data(AUDIT, {"action": "approvals.update_settings"})
        assert audit["auditLog"]["edges"]
    finally:
        settings_change(
            desk.owner,
            discountThresholdPercent="5",
            amountThresholds=[
                {"above": "100000", "level": "MANAGER"},
                {"above": "500000", "level": "DIRECTOR"},
            ],
        )


def test_another_tenants_steps_are_not_found(desk: Desk, api: GraphQLClient) -> None:
    order = discounted(desk)
    stranger = sign_up(api, name="Elsewhere Ltd")
    assert stranger.client.error_codes(
        DECIDE, {"input": {"stepId": step_id(order), "decision": "APPROVE"}}
    ) == ["NOT_FOUND"]
    assert stranger.client.error_codes(NODE, {"id": step_id(order)}) == ["NOT_FOUND"]
    assert stranger.client.error_codes(NODE, {"id": order["approval"]["id"]}) == ["NOT_FOUND"]
    assert order["number"] not in inbox_numbers(stranger)
    assert reload(desk.manager, order["id"])["approval"]["steps"][0]["status"] == "PENDING"
    acted(desk.sales, order["id"], "CANCEL")
