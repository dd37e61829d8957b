"""Receivables and manual payments over GraphQL: a confirmed order's schedule from its
terms, payments allocated to receivables (partial payments, an order paid in full moving
to Paid), bad input refused with nothing written, concurrent payments that never
over-allocate, the aging report, and payments kept within the tenant and the role."""

from __future__ import annotations

import threading
import uuid
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from payments.jobs import send_overdue_reminders
from tests.support.database import owner_sql
from tests.support.graphql import GraphQLClient, invite_and_join, row_uuid
from tests.support.orders import (
    act,
    confirmed_order,
    create,
    created,
    customer,
    open_shop,
    order_input,
)
from tests.support.payments import (
    CREATE_CUSTOMER_WITH_TERMS,
    PAYMENT_FIELDS,
    RECEIVABLES,
    RECONCILE,
    RECORD,
    order_of,
    receivables,
    record,
    schedule_of,
    scheduled,
)
from tests.support.services import run_periodic_job
from tests.support.stack import Mailbox, Stack, body_text
from tests.support.waiting import wait_until

PAYMENTS = f"""query {{ payments(first: 50) {{ edges {{ node {{ {PAYMENT_FIELDS} }} }} }} }}"""
AGING = """query A($customerId: ID) { agingReport(customerId: $customerId) { asOf currency
  total { current days1To30 days31To60 days61To90 over90 total }
  customers { customerName buckets { current days1To30 days31To60 days61To90 over90 total } }
} }"""
BALANCE = """query B($id: ID!) { node(id: $id) { ... on Customer { openBalance { amount } } } }"""


