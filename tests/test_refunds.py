"""Refunds over GraphQL against the real stack and localstripe: a sales rep asks for a
refund on their customer's order, finance pays it back (through Stripe for a Stripe payment,
with a transfer reference for a manual one), the payment's and order's books follow and a
credit note is written; what may be refunded is never promised twice, even concurrently; a
refund Stripe refuses fails and changes nothing; refunds stay within the tenant and the
role."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

from tests.support.customers import hand_over
from tests.support.database import owner_sql
from tests.support.graphql import GraphQLClient, TenantSession, colleague, row_uuid
from tests.support.orders import open_shop
from tests.support.payments import RECONCILE, order_of, paid_by_transfer
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import (
    StripeShop,
    confirm_with_card,
    intent_event,
    open_stripe_shop,
    pay,
    portal_placed,
    sdk,
    signed_post,
)
from tests.support.waiting import wait_until

REFUND_FIELDS = """id number status paymentId paymentNumber orderId orderNumber customerName
  method amount { amount currency } reason reasonNote requestedByLabel decidedByLabel
  decisionNote executedAt stripeRefundId externalReference failureMessage"""
REQUEST = f"""mutation R($input: RequestRefundInput!) {{ requestRefund(input: $input) {{
  refund {{ {REFUND_FIELDS} }} userErrors {{ field code message }} }} }}"""
EXECUTE = f"""mutation E($input: ExecuteRefundInput!) {{ executeRefund(input: $input) {{
  refund {{ {REFUND_FIELDS} }} userErrors {{ field code message }} }} }}"""
REJECT = f"""mutation J($input: RejectRefundInput!) {{ rejectRefund(input: $input) {{
  refund {{ {REFUND_FIELDS} }} userErrors {{ field code message }} }} }}"""
REFUNDS = f"""query L($filter: RefundFilter) {{ refunds(first: 50, filter: $filter) {{
  edges {{ node {{ {REFUND_FIELDS} }} }} }} }}"""
CREDIT_NOTE = """query C($id: ID!) { node(id: $id) { ... on Refund { status
  creditNote { number kind basis total { amount } } } } }"""
REFUNDABLE = """query P($orderId: ID!) { refundablePayments(orderId: $orderId) {
  paymentId number method amount { amount } amountRefundable { amount } } }"""
PAYMENT = """query P($id: ID!) { node(id: $id) { ... on Payment { number
  amountRefunded { amount } refunds { number status } } } }"""
PAYMENTS = """query { payments(first: 50) { edges { node { id method reference } } } }"""
NODE = "query N($id: ID!) { node(id: $id) { id } }"
NOTIFICATIONS = """query { notifications(first: 50) { edges { node { kind title } } } }"""


# --- arranging ------------------------------------------------------------------------------


def stripe_payment_of(session: TenantSession, intent_id: str) -> str:
    def found() -> str | None:
        edges = session.client.data(PAYMENTS)["payments"]["edges"]
        return next((e["node"]["id"] for e in edges if e["node"]["reference"] == intent_id), None)

    return wait_until(found, 30, "the Stripe payment")


def paid_online(
    stack: Stack, shop: StripeShop, quantity: str = "3"
) -> tuple[dict[str, Any], str, str]:
    """An order of `quantity` bolts (11.00 each with tax) paid by card: the order, the
    PaymentIntent's id and the payment's global id."""
    order = portal_placed(shop, quantity)
    intent = pay(shop.buyer, order["portalId"])["payment"]["paymentIntentId"]
    assert confirm_with_card(stack, shop, intent).status == "succeeded"
    return order, intent, stripe_payment_of(shop.owner, intent)


def request(
    session: TenantSession, payment_id: str, amount: str, reason: str = "RETURN", **fields: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        REQUEST, {"input": {"paymentId": payment_id, "amount": amount, "reason": reason, **fields}}
    )["requestRefund"]
    return payload


def requested(
    session: TenantSession, payment_id: str, amount: str, **fields: Any
) -> dict[str, Any]:
    payload = request(session, payment_id, amount, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    refund: dict[str, Any] = payload["refund"]
    assert refund["status"] == "REQUESTED"
    return refund


def execute(session: TenantSession, refund_id: str, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        EXECUTE, {"input": {"refundId": refund_id, **fields}}
    )["executeRefund"]
    return payload


def reject(session: TenantSession, refund_id: str, note: str) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        REJECT, {"input": {"refundId": refund_id, "note": note}}
    )["rejectRefund"]
    return payload


def codes(payload: dict[str, Any]) -> list[tuple[str | None, str]]:
    return [((e["field"] or [None])[-1], e["code"]) for e in payload["userErrors"]]


def payment_books(session: TenantSession, payment_id: str) -> dict[str, Any]:
    node: dict[str, Any] = session.client.data(PAYMENT, {"id": payment_id})["node"]
    return node


def refundable(session: TenantSession, order_id: str) -> list[str]:
    return [
        p["amountRefundable"]["amount"]
        for p in session.client.data(REFUNDABLE, {"orderId": order_id})["refundablePayments"]
    ]


def stripe_refunds(stack: Stack, shop: StripeShop, intent: str) -> list[Any]:
    return list(
        sdk(stack, shop.secret_key)
        .v1.refunds.list(params={"payment_intent": intent, "limit": 100})
        .data
    )


def notified(session: TenantSession, kind: str) -> list[str]:
    return [
        e["node"]["title"]
        for e in session.client.data(NOTIFICATIONS)["notifications"]["edges"]
        if e["node"]["kind"] == kind
    ]


def in_parallel(count: int, work: Callable[[], dict[str, Any]]) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def run() -> None:
        outcome = work()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


# --- stories --------------------------------------------------------------------------------


def test_a_sales_rep_asks_and_finance_refunds_a_stripe_payment_in_two_parts(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    order, intent, payment_id = paid_online(stack, shop)  # 33.00
    rep, finance = (
        colleague(shop.owner, mailbox, "sales"),
        colleague(shop.owner, mailbox, "finance"),
    )
    hand_over(shop.owner, shop.buyer.customer_id, rep)

    assert refundable(rep, order["id"]) == ["33.00"]
    first = requested(rep, payment_id, "10.00", reason="CUSTOMER_REQUEST", note="Arrived late")
    assert (first["number"], first["orderNumber"], first["method"], first["amount"]) == (
        "RF-000001",
        order["number"],
        "STRIPE",
        {"amount": "10.00", "currency": "USD"},
    )
    assert first["requestedByLabel"] == rep.email
    assert refundable(rep, order["id"]) == ["23.00"]
    assert rep.client.error_codes(EXECUTE, {"input": {"refundId": first["id"]}}) == ["FORBIDDEN"]
    wait_until(lambda: notified(finance, "refund_requested"), 30, "finance's notice")

    paid_back = execute(finance, first["id"], note="Goodwill")
    assert paid_back["userErrors"] == []
    refund = paid_back["refund"]
    assert refund["status"] == "SUCCEEDED" and refund["executedAt"]
    assert refund["decidedByLabel"] == finance.email
    [at_stripe] = stripe_refunds(stack, shop, intent)
    assert (at_stripe.id, at_stripe.amount, at_stripe.metadata["orbit_refund_id"]) == (
        refund["stripeRefundId"],
        1000,
        str(row_uuid(refund["id"])),
    )
    assert order_of(finance, order["id"])["paymentStatus"] == "PARTIALLY_REFUNDED"
    assert payment_books(finance, payment_id) == {
        "number": refund["paymentNumber"],
        "amountRefunded": {"amount": "10.00"},
        "refunds": [{"number": "RF-000001", "status": "SUCCEEDED"}],
    }
    note = finance.client.data(CREDIT_NOTE, {"id": refund["id"]})["node"]["creditNote"]
    assert (note["kind"], note["basis"], note["total"]) == (
        "CREDIT_NOTE",
        "REFUND",
        {"amount": "10.00"},
    )
    wait_until(lambda: notified(rep, "refund_decided"), 30, "the rep's notice")

    rest = requested(rep, payment_id, "23.00")
    assert execute(finance, rest["id"])["refund"]["status"] == "SUCCEEDED"
    assert sorted(r.amount for r in stripe_refunds(stack, shop, intent)) == [1000, 2300]
    assert order_of(finance, order["id"])["paymentStatus"] == "REFUNDED"
    assert refundable(rep, order["id"]) == ["0.00"]
    assert codes(request(rep, payment_id, "0.01")) == [("amount", "ABOVE_REFUNDABLE")]
    assert [r["node"]["number"] for r in rep.client.data(REFUNDS)["refunds"]["edges"]] == [
        "RF-000002",
        "RF-000001",
    ]
    # The books agree: refunded amounts are the refunds' sums, each has its credit note.
    run = finance.client.data(RECONCILE)["runReconciliation"]["run"]
    assert (run["balanced"], run["mismatches"]) == (True, [])


def test_a_manual_payment_is_paid_back_with_the_transfers_reference(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, order, payment_id = paid_by_transfer(api)
    finance = colleague(shop.owner, mailbox, "finance")
    refund = requested(shop.owner, payment_id, "5.00", orderId=order["id"])

    assert codes(execute(finance, refund["id"])) == [("externalReference", "REFERENCE_REQUIRED")]
    assert codes(execute(finance, refund["id"], externalReference="  ")) == [
        ("externalReference", "REFERENCE_REQUIRED")
    ]
    done = execute(finance, refund["id"], externalReference="SEPA-4711")
    assert done["userErrors"] == []
    assert (
        done["refund"]["status"],
        done["refund"]["externalReference"],
        done["refund"]["stripeRefundId"],
    ) == ("SUCCEEDED", "SEPA-4711", None)
    assert order_of(finance, order["id"])["paymentStatus"] == "PARTIALLY_REFUNDED"
    assert payment_books(finance, payment_id)["amountRefunded"] == {"amount": "5.00"}
    assert finance.client.data(CREDIT_NOTE, {"id": refund["id"]})["node"]["creditNote"][
        "total"
    ] == {"amount": "5.00"}
    assert codes(execute(finance, refund["id"], externalReference="again")) == [
        ("refundId", "REFUND_NOT_REQUESTED")
    ]


def test_bad_requests_are_refused_and_pending_requests_count(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, order, payment_id = paid_by_transfer(api)  # 33.00
    finance = colleague(shop.owner, mailbox, "finance")
    assert codes(request(finance, payment_id, "0")) == [("amount", "AMOUNT_NOT_POSITIVE")]
    assert codes(request(finance, payment_id, "1.001")) == [("amount", "AMOUNT_PRECISION")]
    assert codes(request(finance, payment_id, "1.00", reason="OTHER")) == [
        ("note", "NOTE_REQUIRED")
    ]
    assert codes(request(finance, payment_id, "33.01")) == [("amount", "ABOVE_REFUNDABLE")]

    pending = requested(finance, payment_id, "25.00")
    assert refundable(finance, order["id"]) == ["8.00"]
    assert codes(request(finance, payment_id, "10.00")) == [("amount", "ABOVE_REFUNDABLE")]
    assert codes(reject(finance, pending["id"], " ")) == [("note", "NOTE_REQUIRED")]
    rejected = reject(finance, pending["id"], "Goods not returned")
    assert (rejected["refund"]["status"], rejected["refund"]["decisionNote"]) == (
        "REJECTED",
        "Goods not returned",
    )
    assert codes(reject(finance, pending["id"], "twice")) == [("refundId", "REFUND_NOT_REQUESTED")]
    assert codes(execute(finance, pending["id"], externalReference="X")) == [
        ("refundId", "REFUND_NOT_REQUESTED")
    ]
    assert refundable(finance, order["id"]) == ["33.00"]
    assert (
        requested(finance, payment_id, "10.00", reason="OTHER", note="Price match")["reasonNote"]
        == "Price match"
    )
    assert [
        r["node"]["status"]
        for r in finance.client.data(REFUNDS, {"filter": {"status": "REJECTED"}})["refunds"][
            "edges"
        ]
    ] == ["REJECTED"]
    assert order_of(finance, order["id"])["paymentStatus"] == "PAID"


def test_concurrent_requests_never_promise_more_than_was_paid(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, _, payment_id = paid_by_transfer(api)  # 33.00
    results = in_parallel(5, lambda: request(shop.owner, payment_id, "10.00"))
    accepted = sorted(r["refund"]["number"] for r in results if r["refund"])
    assert accepted == ["RF-000001", "RF-000002", "RF-000003"]
    assert sorted(code for r in results for _, code in codes(r)) == ["ABOVE_REFUNDABLE"] * 2


def test_executing_twice_at_once_pays_out_once(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    order, intent, payment_id = paid_online(stack, shop)
    finance = colleague(shop.owner, mailbox, "finance")
    refund = requested(shop.owner, payment_id, "10.00")
    results = in_parallel(2, lambda: execute(finance, refund["id"]))
    assert sorted(r["refund"]["status"] for r in results if r["refund"]) == ["SUCCEEDED"]
    assert [code for r in results for _, code in codes(r)] == ["REFUND_NOT_REQUESTED"]
    assert [r.amount for r in stripe_refunds(stack, shop, intent)] == [1000]
    assert payment_books(finance, payment_id)["amountRefunded"] == {"amount": "10.00"}
    assert order_of(finance, order["id"])["paymentStatus"] == "PARTIALLY_REFUNDED"


def test_a_refund_stripe_refuses_fails_and_the_books_stay_as_they_were(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    order = portal_placed(shop, "1")  # 11.00
    intent = pay(shop.buyer, order["portalId"])["payment"]["paymentIntentId"]
    # Orbit hears the payment succeeded; Stripe never charged it, so it refuses a refund.
    assert (
        signed_post(shop, intent_event("payment_intent.succeeded", intent, 1100)).json()["outcome"]
        == "payment_recorded"
    )
    payment_id = stripe_payment_of(shop.owner, intent)
    refund = requested(shop.owner, payment_id, "5.00")
    finance = colleague(shop.owner, mailbox, "finance")

    failed = execute(finance, refund["id"])
    assert codes(failed) == [("refundId", "STRIPE_REFUND_FAILED")]
    assert failed["refund"]["status"] == "FAILED"
    assert "Stripe refused" in failed["refund"]["failureMessage"]
    assert failed["userErrors"][0]["message"] == failed["refund"]["failureMessage"]
    assert order_of(shop.owner, order["id"])["paymentStatus"] == "PAID"
    assert payment_books(shop.owner, payment_id)["amountRefunded"] == {"amount": "0.00"}
    assert shop.owner.client.data(CREDIT_NOTE, {"id": refund["id"]})["node"]["creditNote"] is None
    assert refundable(shop.owner, order["id"]) == ["11.00"]  # a failed refund promises nothing
    assert codes(execute(shop.owner, refund["id"])) == [("refundId", "REFUND_NOT_REQUESTED")]

    owner_sql(
        stack,
        "UPDATE stripe_accounts SET secret_key_ciphertext = NULL WHERE tenant_id = $1",
        uuid.UUID(shop.tenant_id),
    )  # Stripe disconnected
    again = requested(shop.owner, payment_id, "5.00")
    assert codes(execute(finance, again["id"])) == [("refundId", "ONLINE_PAYMENT_UNAVAILABLE")]
    assert payment_books(shop.owner, payment_id)["refunds"] == [
        {"number": again["number"], "status": "REQUESTED"},
        {"number": refund["number"], "status": "FAILED"},
    ]


def test_refunds_stay_within_the_tenant_and_the_role(api: GraphQLClient, mailbox: Mailbox) -> None:
    shop, order, payment_id = paid_by_transfer(api)
    refund = requested(shop.owner, payment_id, "3.00")

    stranger = open_shop(api).owner
    assert stranger.client.error_codes(NODE, {"id": refund["id"]}) == ["NOT_FOUND"]
    assert stranger.client.data(REFUNDS)["refunds"]["edges"] == []
    assert stranger.client.data(REFUNDABLE, {"orderId": order["id"]})["refundablePayments"] == []
    assert codes(request(stranger, payment_id, "1.00")) == [("paymentId", "NOT_FOUND")]
    assert codes(execute(stranger, refund["id"], externalReference="X")) == [
        ("refundId", "NOT_FOUND")
    ]
    assert codes(reject(stranger, refund["id"], "mine now")) == [("refundId", "NOT_FOUND")]

    warehouse = colleague(shop.owner, mailbox, "warehouse")
    assert warehouse.client.error_codes(REFUNDS) == ["FORBIDDEN"]
    assert warehouse.client.error_codes(
        REQUEST, {"input": {"paymentId": payment_id, "amount": "1", "reason": "RETURN"}}
    ) == ["FORBIDDEN"]
    rep = colleague(shop.owner, mailbox, "sales")  # owns no customer: sees no payment
    assert codes(request(rep, payment_id, "1.00")) == [("paymentId", "NOT_FOUND")]
    assert rep.client.error_codes(REJECT, {"input": {"refundId": refund["id"], "note": "no"}}) == [
        "FORBIDDEN"
    ]
    # Still waiting, untouched by anyone else.
    assert [e["node"]["status"] for e in shop.owner.client.data(REFUNDS)["refunds"]["edges"]] == [
        "REQUESTED"
    ]
