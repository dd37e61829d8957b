"""Quotes as staff and customers meet them over GraphQL: staff draft a quote priced by the
order pricing engine, send it (PDF, email with a portal link), revise it into version 2
(version 1 stays readable); the customer accepts or declines in the portal, and acceptance
becomes an order of the quote in one transaction. Bad input per field, two acceptances at
once, the expiry job, the conversion figure and other tenants."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import httpx
import pytest

from tests.support.concurrency import all_at_once
from tests.support.customers import GRANT_PORTAL
from tests.support.database import owner_sql
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    colleague,
    errors_of,
    global_id,
    sign_up,
)
from tests.support.metrics import statements_so_far
from tests.support.orders import Shop, customer, open_shop, stock
from tests.support.portal import Buyer, register_buyer
from tests.support.quotes import (
    ACCEPT,
    ACCEPT_FOR_CUSTOMER,
    CONTRACT,
    CONVERSION,
    DECLINE,
    MY_QUOTE,
    MY_QUOTES,
    ORDER_QUOTE,
    ORDERS_OF_CUSTOMER,
    PREVIEW,
    QUOTE,
    QUOTES,
    REVISE_QUOTE,
    SEND_QUOTE,
    UPDATE_QUOTE,
    WITHDRAW_QUOTE,
    accepted,
    act,
    acted,
    answer,
    contract_terms,
    create_quote,
    created_quote,
    one_off,
    portal_id,
    recurring,
    run_expiry,
    sent_quote,
)
from tests.support.stack import Mailbox, Stack, body_text
from tests.support.subscriptions import UPDATE_PLAN, create_plan, read


@dataclass
class Desk:
    """A shop (BOLT and NUT at 10.00, tax 10 %, 100 in stock) and a customer whose contact
    is signed in to the portal."""

    shop: Shop
    buyer: Buyer

    @property
    def owner(self) -> TenantSession:
        return self.shop.owner


@pytest.fixture
def desk(api: GraphQLClient, mailbox: Mailbox) -> Desk:
    shop = open_shop(api)
    return Desk(shop, register_buyer(api, mailbox, shop.owner, "Quayside Traders"))


def test_staff_draft_and_send_a_quote_priced_like_an_order(desk: Desk, mailbox: Mailbox) -> None:
    lines = [one_off(desk.shop.sku_id, "3", "5"), one_off(desk.shop.other_sku_id, "2")]
    preview = desk.owner.client.data(
        PREVIEW, {"input": {"customerId": desk.buyer.customer_id, "lines": lines}}
    )["quotePreview"]
    assert preview["complete"] is True and preview["issues"] == []
    assert [line["priceSource"] for line in preview["lines"]] == ["list", "list"]

    quote = created_quote(desk.owner, desk.buyer.customer_id, *lines, notes="Net 30")
    assert quote["number"].startswith("Q-") and quote["status"] == "DRAFT"
    current = quote["current"]
    assert [line["unitPrice"]["amount"] for line in current["lines"]] == ["10.00", "10.00"]
    # 3 x 10 less 5 % = 28.50, 2 x 10 = 20.00; tax 10 %.
    assert current["subtotal"]["amount"] == "50.00"
    assert current["discountTotal"]["amount"] == "1.50"
    assert current["total"]["amount"] == "53.35"
    assert current["pdfUrl"] is None
    assert preview["total"]["amount"] == current["total"]["amount"]

    sent = acted(desk.owner, SEND_QUOTE, quote["id"])
    assert sent["status"] == "SENT" and sent["current"]["sentAt"]
    pdf = httpx.get(desk.owner.client.base_url + sent["current"]["pdfUrl"])
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    [message] = mailbox.wait_for(desk.buyer.email, quote["number"])
    assert f"/quotes/{portal_id(quote['id'])}" in body_text(message)
    assert any(part.get_filename() == f"{quote['number']}-v1.pdf" for part in message.walk())

    [mine] = [
        edge["node"]
        for edge in desk.buyer.portal.data(MY_QUOTES)["myQuotes"]["edges"]
        if edge["node"]["number"] == quote["number"]
    ]
    assert mine["status"] == "SENT" and mine["latest"]["total"]["amount"] == "53.35"


def test_a_draft_is_not_shown_in_the_portal(desk: Desk) -> None:
    quote = created_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    assert desk.buyer.portal.data(MY_QUOTE, {"id": portal_id(quote["id"])})["myQuote"] is None


def test_the_customer_accepts_and_the_quote_becomes_an_order(desk: Desk) -> None:
    quote = sent_quote(
        desk.owner,
        desk.buyer.customer_id,
        one_off(desk.shop.sku_id, "3", "5"),
        one_off(desk.shop.other_sku_id, "2"),
    )
    mine = accepted(desk.buyer, portal_id(quote["id"]))
    assert mine["status"] == "ACCEPTED" and mine["orderNumber"]

    after = desk.owner.client.data(QUOTE, {"id": quote["id"]})["quote"]
    assert after["acceptedByCustomer"] is True and after["acceptedVersion"] == 1
    order = desk.owner.client.data(ORDER_QUOTE, {"id": after["order"]["id"]})["node"]
    assert order["channel"] == "QUOTE" and order["status"] == "CONFIRMED"
    assert order["quote"]["number"] == quote["number"]
    assert [(line["unitPrice"]["amount"], line["discountPercent"]) for line in order["lines"]] == [
        ("10.00", "5"),
        ("10.00", "0"),
    ]
    assert stock(desk.shop, desk.shop.sku_id)[1] == Decimal(3)


def test_staff_accept_on_the_customers_behalf(desk: Desk) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    done = acted(desk.owner, ACCEPT_FOR_CUSTOMER, quote["id"], version=1)
    assert done["status"] == "ACCEPTED" and done["acceptedByCustomer"] is False
    assert done["order"]["channel"] == "QUOTE"


def test_accepting_twice_is_already_accepted(desk: Desk) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    accepted(desk.buyer, portal_id(quote["id"]))
    again = answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)
    assert errors_of(again) == {(("quoteId",), "ALREADY_ACCEPTED")}


def test_two_acceptances_at_once_make_one_order(desk: Desk) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "4"))
    results = all_at_once(
        [lambda: answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1) for _ in range(3)]
    )
    assert sorted(len(r["userErrors"]) for r in results) == [0, 1, 1]
    assert {e["code"] for r in results for e in r["userErrors"]} == {"ALREADY_ACCEPTED"}
    assert stock(desk.shop, desk.shop.sku_id)[1] == Decimal(4)


def test_revising_makes_version_two_and_version_one_stays_readable(desk: Desk) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "2"))
    revised = acted(desk.owner, REVISE_QUOTE, quote["id"])
    assert revised["status"] == "DRAFT" and revised["currentVersion"] == 2
    # The customer still sees version 1, which can no longer be accepted.
    superseded = answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)
    assert errors_of(superseded) == {(("version",), "QUOTE_SUPERSEDED")}

    acted(desk.owner, UPDATE_QUOTE, quote["id"], lines=[one_off(desk.shop.sku_id, "5")])
    final = acted(desk.owner, SEND_QUOTE, quote["id"])
    assert [v["version"] for v in final["versions"]] == [1, 2]
    assert all(v["sentAt"] and v["pdfUrl"] for v in final["versions"])
    assert [v["total"]["amount"] for v in final["versions"]] == ["22.00", "55.00"]
    mine = desk.buyer.portal.data(MY_QUOTE, {"id": portal_id(quote["id"])})["myQuote"]
    assert [v["version"] for v in mine["versions"]] == [1, 2]
    assert errors_of(answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)) == {
        (("version",), "QUOTE_SUPERSEDED")
    }
    assert accepted(desk.buyer, portal_id(quote["id"]), 2)["status"] == "ACCEPTED"


def test_a_sent_quote_is_not_edited(desk: Desk) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "2"))
    payload = act(desk.owner, UPDATE_QUOTE, quote["id"], lines=[one_off(desk.shop.sku_id, "5")])
    assert errors_of(payload) == {(("quoteId",), "NOT_A_DRAFT")}
    assert errors_of(act(desk.owner, SEND_QUOTE, quote["id"])) == {(("quoteId",), "NOT_A_DRAFT")}


def test_the_customer_declines_with_a_reason(desk: Desk) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    blank = answer(desk.buyer.portal, DECLINE, portal_id(quote["id"]), 1, reason="  ")
    assert errors_of(blank) == {(("reason",), "DECLINE_REASON_REQUIRED")}
    declined = answer(desk.buyer.portal, DECLINE, portal_id(quote["id"]), 1, reason="Too dear")
    assert declined["quote"]["status"] == "DECLINED"
    assert declined["quote"]["declineReason"] == "Too dear"
    late = answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)
    assert errors_of(late) == {(("quoteId",), "ALREADY_DECLINED")}


def test_a_withdrawn_quote_cannot_be_accepted(desk: Desk) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    assert acted(desk.owner, WITHDRAW_QUOTE, quote["id"])["status"] == "WITHDRAWN"
    refused = answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)
    assert errors_of(refused) == {(("quoteId",), "QUOTE_WITHDRAWN")}


def test_the_expiry_job_expires_a_quote_past_its_validity(desk: Desk, stack: Stack) -> None:
    valid_until = date.today() + timedelta(days=3)
    quote = sent_quote(
        desk.owner,
        desk.buyer.customer_id,
        one_off(desk.shop.sku_id, "1"),
        validUntil=valid_until.isoformat(),
    )
    run_expiry(stack, desk.owner, valid_until)
    still = desk.owner.client.data(QUOTE, {"id": quote["id"]})["quote"]
    assert still["status"] == "SENT"
    assert run_expiry(stack, desk.owner, valid_until + timedelta(days=1)) >= 1
    expired = desk.owner.client.data(QUOTE, {"id": quote["id"]})["quote"]
    assert expired["status"] == "EXPIRED" and expired["expiredAt"]
    refused = answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)
    assert errors_of(refused) == {(("quoteId",), "QUOTE_EXPIRED")}
    assert (
        owner_sql(
            stack,
            "SELECT 1 FROM quote_expiry_due WHERE quote_id = $1::uuid",
            portal_id(quote["id"]),
        )
        == []
    )


def test_a_quote_past_its_validity_is_expired_before_the_job_runs(desk: Desk, stack: Stack) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    owner_sql(
        stack,
        "UPDATE quotes SET valid_until = current_date - 2 WHERE id = $1::uuid",
        portal_id(quote["id"]),
    )
    refused = answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)
    assert errors_of(refused) == {(("quoteId",), "QUOTE_EXPIRED")}


def test_bad_drafts_get_a_code_on_their_field(desk: Desk) -> None:
    sku = desk.shop.sku_id
    cases = [
        ([], {}, {(("lines",), "NO_LINES")}),
        (
            [one_off(sku, "1")],
            {"validUntil": (date.today() - timedelta(days=2)).isoformat()},
            {(("validUntil",), "VALIDITY_IN_PAST")},
        ),
        (
            [{"kind": "ONE_OFF", "quantity": "1"}],
            {},
            {(("lines", "0", "skuId"), "LINE_KIND_MISMATCH")},
        ),
        (
            [{"kind": "RECURRING", "skuId": sku, "quantity": "1"}],
            {},
            {(("lines", "0", "planId"), "LINE_KIND_MISMATCH")},
        ),
        ([one_off(sku, "0")], {}, {(("lines", "0", "quantity"), "INVALID_QUANTITY")}),
        ([one_off(sku, "1", "150")], {}, {(("lines", "0", "discountPercent"), "INVALID_DISCOUNT")}),
        (
            [one_off(sku, "1")],
            {"contract": {"initialTermMonths": 12}},
            {
                (("contract", "startDate"), "CONTRACT_TERMS_REQUIRED"),
                (("contract", "renewalType"), "CONTRACT_TERMS_REQUIRED"),
                (("contract", "noticeDays"), "CONTRACT_TERMS_REQUIRED"),
            },
        ),
    ]
    for lines, fields, expected in cases:
        payload = create_quote(desk.owner, desk.buyer.customer_id, *lines, **fields)
        assert payload["quote"] is None
        assert errors_of(payload) == expected, (lines, fields, payload["userErrors"])
    assert (
        desk.owner.client.data(QUOTES, {"filter": {"customerId": desk.buyer.customer_id}})[
            "quotes"
        ]["edges"]
        == []
    )


def test_discounts_are_held_to_the_roles_cap(
    api: GraphQLClient, mailbox: Mailbox, desk: Desk
) -> None:
    sales = colleague(desk.owner, mailbox, "sales")
    own = customer(sales, "Sales Own Customer")
    payload = create_quote(sales, own, one_off(desk.shop.sku_id, "1", "15"))
    assert errors_of(payload) == {(("lines", "0", "discountPercent"), "DISCOUNT_ABOVE_CAP")}
    assert created_quote(sales, own, one_off(desk.shop.sku_id, "1", "10"))["status"] == "DRAFT"


def test_the_conversion_figure_counts_sent_and_accepted(desk: Desk) -> None:
    start = datetime.now(UTC) - timedelta(minutes=1)
    first = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    created_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    accepted(desk.buyer, portal_id(first["id"]))
    period = {
        "from": start.isoformat(),
        "to": (datetime.now(UTC) + timedelta(minutes=1)).isoformat(),
    }
    figure = desk.owner.client.data(CONVERSION, period)["quoteConversion"]
    assert figure == {"sent": 2, "accepted": 1, "rate": "0.5000"}


def test_another_tenant_or_customer_reaches_none_of_it(
    api: GraphQLClient, mailbox: Mailbox, desk: Desk
) -> None:
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    stranger = sign_up(api, name="Elsewhere Ltd")
    assert stranger.client.data(QUOTE, {"id": quote["id"]})["quote"] is None
    assert stranger.client.error_codes(SEND_QUOTE, {"input": {"quoteId": quote["id"]}}) == [
        "NOT_FOUND"
    ]
    assert stranger.client.data(QUOTES)["quotes"]["edges"] == []
    other_buyer = register_buyer(api, mailbox, desk.owner, "Other Buyer")
    assert other_buyer.portal.data(MY_QUOTE, {"id": portal_id(quote["id"])})["myQuote"] is None
    assert other_buyer.portal.error_codes(
        ACCEPT, {"input": {"quoteId": portal_id(quote["id"]), "version": 1}}
    ) == ["NOT_FOUND"]
    assert desk.owner.client.data(QUOTE, {"id": quote["id"]})["quote"]["status"] == "SENT"


def test_a_quote_asking_for_a_contract_becomes_an_order_and_a_contract_to_sign(
    desk: Desk,
) -> None:
    quote = sent_quote(
        desk.owner,
        desk.buyer.customer_id,
        one_off(desk.shop.sku_id, "2"),
        contract=contract_terms(),
    )
    assert quote["contractRequest"]["renewalType"] == "AUTOMATIC"
    mine = accepted(desk.buyer, portal_id(quote["id"]))
    assert mine["orderId"] and mine["contractId"]
    after = desk.owner.client.data(QUOTE, {"id": quote["id"]})["quote"]
    contract = desk.owner.client.data(CONTRACT, {"id": after["contractId"]})["node"]
    assert contract["quoteNumber"] == quote["number"]
    assert (contract["initialTermMonths"], contract["noticeDays"]) == (12, 30)
    assert [v["state"] for v in contract["versions"]] == ["SENT"]
    assert [(link["kind"], link["targetId"]) for link in contract["links"]] == [
        ("ORDER", after["order"]["id"])
    ]


def test_bad_contract_terms_are_refused_on_their_field(desk: Desk) -> None:
    payload = create_quote(
        desk.owner,
        desk.buyer.customer_id,
        one_off(desk.shop.sku_id, "1"),
        contract=contract_terms(initialTermMonths=1, noticeDays=90),
    )
    assert errors_of(payload) == {(("contract", "noticeDays"), "NOTICE_LONGER_THAN_TERM")}
    unknown = create_quote(
        desk.owner,
        desk.buyer.customer_id,
        one_off(desk.shop.sku_id, "1"),
        contract=contract_terms(templateId=global_id("ContractTemplate", uuid.uuid4())),
    )
    assert errors_of(unknown) == {(("contract", "templateId"), "UNKNOWN_TEMPLATE")}


def test_a_failing_contract_step_leaves_no_order(desk: Desk, stack: Stack) -> None:
    """The order is written first; when the contract then refuses the terms (changed under
    the quote here), the acceptance rolls back whole: no order, no reserved stock."""
    quote = sent_quote(
        desk.owner,
        desk.buyer.customer_id,
        one_off(desk.shop.sku_id, "2"),
        contract=contract_terms(),
    )
    owner_sql(
        stack,
        "UPDATE quotes SET contract_initial_term_months = 1, contract_notice_days = 90 "
        "WHERE id = $1::uuid",
        portal_id(quote["id"]),
    )
    refused = answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)
    assert errors_of(refused) == {(("contract", "noticeDays"), "NOTICE_LONGER_THAN_TERM")}
    orders = desk.owner.client.data(ORDERS_OF_CUSTOMER, {"customerId": desk.buyer.customer_id})
    assert orders["orders"]["edges"] == []
    assert stock(desk.shop, desk.shop.sku_id)[1] == Decimal(0)
    assert desk.owner.client.data(QUOTE, {"id": quote["id"]})["quote"]["status"] == "SENT"


UPDATE_TENANT = """mutation Settings($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { field code message } } }"""


def test_a_quote_accepted_in_the_portal_becomes_an_order_a_subscription_and_a_contract(
    desk: Desk,
) -> None:
    plan_id = create_plan(desk.owner, desk.shop.other_sku_id, "NUT-M")
    quote = sent_quote(
        desk.owner,
        desk.buyer.customer_id,
        one_off(desk.shop.sku_id, "2"),
        recurring(plan_id, "3", "10"),
        contract=contract_terms(),
    )
    [_, monthly] = quote["current"]["lines"]
    assert (monthly["kind"], monthly["unitPrice"]["amount"]) == ("RECURRING", "10.00")
    mine = accepted(desk.buyer, portal_id(quote["id"]))
    assert mine["orderId"] and mine["subscriptionId"] and mine["contractId"]

    after = desk.owner.client.data(QUOTE, {"id": quote["id"]})["quote"]
    subscription = read(desk.owner, after["subscriptionId"])
    assert subscription["status"] in ("ACTIVE", "TRIALING")
    [line] = subscription["lines"]
    assert (line["quantity"], line["unitPrice"]["amount"], line["discountPercent"]) == (
        "3.000",
        "10.00",
        "10.0000",
    )
    order = desk.owner.client.data(ORDER_QUOTE, {"id": after["order"]["id"]})["node"]
    assert [line["skuCode"] for line in order["lines"]] == ["BOLT"]
    contract = desk.owner.client.data(CONTRACT, {"id": after["contractId"]})["node"]
    assert {link["kind"] for link in contract["links"]} == {"ORDER", "SUBSCRIPTION"}
    assert [v["state"] for v in contract["versions"]] == ["SENT"]


def test_a_failing_subscription_step_leaves_no_order(desk: Desk) -> None:
    plan_id = create_plan(desk.owner, desk.shop.other_sku_id, "NUT-Q", billingPeriod="QUARTER")
    quote = sent_quote(
        desk.owner,
        desk.buyer.customer_id,
        one_off(desk.shop.sku_id, "2"),
        recurring(plan_id, "1"),
    )
    plan = {
        "code": "NUT-Q",
        "name": "NUT-Q plan",
        "skuId": desk.shop.other_sku_id,
        "billingPeriod": "QUARTER",
        "active": False,
    }
    retired = desk.owner.client.data(UPDATE_PLAN, {"input": {"planId": plan_id, "plan": plan}})
    assert retired["updateSubscriptionPlan"]["userErrors"] == []
    refused = answer(desk.buyer.portal, ACCEPT, portal_id(quote["id"]), 1)
    assert errors_of(refused) == {(("lines", "1", "planId"), "PLAN_INACTIVE")}
    orders = desk.owner.client.data(ORDERS_OF_CUSTOMER, {"customerId": desk.buyer.customer_id})
    assert orders["orders"]["edges"] == []
    assert stock(desk.shop, desk.shop.sku_id)[1] == Decimal(0)


def test_recurring_lines_share_a_period_and_the_customers_currency(desk: Desk) -> None:
    monthly = create_plan(desk.owner, desk.shop.sku_id, "BOLT-M")
    yearly = create_plan(desk.owner, desk.shop.other_sku_id, "NUT-Y", billingPeriod="YEAR")
    mixed = create_quote(
        desk.owner,
        desk.buyer.customer_id,
        recurring(monthly, "1"),
        recurring(yearly, "1"),
    )
    assert errors_of(mixed) == {(("lines",), "MIXED_BILLING_PERIODS")}
    euro_customer = customer(desk.owner, "Euro Traders")
    changed = desk.owner.client.data(UPDATE_TENANT, {"input": {"currency": "EUR"}})
    assert changed["updateTenantSettings"]["userErrors"] == []
    mismatch = create_quote(desk.owner, euro_customer, recurring(monthly, "1"))
    assert errors_of(mismatch) == {(("lines", "0", "planId"), "PLAN_CURRENCY_MISMATCH")}


def test_the_conversion_period_reads_times_without_a_zone_as_utc(desk: Desk) -> None:
    """A period given without a time zone is UTC (it failed the query internally before);
    a period ending before it starts is INVALID_PERIOD."""
    sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    now = datetime.now(UTC).replace(tzinfo=None)
    period = {
        "from": (now - timedelta(hours=1)).isoformat(),
        "to": (now + timedelta(hours=1)).isoformat() + "+00:00",
    }
    figure = desk.owner.client.data(CONVERSION, period)["quoteConversion"]
    assert figure["sent"] == 1
    inverted = {"from": period["to"], "to": (now - timedelta(hours=1)).isoformat()}
    assert desk.owner.client.error_codes(CONVERSION, inverted) == ["INVALID_PERIOD"]


ADD_CONTACT = """mutation Add($input: AddContactInput!) { addContact(input: $input) {
  contact { id } userErrors { field code } } }"""


def test_every_portal_contact_of_the_customer_is_emailed_the_quote(
    desk: Desk, mailbox: Mailbox
) -> None:
    email = f"second-{uuid.uuid4().hex[:8]}@example.com"
    added = desk.owner.client.data(
        ADD_CONTACT,
        {"input": {"customerId": desk.buyer.customer_id, "name": "Sam Second", "email": email}},
    )["addContact"]
    assert added["userErrors"] == []
    granted = desk.owner.client.data(GRANT_PORTAL, {"id": added["contact"]["id"]})
    assert granted["grantPortalAccess"]["contact"]["portalEnabled"] is True
    quote = sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))
    for to, name in ((desk.buyer.email, "Pat Purchaser"), (email, "Sam Second")):
        [message] = mailbox.wait_for(to, quote["number"])
        assert f"Hello {name}," in body_text(message)


LIST_OPERATION = "QuotesPageStatementBudget"
LIST_PAGE = """query QuotesPageStatementBudget($customerId: ID!) {
  quotes(filter: {customerId: $customerId}, first: 50) { edges { node {
    id number status customer { name } order { number }
    current { total { amount } lines { skuCode unitPrice { amount } } }
    versions { version pdfUrl } } } } }"""


def test_a_page_of_quotes_costs_the_same_statements_whatever_its_length(
    api: GraphQLClient, desk: Desk
) -> None:
    def make(count: int) -> None:
        for _ in range(count):
            sent_quote(desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "1"))

    def statements(rows: int) -> int:
        client = desk.owner.client
        client.data(LIST_PAGE, {"customerId": desk.buyer.customer_id})
        before = statements_so_far(api, LIST_OPERATION)
        edges = client.data(LIST_PAGE, {"customerId": desk.buyer.customer_id})["quotes"]["edges"]
        assert len(edges) == rows
        return int(statements_so_far(api, LIST_OPERATION) - before)

    make(2)
    with_two = statements(2)
    make(10)
    assert statements(12) == with_two


def test_the_same_idempotency_key_and_draft_give_the_first_quote(desk: Desk) -> None:
    line = one_off(desk.shop.sku_id, "2")
    first = created_quote(desk.owner, desk.buyer.customer_id, line, idempotencyKey="q-1")
    again = created_quote(desk.owner, desk.buyer.customer_id, line, idempotencyKey="q-1")
    assert again["id"] == first["id"] and again["number"] == first["number"]
    other = create_quote(
        desk.owner, desk.buyer.customer_id, one_off(desk.shop.sku_id, "3"), idempotencyKey="q-1"
    )
    assert errors_of(other) == {(("idempotencyKey",), "IDEMPOTENCY_KEY_REUSED")}
    long_key = create_quote(desk.owner, desk.buyer.customer_id, line, idempotencyKey="k" * 201)
    assert errors_of(long_key) == {(("idempotencyKey",), "IDEMPOTENCY_KEY_TOO_LONG")}