def test_a_prepaid_order_is_paid_in_parts_and_moves_to_paid_when_paid_in_full(
    api: GraphQLClient,
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    order = confirmed_order(owner, shop)
    receivable = scheduled(owner, order["id"])
    assert (receivable["label"], receivable["sequence"], receivable["status"]) == (
        "Payment in full",
        1,
        "OPEN",
    )
    assert receivable["amount"] == {"amount": "33.00", "currency": "USD"}
    assert receivable["dueDate"] == datetime.now(UTC).date().isoformat()
    assert receivable["orderNumber"] == order["number"]

    first = record(
        owner, shop.customer_id, "10.00", [(receivable["id"], "10.00")], reference="SEPA 1"
    )
    assert first["userErrors"] == []
    assert first["payment"]["number"] == "PAY-000001"
    assert first["payment"]["allocations"] == [
        {"orderNumber": order["number"], "amount": {"amount": "10.00"}}
    ]
    partly = order_of(owner, order["id"])
    assert (partly["status"], partly["paymentStatus"]) == ("CONFIRMED", "PARTIALLY_PAID")
    assert partly["amountDue"] == {"amount": "23.00"}
    balance = owner.client.data(BALANCE, {"id": shop.customer_id})["node"]["openBalance"]
    assert balance == {"amount": "23.00"}

    rest = record(
        owner,
        shop.customer_id,
        "23.00",
        [(receivable["id"], "23.00")],
        method="CHEQUE",
        reference="CHQ 0042",
    )
    assert rest["userErrors"] == []
    paid = order_of(owner, order["id"])
    assert (paid["status"], paid["paymentStatus"]) == ("PAID", "PAID")
    assert paid["amountPaid"] == {"amount": "33.00"} and paid["amountDue"] == {"amount": "0.00"}
    assert paid["statusHistory"][-2:] == [
        {
            "fromStatus": "CONFIRMED",
            "toStatus": "AWAITING_PAYMENT",
            "note": "Paid in full (PAY-000002)",
        },
        {"fromStatus": "AWAITING_PAYMENT", "toStatus": "PAID", "note": "Paid in full (PAY-000002)"},
    ]
    settled = receivables(owner, status="PAID")
    assert [(r["id"], r["amountOpen"]["amount"]) for r in settled] == [(receivable["id"], "0.00")]
    listed = owner.client.data(PAYMENTS)["payments"]["edges"]
    assert [(e["node"]["number"], e["node"]["method"]) for e in listed] == [
        ("PAY-000002", "CHEQUE"),
        ("PAY-000001", "BANK_TRANSFER"),
    ]
    assert owner.client.data(BALANCE, {"id": shop.customer_id})["node"]["openBalance"] == {
        "amount": "0.00"
    }


def test_net_terms_count_from_shipping_and_age_from_the_due_date(
    api: GraphQLClient, stack: Stack
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    on_credit = customer(owner, "Credit Co", paymentTerms={"kind": "NET", "netDays": 30})
    order = confirmed_order(owner, shop, on_credit)
    receivable = scheduled(owner, order["id"])
    assert (receivable["label"], receivable["dueDate"]) == ("Net 30", None)

    assert act(owner, order["id"], "MARK_READY_TO_SHIP")["userErrors"] == []
    assert act(owner, order["id"], "SHIP", carrier="DHL", trackingNumber="JD1")["userErrors"] == []
    due = (datetime.now(UTC).date() + timedelta(days=30)).isoformat()
    wait_until(lambda: scheduled(owner, order["id"])["dueDate"] == due, 30, "the due date")
    report = owner.client.data(AGING, {"customerId": on_credit})["agingReport"]
    assert report["currency"] == "USD"
    assert report["total"]["current"] == "33.00" and report["total"]["total"] == "33.00"

    # Time passing is the one thing a test cannot wait for: age the due date instead.
    owner_sql(
        stack,
        "UPDATE receivables SET due_date = current_date - 45 WHERE id = $1",
        row_uuid(receivable["id"]),
    )
    aged = owner.client.data(AGING, {"customerId": on_credit})["agingReport"]
    assert aged["total"]["days31To60"] == "33.00" and aged["total"]["current"] == "0.00"
    assert [c["customerName"] for c in aged["customers"]] == ["Credit Co"]
    overdue = receivables(owner, overdueOnly=True)
    assert [(r["id"], r["daysOverdue"]) for r in overdue] == [(receivable["id"], 45)]


def test_bad_payments_are_refused_on_their_fields_and_nothing_is_written(
    api: GraphQLClient,
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    receivable = scheduled(owner, confirmed_order(owner, shop)["id"])
    other_customer = customer(owner, "Someone Else")
    other = scheduled(owner, confirmed_order(owner, shop, other_customer)["id"])

    def codes(payload: dict[str, Any]) -> set[tuple[str, str]]:
        assert payload["payment"] is None
        return {(".".join(e["field"]), e["code"]) for e in payload["userErrors"]}

    tomorrow = (date.today() + timedelta(days=2)).isoformat()
    assert codes(
        record(
            owner,
            shop.customer_id,
            "0",
            [(receivable["id"], "0")],
            receivedOn=tomorrow,
            method="STRIPE",
        )
    ) == {
        ("amount", "AMOUNT_NOT_POSITIVE"),
        ("receivedOn", "RECEIVED_IN_FUTURE"),
        ("method", "METHOD_NOT_MANUAL"),
    }
    assert codes(record(owner, shop.customer_id, "40.00", [(receivable["id"], "40.00")])) == {
        ("allocations.0.amount", "OVER_ALLOCATED")
    }
    assert codes(record(owner, shop.customer_id, "20.00", [(receivable["id"], "10.00")])) == {
        ("allocations", "ALLOCATION_MISMATCH")
    }
    assert codes(
        record(owner, shop.customer_id, "10.00", [(receivable["id"], "10.00")], currency="EUR")
    ) == {("currency", "CURRENCY_MISMATCH")}
    assert codes(record(owner, shop.customer_id, "10.00", [(other["id"], "10.00")])) == {
        ("allocations.0.receivableId", "RECEIVABLE_OF_ANOTHER_CUSTOMER")
    }
    assert codes(record(owner, shop.customer_id, "10.00", [("nonsense", "10.00")])) == {
        ("allocations.0.receivableId", "RECEIVABLE_NOT_FOUND")
    }
    assert codes(record(owner, "nonsense", "10.00", [(receivable["id"], "10.00")])) == {
        ("customerId", "CUSTOMER_NOT_FOUND")
    }

    assert owner.client.data(PAYMENTS)["payments"]["edges"] == []
    untouched = scheduled(owner, receivable["orderId"])
    assert untouched["amountPaid"] == {"amount": "0.00"} and untouched["status"] == "OPEN"


def test_concurrent_payments_never_allocate_more_than_is_open(api: GraphQLClient) -> None:
    shop = open_shop(api)
    owner = shop.owner
    receivable = scheduled(owner, confirmed_order(owner, shop)["id"])  # 33.00 open
    results: list[dict[str, Any]] = []
    lock = threading.Lock()

    def pay() -> None:
        outcome = record(owner, shop.customer_id, "10.00", [(receivable["id"], "10.00")])
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=pay) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    accepted = [r["payment"]["number"] for r in results if r["payment"]]
    refused = [e["code"] for r in results for e in r["userErrors"]]
    assert sorted(accepted) == ["PAY-000001", "PAY-000002", "PAY-000003"]
    assert refused == ["OVER_ALLOCATED"] * 5
    after = scheduled(owner, receivable["orderId"])
    assert after["amountPaid"] == {"amount": "30.00"} and after["amountOpen"] == {"amount": "3.00"}
    assert order_of(owner, receivable["orderId"])["amountPaid"] == {"amount": "30.00"}


def test_a_cancelled_order_owes_nothing_more(api: GraphQLClient) -> None:
    shop = open_shop(api)
    owner = shop.owner
    order = confirmed_order(owner, shop)
    receivable = scheduled(owner, order["id"])
    assert act(owner, order["id"], "CANCEL", note="Customer withdrew")["userErrors"] == []
    wait_until(lambda: scheduled(owner, order["id"])["status"] == "VOID", 30, "the void")
    refused = record(owner, shop.customer_id, "10.00", [(receivable["id"], "10.00")])
    assert [e["code"] for e in refused["userErrors"]] == ["RECEIVABLE_NOT_FOUND"]
    assert owner.client.data(BALANCE, {"id": shop.customer_id})["node"]["openBalance"] == {
        "amount": "0.00"
    }


def test_payments_need_their_permissions_and_stay_within_the_tenant(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    receivable = scheduled(owner, confirmed_order(owner, shop)["id"])
    finance = invite_and_join(owner, mailbox, f"fin-{uuid.uuid4().hex[:6]}@example.com", "finance")
    assert (
        record(finance, shop.customer_id, "5.00", [(receivable["id"], "5.00")])["userErrors"] == []
    )
    sales = invite_and_join(owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    assert sales.client.error_codes(RECEIVABLES) == ["FORBIDDEN"]
    assert sales.client.error_codes(PAYMENTS) == ["FORBIDDEN"]
    assert sales.client.error_codes(
        RECORD,
        {
            "input": {
                "customerId": shop.customer_id,
                "method": "CASH",
                "amount": "1",
                "currency": "USD",
                "receivedOn": date.today().isoformat(),
                "allocations": [{"receivableId": receivable["id"], "amount": "1"}],
            }
        },
    ) == ["FORBIDDEN"]
    warehouse = invite_and_join(
        owner, mailbox, f"wh-{uuid.uuid4().hex[:6]}@example.com", "warehouse"
    )
    assert warehouse.client.data(BALANCE, {"id": shop.customer_id})["node"] == {"openBalance": None}
    assert finance.client.data(BALANCE, {"id": shop.customer_id})["node"] == {
        "openBalance": {"amount": "28.00"}
    }

    stranger = open_shop(api)
    assert receivables(stranger.owner) == []
    assert stranger.owner.client.data(PAYMENTS)["payments"]["edges"] == []
    assert stranger.owner.client.error_codes(
        "query N($id: ID!) { node(id: $id) { id } }", {"id": receivable["id"]}
    ) == ["NOT_FOUND"]
    foreign = record(stranger.owner, stranger.customer_id, "5.00", [(receivable["id"], "5.00")])
    assert [e["code"] for e in foreign["userErrors"]] == ["RECEIVABLE_NOT_FOUND"]
    assert Decimal(scheduled(owner, receivable["orderId"])["amountPaid"]["amount"]) == Decimal(
        "5.00"
    )


NOTIFICATIONS = """query { notifications(first: 50) { edges { node { kind title link } } } }"""


def age(stack: Stack, receivable_id: uuid.UUID, days_overdue: int) -> None:
    """Time passing, which a test cannot wait for: the due date moves back and the reminder
    queue makes the receivable due for a look now; then the reminder job runs."""
    owner_sql(
        stack,
        "UPDATE receivables SET due_date = current_date - $2::int WHERE id = $1",
        receivable_id,
        days_overdue,
    )
    owner_sql(
        stack,
        "UPDATE receivable_reminder_queue SET due_at = now() - interval '1 second'"
        " WHERE receivable_id = $1",
        receivable_id,
    )
    run_periodic_job(stack, send_overdue_reminders)


def looked_at(stack: Stack, receivable_id: uuid.UUID) -> bool:
    """The reminder job has been through the receivable: its next look is in the future, or
    it left the queue."""
    rows = owner_sql(
        stack,
        "SELECT due_at > now() FROM receivable_reminder_queue WHERE receivable_id = $1",
        receivable_id,
    )
    return not rows or bool(rows[0][0])


def test_overdue_receivables_are_reminded_once_per_step(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    payer = f"ap-{uuid.uuid4().hex[:8]}@example.com"
    late = customer(owner, "Late Payer Ltd", email=payer)
    order = confirmed_order(owner, shop, late)
    receivable = row_uuid(scheduled(owner, order["id"])["id"])

    age(stack, receivable, 8)  # past the 1- and 7-day steps: one reminder, the 7-day one
    [to_customer] = mailbox.wait_for(payer, "8 days overdue")
    assert order["number"] in str(to_customer["Subject"])
    to_owner = mailbox.wait_for(owner.email, "8 days overdue")[-1]
    assert f"/orders/{order['number']}" in body_text(to_owner)
    notices = [e["node"] for e in owner.client.data(NOTIFICATIONS)["notifications"]["edges"]]
    assert ("receivable_overdue", f"/orders/{order['number']}") in [
        (n["kind"], n["link"]) for n in notices
    ]

    age(stack, receivable, 8)  # the job looks again: the step was sent, nothing goes out
    # (At once, unless the worker's own run had the row locked: then once that run is done.)
    wait_until(lambda: looked_at(stack, receivable), 20, "the reminder job")
    assert len(mailbox.matching(payer, "overdue")) == 1

    age(stack, receivable, 31)  # the last step, then the receivable leaves the queue
    mailbox.wait_for(payer, "31 days overdue")
    wait_until(lambda: looked_at(stack, receivable), 20, "the reminder job")
    assert not owner_sql(
        stack, "SELECT 1 FROM receivable_reminder_queue WHERE receivable_id = $1", receivable
    )
    assert len(mailbox.matching(payer, "overdue")) == 2

    paid_order = confirmed_order(owner, shop, late)
    paid = scheduled(owner, paid_order["id"])
    assert record(owner, late, "33.00", [(paid["id"], "33.00")])["userErrors"] == []
    age(stack, row_uuid(paid["id"]), 8)
    wait_until(lambda: looked_at(stack, row_uuid(paid["id"])), 20, "the reminder job")
    assert not [
        m for m in mailbox.matching(payer, "overdue") if paid_order["number"] in str(m["Subject"])
    ]


RUNS = """query { reconciliationRuns(first: 5) { trigger balanced mismatches { code } } }"""


def test_reconciliation_finds_books_that_disagree_and_alerts_finance(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    finance = invite_and_join(owner, mailbox, f"fin-{uuid.uuid4().hex[:6]}@example.com", "finance")
    order = confirmed_order(owner, shop)
    receivable = scheduled(owner, order["id"])
    assert (
        record(finance, shop.customer_id, "10.00", [(receivable["id"], "10.00")])["userErrors"]
        == []
    )

    clean = finance.client.data(RECONCILE)["runReconciliation"]["run"]
    assert (clean["trigger"], clean["balanced"], clean["mismatches"]) == ("manual", True, [])

    # What a bug (or a hand edit) could leave behind: a receivable paid more than its
    # allocations say, and an order marked Paid by hand with no payment recorded.
    owner_sql(
        stack,
        "UPDATE receivables SET amount_paid = amount_paid + 1 WHERE id = $1",
        row_uuid(receivable["id"]),
    )
    by_hand = confirmed_order(owner, shop)
    assert act(owner, by_hand["id"], "REQUEST_PAYMENT")["userErrors"] == []
    assert act(owner, by_hand["id"], "MARK_PAID")["userErrors"] == []

    found = finance.client.data(RECONCILE)["runReconciliation"]["run"]
    assert found["balanced"] is False
    assert {(m["code"], m["subject"], m["expected"], m["actual"]) for m in found["mismatches"]} == {
        ("RECEIVABLE_PAID_MISMATCH", f"{order['number']} #1", "10.00", "11.00"),
        ("MARKED_PAID_WITHOUT_PAYMENT", by_hand["number"], "33.00", "0.00"),
    }
    alert = mailbox.wait_for(finance.email, "Reconciliation found 2 mismatches", timeout=40)
    assert alert
    kinds = [
        e["node"]["kind"] for e in finance.client.data(NOTIFICATIONS)["notifications"]["edges"]
    ]
    assert "reconciliation_mismatch" in kinds
    assert [r["balanced"] for r in finance.client.data(RUNS)["reconciliationRuns"]] == [False, True]

    sales = invite_and_join(owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    assert sales.client.error_codes(RECONCILE) == ["FORBIDDEN"]
    assert sales.client.error_codes(RUNS) == ["FORBIDDEN"]
    assert open_shop(api).owner.client.data(RUNS)["reconciliationRuns"] == []


def test_an_instalment_plan_splits_the_order_into_parts_due_at_its_stages(
    api: GraphQLClient,
) -> None:
    shop = open_shop(api)
    owner = shop.owner
    plan = [
        {"percent": "30", "trigger": "CONFIRMATION"},
        {"percent": "70", "trigger": "DELIVERY", "daysAfter": 30},
    ]

    def create(instalments: list[dict[str, Any]], **terms: Any) -> dict[str, Any]:
        payload: dict[str, Any] = owner.client.data(
            CREATE_CUSTOMER_WITH_TERMS,
            {
                "input": {
                    "name": f"Plan {uuid.uuid4().hex[:6]}",
                    "paymentTerms": {"kind": "INSTALMENTS", "instalments": instalments, **terms},
                }
            },
        )["createCustomer"]
        return payload

    refused = [
        create(
            [{"percent": "30", "trigger": "CONFIRMATION"}, {"percent": "60", "trigger": "DELIVERY"}]
        ),
        create([{"percent": "100", "trigger": "CONFIRMATION"}]),
        create(plan, netDays=30),
        create(
            [
                {"percent": "0.005", "trigger": "CONFIRMATION"},
                {"percent": "99.995", "trigger": "DELIVERY"},
            ]
        ),
    ]
    assert [[(e["field"], e["code"]) for e in r["userErrors"]] for r in refused] == [
        [(["paymentTerms", "instalments"], "INVALID_PAYMENT_TERMS")],
        [(["paymentTerms", "instalments"], "INVALID_PAYMENT_TERMS")],
        [(["paymentTerms", "netDays"], "INVALID_PAYMENT_TERMS")],
        [
            (["paymentTerms", "instalments", "0", "percent"], "INVALID_PAYMENT_TERMS"),
            (["paymentTerms", "instalments", "1", "percent"], "INVALID_PAYMENT_TERMS"),
        ],
    ]

    created_customer = create(plan)
    assert created_customer["userErrors"] == []
    terms = created_customer["customer"]["paymentTerms"]
    assert terms["kind"] == "INSTALMENTS"
    assert [p["label"] for p in terms["instalments"]] == [
        "30% on confirmation",
        "70% 30 days after delivery",
    ]

    order = confirmed_order(owner, shop, created_customer["customer"]["id"])  # 33.00
    parts = schedule_of(owner, order["id"], parts=2)
    today = datetime.now(UTC).date()
    assert [(r["label"], r["amount"]["amount"], r["dueDate"]) for r in parts] == [
        ("30% on confirmation", "9.90", today.isoformat()),
        ("70% 30 days after delivery", "23.10", None),
    ]

    # On credit: it ships before it is paid, and delivery starts the second part's clock.
    assert act(owner, order["id"], "MARK_READY_TO_SHIP")["userErrors"] == []
    assert act(owner, order["id"], "SHIP", carrier="DHL", trackingNumber="JD2")["userErrors"] == []
    assert act(owner, order["id"], "MARK_DELIVERED")["userErrors"] == []
    due = (today + timedelta(days=30)).isoformat()
    wait_until(
        lambda: (
            [
                r["dueDate"]
                for r in receivables(owner)
                if r["orderId"] == order["id"] and r["sequence"] == 2
            ]
            == [due]
        ),
        30,
        "the second part's due date",
    )


TERMS = """query T($id: ID!) { node(id: $id) { ... on Order {
  paymentTerms { kind netDays instalments { percent trigger daysAfter label } } } } }"""


def test_an_order_can_carry_its_own_payment_terms(api: GraphQLClient, mailbox: Mailbox) -> None:
    shop = open_shop(api)
    owner = shop.owner
    own_plan = {
        "kind": "INSTALMENTS",
        "instalments": [
            {"percent": "40", "trigger": "CONFIRMATION"},
            {"percent": "60", "trigger": "DELIVERY", "daysAfter": 15},
        ],
    }
    sales = invite_and_join(owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    orders_before = len(
        owner.client.data("{ orders(first: 50) { edges { node { id } } } }")["orders"]["edges"]
    )

    forbidden = create(
        sales,
        order_input(
            shop,
            (shop.sku_id, "3"),
            paymentTerms=own_plan,
            customerId=customer(sales, "Rep's own buyer"),
        ),
    )
    invalid = create(
        owner,
        order_input(
            shop,
            (shop.sku_id, "3"),
            paymentTerms={
                "kind": "INSTALMENTS",
                "instalments": [{"percent": "100", "trigger": "CONFIRMATION"}],
            },
        ),
    )
    assert [(e["field"], e["code"]) for e in forbidden["userErrors"]] == [
        (["paymentTerms"], "PAYMENT_TERMS_FORBIDDEN")
    ]
    assert [(e["field"], e["code"]) for e in invalid["userErrors"]] == [
        (["paymentTerms", "instalments"], "INVALID_PAYMENT_TERMS")
    ]
    assert (
        len(owner.client.data("{ orders(first: 50) { edges { node { id } } } }")["orders"]["edges"])
        == orders_before
    )

    # The shop's customer pays up front; this deal is 40 % now and 60 % after delivery.
    order = created(
        owner, order_input(shop, (shop.sku_id, "3"), submit=True, paymentTerms=own_plan)
    )
    assert order["status"] == "CONFIRMED", order
    terms = owner.client.data(TERMS, {"id": order["id"]})["node"]["paymentTerms"]
    assert terms["kind"] == "INSTALMENTS"
    assert [p["label"] for p in terms["instalments"]] == [
        "40% on confirmation",
        "60% 15 days after delivery",
    ]
    wait_until(
        lambda: len([r for r in receivables(owner) if r["orderId"] == order["id"]]) == 2,
        30,
        "the order's own schedule",
    )
    parts = sorted(
        (r for r in receivables(owner) if r["orderId"] == order["id"]), key=lambda r: r["sequence"]
    )
    assert [(r["label"], r["amount"]["amount"]) for r in parts] == [
        ("40% on confirmation", "13.20"),
        ("60% 15 days after delivery", "19.80"),
    ]
    # On credit by its own terms: it may ship before it is paid.
    assert act(owner, order["id"], "MARK_READY_TO_SHIP")["userErrors"] == []

    # Another order for the same customer still takes the customer's terms.
    plain = created(owner, order_input(shop, (shop.sku_id, "1"), submit=True))
    assert owner.client.data(TERMS, {"id": plain["id"]})["node"]["paymentTerms"] == {
        "kind": "PREPAID",
        "netDays": None,
        "instalments": [],
    }
