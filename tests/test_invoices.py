"""Invoices and credit notes over GraphQL and HTTP: a whole order, its instalments or its
shipments billed to the cent with two tax rates; paid amounts following payments; voiding
and crediting rules; gapless numbers under concurrency; the PDF (Chinese included) for
staff and the portal customer owning it; the email with the PDF attached; other tenants and
roles kept out."""

from __future__ import annotations

import base64
import io
import uuid
from decimal import Decimal
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from tests.support.catalog import create_product
from tests.support.concurrency import all_at_once
from tests.support.database import owner_sql
from tests.support.graphql import GraphQLClient, TenantSession, invite_and_join, row_uuid
from tests.support.inventory import receive
from tests.support.invoices import INVOICE_FIELDS, ISSUE, issue, issued
from tests.support.orders import Shop, acted, created, open_shop, order_input
from tests.support.payments import (
    CREATE_CUSTOMER_WITH_TERMS,
    RECONCILE,
    receivables,
    record,
    schedule_of,
    scheduled,
)
from tests.support.portal import placed, portal_customer, sign_in_by_link
from tests.support.shipments import shipped
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import confirm_with_card, open_stripe_shop
from tests.support.waiting import wait_until

VOID = f"""mutation V($input: VoidInvoiceInput!) {{ voidInvoice(input: $input) {{
  invoice {{ {INVOICE_FIELDS} }} userErrors {{ field code message }} }} }}"""
CREDIT = f"""mutation C($input: IssueCreditNoteInput!) {{ issueCreditNote(input: $input) {{
  creditNote {{ {INVOICE_FIELDS} }} userErrors {{ field code message }} }} }}"""
SEND = """mutation S($id: ID!) { sendInvoice(invoiceId: $id) { invoice { number }
  userErrors { field code message } } }"""
INVOICES = f"""query L($filter: InvoiceFilter) {{ invoices(first: 50, filter: $filter) {{
  edges {{ node {{ {INVOICE_FIELDS} }} }} }} }}"""
NODE = f"""query N($id: ID!) {{ node(id: $id) {{ id ... on Invoice {{ {INVOICE_FIELDS} }} }} }}"""
OPTIONS = """query O($id: ID!) { invoiceOptions(orderId: $id) { orderId invoicedAs
  canInvoiceWholeOrder instalments { id label amount { amount } } invoicedReceivableIds
  shipments { id number invoiced } } }"""
ORDER_TOTALS = """query T($id: ID!) { node(id: $id) { ... on Order { subtotal { amount }
  discountTotal { amount } taxTotal { amount } total { amount }
  lines { id lineNo } shipments { id number } } } }"""
PORTAL_INVOICES = """query { portalInvoices { id number kind status orderNumber
  total { amount } amountDue { amount } pdfUrl } }"""


def credit(session: TenantSession, invoice_id: str, **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        CREDIT,
        {
            "input": {
                "invoiceId": invoice_id,
                "basis": "RETURN",
                "reason": "Damaged in transit",
                **fields,
            }
        },
    )["issueCreditNote"]
    return payload


def void(
    session: TenantSession, invoice_id: str, reason: str = "Issued by mistake"
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        VOID, {"input": {"invoiceId": invoice_id, "reason": reason}}
    )["voidInvoice"]
    return payload


def codes(payload: dict[str, Any]) -> list[tuple[str, str]]:
    return [(".".join(e["field"] or []), e["code"]) for e in payload["userErrors"]]


def listed(session: TenantSession, **flt: Any) -> list[dict[str, Any]]:
    edges = session.client.data(INVOICES, {"filter": flt})["invoices"]["edges"]
    return [edge["node"] for edge in edges]


def node(session: TenantSession, invoice_id: str) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(NODE, {"id": invoice_id})["node"]
    return found


def amount(money: dict[str, Any]) -> Decimal:
    return Decimal(money["amount"])


def gear(shop: Shop) -> str:
    """A second SKU at another tax rate (13 %) and an awkward price."""
    sku_id: str = create_product(
        shop.owner, f"GEAR{uuid.uuid4().hex[:4]}", "Gear", "3.33", cost="1.00", taxRate="0.13"
    )["skus"][0]["id"]
    receive(shop.owner, shop.warehouse_id, sku_id, "500")
    return sku_id


def two_rate_order(
    shop: Shop, gear_id: str, customer_id: str | None = None, bolts: str = "3", gears: str = "7"
) -> dict[str, Any]:
    data = order_input(shop, (shop.sku_id, bolts), (gear_id, gears), submit=True)
    if customer_id:
        data["customerId"] = customer_id
    order = created(shop.owner, data)
    assert order["status"] == "CONFIRMED", order["status"]
    return order


def totals_of(session: TenantSession, order_id: str) -> dict[str, Any]:
    found: dict[str, Any] = session.client.data(ORDER_TOTALS, {"id": order_id})["node"]
    return found


@pytest.fixture
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api, stock="1000")


# --- billing the whole order, and paying it ------------------------------------------------


def test_a_whole_order_invoice_equals_the_order_and_follows_its_payments(shop: Shop) -> None:
    owner = shop.owner
    order = two_rate_order(shop, gear(shop))
    invoice = issued(owner, order["id"])
    totals = totals_of(owner, order["id"])
    assert (invoice["number"], invoice["kind"], invoice["basis"], invoice["status"]) == (
        "INV-000001",
        "INVOICE",
        "ORDER",
        "ISSUED",
    )
    for name in ("subtotal", "discountTotal", "taxTotal", "total"):
        assert amount(invoice[name]) == amount(totals[name]), name
    assert invoice["total"] == {"amount": "59.34"}  # 33.00 + 26.34
    assert invoice["subtotal"]["currency"] == "USD"
    assert [
        (t["rate"], t["taxable"]["amount"], t["tax"]["amount"]) for t in invoice["taxBreakdown"]
    ] == [("0.1", "30.00", "3.00"), ("0.13", "23.31", "3.03")]
    assert [
        (line["lineNo"], line["quantity"], line["total"]["amount"]) for line in invoice["lines"]
    ] == [(1, "3", "33.00"), (2, "7", "26.34")]
    assert invoice["pdfUrl"] == f"/documents/invoices/{row_uuid(invoice['id'])}.pdf"
    assert codes(issue(owner, order["id"])) == [("orderId", "ALREADY_INVOICED")]

    receivable = scheduled(owner, order["id"])
    assert (
        record(owner, shop.customer_id, "20.00", [(receivable["id"], "20.00")])["userErrors"] == []
    )
    partly = node(owner, invoice["id"])
    assert (partly["status"], partly["amountPaid"], partly["amountDue"]) == (
        "PARTIALLY_PAID",
        {"amount": "20.00"},
        {"amount": "39.34"},
    )
    assert codes(void(owner, invoice["id"])) == [("invoiceId", "INVOICE_HAS_PAYMENTS")]
    assert (
        record(owner, shop.customer_id, "39.34", [(receivable["id"], "39.34")])["userErrors"] == []
    )
    paid = node(owner, invoice["id"])
    assert (paid["status"], paid["amountDue"]) == ("PAID", {"amount": "0.00"})


# --- instalments and shipments add up ------------------------------------------------------


def test_the_instalment_invoices_of_an_order_add_up_to_its_total(shop: Shop) -> None:
    owner = shop.owner
    plan = [
        {"percent": "30", "trigger": "CONFIRMATION"},
        {"percent": "70", "trigger": "DELIVERY", "daysAfter": 30},
    ]
    made = owner.client.data(
        CREATE_CUSTOMER_WITH_TERMS,
        {
            "input": {
                "name": "Plan Co",
                "paymentTerms": {"kind": "INSTALMENTS", "instalments": plan},
            }
        },
    )["createCustomer"]
    assert made["userErrors"] == []
    order = two_rate_order(shop, gear(shop), made["customer"]["id"])
    parts = schedule_of(owner, order["id"], parts=2)

    assert codes(issue(owner, order["id"], "INSTALMENT")) == [
        ("receivableId", "RECEIVABLE_REQUIRED")
    ]
    other = two_rate_order(shop, gear(shop), made["customer"]["id"], bolts="1", gears="1")
    foreign_part = wait_until(
        lambda: next((r for r in receivables(owner) if r["orderId"] == other["id"]), None),
        30,
        "other",
    )
    assert codes(issue(owner, order["id"], "INSTALMENT", receivableId=foreign_part["id"])) == [
        ("receivableId", "NOT_OF_ORDER")
    ]

    invoices = [issued(owner, order["id"], "INSTALMENT", receivableId=p["id"]) for p in parts]
    assert [i["total"]["amount"] for i in invoices] == [p["amount"]["amount"] for p in parts]
    assert sum(amount(i["total"]) for i in invoices) == amount(
        totals_of(owner, order["id"])["total"]
    )
    for invoice in invoices:  # one line per tax rate, tax extracted from each part
        assert {line["taxRate"] for line in invoice["lines"]} == {"0.1", "0.13"}
        assert sum(amount(line["total"]) for line in invoice["lines"]) == amount(invoice["total"])
    assert codes(issue(owner, order["id"], "INSTALMENT", receivableId=parts[0]["id"])) == [
        ("receivableId", "ALREADY_INVOICED")
    ]
    assert codes(issue(owner, order["id"])) == [("basis", "MIXED_INVOICING")]
    options = owner.client.data(OPTIONS, {"id": order["id"]})["invoiceOptions"]
    assert (options["invoicedAs"], options["canInvoiceWholeOrder"]) == ("INSTALMENT", False)
    assert sorted(options["invoicedReceivableIds"]) == sorted(p["id"] for p in parts)

    # Paying the first part pays its invoice only.
    assert (
        record(
            owner,
            made["customer"]["id"],
            parts[0]["amount"]["amount"],
            [(parts[0]["id"], parts[0]["amount"]["amount"])],
        )["userErrors"]
        == []
    )
    assert [node(owner, i["id"])["status"] for i in invoices] == ["PAID", "ISSUED"]


def test_the_shipment_invoices_of_a_fully_shipped_order_add_up_to_it(shop: Shop) -> None:
    owner = shop.owner
    order = two_rate_order(shop, gear(shop))
    for action in ("REQUEST_PAYMENT", "MARK_PAID", "MARK_READY_TO_SHIP"):
        order = acted(owner, order["id"], action)
    shipped(owner, order, (0, "1"), (1, "3"))
    shipped(owner, order, (0, "1"), (1, "2"))
    shipped(owner, order, (0, "1"), (1, "2"))
    shipments = totals_of(owner, order["id"])["shipments"]
    assert len(shipments) == 3

    assert codes(issue(owner, order["id"], "SHIPMENT")) == [("shipmentId", "SHIPMENT_REQUIRED")]
    invoices = [issued(owner, order["id"], "SHIPMENT", shipmentId=s["id"]) for s in shipments]
    totals = totals_of(owner, order["id"])
    for name in ("subtotal", "taxTotal", "total"):
        assert sum(amount(i[name]) for i in invoices) == amount(totals[name]), name
    assert [i["lines"][1]["quantity"] for i in invoices] == ["3", "2", "2"]
    assert codes(issue(owner, order["id"], "SHIPMENT", shipmentId=shipments[0]["id"])) == [
        ("shipmentId", "ALREADY_INVOICED")
    ]
    assert codes(issue(owner, order["id"])) == [("basis", "MIXED_INVOICING")]
    assert {node(owner, i["id"])["status"] for i in invoices} == {"ISSUED"}
    # The order's payment is shared over its shipment invoices, first issued first.
    receivable = scheduled(owner, order["id"])
    assert (
        record(owner, shop.customer_id, "40.00", [(receivable["id"], "40.00")])["userErrors"] == []
    )
    assert [node(owner, i["id"])["status"] for i in invoices] == [
        "PAID",
        "PARTIALLY_PAID",
        "ISSUED",
    ]


# --- voiding and crediting -----------------------------------------------------------------


def test_voiding_and_credit_notes_follow_their_rules(shop: Shop) -> None:
    owner = shop.owner
    order = two_rate_order(shop, gear(shop))
    first = issued(owner, order["id"], sendEmail=False)
    assert codes(void(owner, first["id"], " ")) == [("reason", "REASON_REQUIRED")]
    voided = void(owner, first["id"])
    assert voided["userErrors"] == []
    assert (voided["invoice"]["status"], voided["invoice"]["voidReason"]) == (
        "VOID",
        "Issued by mistake",
    )
    assert voided["invoice"]["amountDue"] == {"amount": "0.00"}
    assert codes(void(owner, first["id"])) == [("invoiceId", "ALREADY_VOID")]
    assert codes(credit(owner, first["id"], amount="1.00")) == [("invoiceId", "INVOICE_VOID")]
    invoice = issued(owner, order["id"], sendEmail=False)  # voiding freed the order
    assert invoice["number"] == "INV-000002"

    refused = [
        credit(owner, invoice["id"], amount="1.00", lines=[{"lineNo": 1, "quantity": "1"}]),
        credit(owner, invoice["id"]),
        credit(owner, invoice["id"], amount="0"),
        credit(owner, invoice["id"], amount="1.234"),
        credit(owner, invoice["id"], amount="59.35"),
        credit(owner, invoice["id"], lines=[{"lineNo": 9, "quantity": "1"}]),
        credit(owner, invoice["id"], lines=[{"lineNo": 1, "quantity": "4"}]),
        credit(owner, invoice["id"], amount="1.00", basis="ORDER"),
        credit(owner, invoice["id"], amount="1.00", reason=""),
    ]
    assert [codes(r) for r in refused] == [
        [("lines", "LINES_OR_AMOUNT")],
        [("lines", "LINES_OR_AMOUNT")],
        [("amount", "AMOUNT_NOT_POSITIVE")],
        [("amount", "AMOUNT_PRECISION")],
        [("amount", "ABOVE_CREDITABLE")],
        [("lines.0.lineNo", "UNKNOWN_LINE")],
        [("lines.0.quantity", "QUANTITY_ABOVE_INVOICED")],
        [("basis", "BASIS_NOT_ALLOWED")],
        [("reason", "REASON_REQUIRED")],
    ]
    assert listed(owner, kind="CREDIT_NOTE") == []  # nothing written

    by_lines = credit(owner, invoice["id"], lines=[{"lineNo": 2, "quantity": "3"}])
    assert by_lines["userErrors"] == []
    note = by_lines["creditNote"]
    assert (note["number"], note["kind"], note["basis"], note["status"]) == (
        "CN-000001",
        "CREDIT_NOTE",
        "RETURN",
        "ISSUED",
    )
    assert (note["creditedInvoiceId"], note["creditedInvoiceNumber"]) == (
        invoice["id"],
        "INV-000002",
    )
    assert note["total"] == {"amount": "11.29"}  # 9.99 + 1.30 tax (3 of 7 gears)
    assert codes(credit(owner, note["id"], amount="1.00")) == [("invoiceId", "NOT_AN_INVOICE")]
    by_amount = credit(owner, invoice["id"], amount="10.00", basis="ADJUSTMENT")
    assert by_amount["userErrors"] == []
    assert sum(amount(line["total"]) for line in by_amount["creditNote"]["lines"]) == Decimal(
        "10.00"
    )
    after = node(owner, invoice["id"])
    assert (after["amountCredited"], after["amountDue"]) == (
        {"amount": "21.29"},
        {"amount": "38.05"},
    )
    assert codes(credit(owner, invoice["id"], amount="38.06")) == [("amount", "ABOVE_CREDITABLE")]
    assert codes(void(owner, invoice["id"])) == [("invoiceId", "HAS_CREDIT_NOTES")]
    # A credit note can be voided: its credit goes back to the invoice.
    assert void(owner, by_amount["creditNote"]["id"])["userErrors"] == []
    assert node(owner, invoice["id"])["amountCredited"] == {"amount": "11.29"}


# --- concurrency ---------------------------------------------------------------------------


def test_concurrent_issues_number_gaplessly_and_bill_an_order_once(shop: Shop) -> None:
    owner = shop.owner
    orders = [created(owner, order_input(shop, (shop.sku_id, "1"), submit=True)) for _ in range(10)]
    results = all_at_once([lambda o=o: issue(owner, o["id"], sendEmail=False) for o in orders])
    assert [r["userErrors"] for r in results] == [[]] * 10
    assert sorted(r["invoice"]["number"] for r in results) == [f"INV-{n:06d}" for n in range(1, 11)]

    same = created(owner, order_input(shop, (shop.sku_id, "1"), submit=True))
    twice = all_at_once([lambda: issue(owner, same["id"], sendEmail=False)] * 2)
    assert sorted(len(r["userErrors"]) for r in twice) == [0, 1]
    assert [codes(r) for r in twice if r["userErrors"]] == [[("orderId", "ALREADY_INVOICED")]]
    assert len(listed(owner, orderId=same["id"])) == 1
    assert sorted(i["number"] for i in listed(owner))[-1] == "INV-000011"


# --- the PDF, the email and the portal ------------------------------------------------------


def pdf_get(stack: Stack, path: str, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.get(f"{stack.base_url}{path}", headers=headers, timeout=30)


def test_the_pdf_renders_chinese_and_is_for_staff_and_its_portal_customer_only(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox, shop: Shop
) -> None:
    owner = shop.owner
    buyer = portal_customer(owner, "上海港务贸易有限公司")
    screw = create_product(
        owner, f"LS{uuid.uuid4().hex[:4]}", "不锈钢螺丝", "2.50", cost="1.00", taxRate="0.13"
    )["skus"][0]["id"]
    receive(owner, shop.warehouse_id, screw, "100")
    data = order_input(shop, (screw, "4"), submit=True)
    data["customerId"] = buyer.customer_id
    order = created(owner, data)
    invoice = issued(owner, order["id"])

    mail = mailbox.wait_for(buyer.email, "INV-000001")[-1]
    [attachment] = [part for part in mail.iter_attachments()]
    assert (attachment.get_content_type(), attachment.get_filename()) == (
        "application/pdf",
        "INV-000001.pdf",
    )
    wait_until(lambda: node(owner, invoice["id"])["emailedTo"] == buyer.email, 20, "emailedTo")

    answer = pdf_get(stack, invoice["pdfUrl"], owner.access_token)
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/pdf")
    assert answer.headers["content-disposition"] == 'inline; filename="INV-000001.pdf"'
    reader = PdfReader(io.BytesIO(answer.content))
    text = reader.pages[0].extract_text()
    assert "上海港务贸易有限公司" in text and "不锈钢螺丝" in text and "INV-000001" in text
    fonts = reader.pages[0]["/Resources"]["/Font"]
    descendants = [fonts[name].get_object()["/DescendantFonts"][0].get_object() for name in fonts]
    assert any("/FontFile2" in d["/FontDescriptor"] for d in descendants)  # embedded
    emailed = PdfReader(io.BytesIO(attachment.get_content())).pages[0].extract_text()
    assert "上海港务贸易有限公司" in emailed

    session = sign_in_by_link(api, mailbox, owner.slug, buyer.email)
    own = api.data(PORTAL_INVOICES, token=session["accessToken"])["portalInvoices"]
    assert [(i["number"], i["pdfUrl"]) for i in own] == [("INV-000001", invoice["pdfUrl"])]
    assert pdf_get(stack, invoice["pdfUrl"], session["accessToken"]).status_code == 200

    other = portal_customer(owner, "Other Buyer")
    other_session = sign_in_by_link(api, mailbox, owner.slug, other.email)
    assert api.data(PORTAL_INVOICES, token=other_session["accessToken"])["portalInvoices"] == []
    assert pdf_get(stack, invoice["pdfUrl"], other_session["accessToken"]).status_code == 404
    stranger = open_shop(api)
    assert pdf_get(stack, invoice["pdfUrl"], stranger.owner.access_token).status_code == 404
    assert pdf_get(stack, invoice["pdfUrl"], None).status_code == 401
    assert pdf_get(stack, "/documents/invoices/nonsense.pdf", owner.access_token).status_code == 404

    no_email = created(owner, order_input(shop, (shop.sku_id, "1"), submit=True))
    quiet = issued(owner, no_email["id"], sendEmail=False)
    assert codes(owner.client.data(SEND, {"id": quiet["id"]})["sendInvoice"]) == [
        ("invoiceId", "NO_CUSTOMER_EMAIL")
    ]


PAY_INVOICE = """mutation P($id: ID!) { payInvoiceOnline(invoiceId: $id) {
  payment { paymentIntentId amount { amount currency } } userErrors { field code } } }"""


def test_a_portal_customer_pays_what_an_invoice_has_due_online(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack
) -> None:
    shop = open_stripe_shop(api, mailbox, stack)
    owner, buyer = shop.owner, shop.buyer
    order = placed(buyer, (shop.bolt, "2"))  # 22.00
    order_id = base64.b64encode(f"Order:{order['id']}".encode()).decode()
    invoice = issued(owner, order_id, sendEmail=False)
    receivable = scheduled(owner, order_id)
    assert (
        record(owner, buyer.customer_id, "5.00", [(receivable["id"], "5.00")])["userErrors"] == []
    )
    [portal_invoice] = buyer.portal.data(PORTAL_INVOICES)["portalInvoices"]
    assert (portal_invoice["status"], portal_invoice["amountDue"]) == (
        "PARTIALLY_PAID",
        {"amount": "17.00"},
    )

    started = buyer.portal.data(PAY_INVOICE, {"id": portal_invoice["id"]})["payInvoiceOnline"]
    assert started["userErrors"] == []
    assert started["payment"]["amount"] == {"amount": "17.00", "currency": "USD"}
    assert (
        confirm_with_card(stack, shop, started["payment"]["paymentIntentId"]).status == "succeeded"
    )
    wait_until(lambda: node(owner, invoice["id"])["status"] == "PAID", 30, "the webhook")
    again = buyer.portal.data(PAY_INVOICE, {"id": portal_invoice["id"]})["payInvoiceOnline"]
    assert codes(again) == [("invoiceId", "NOTHING_TO_PAY")]


# --- other tenants and roles ---------------------------------------------------------------


def test_invoices_stay_within_the_tenant_and_need_their_permissions(
    api: GraphQLClient, mailbox: Mailbox, shop: Shop
) -> None:
    owner = shop.owner
    order = created(owner, order_input(shop, (shop.sku_id, "2"), submit=True))
    sales = invite_and_join(owner, mailbox, f"rep-{uuid.uuid4().hex[:6]}@example.com", "sales")
    assert sales.client.error_codes(
        ISSUE, {"input": {"orderId": order["id"], "basis": "ORDER"}}
    ) == ["FORBIDDEN"]
    finance = invite_and_join(owner, mailbox, f"fin-{uuid.uuid4().hex[:6]}@example.com", "finance")
    invoice = issued(finance, order["id"], sendEmail=False)
    assert sales.client.error_codes(
        VOID, {"input": {"invoiceId": invoice["id"], "reason": "x"}}
    ) == ["FORBIDDEN"]

    stranger = open_shop(api)
    other = stranger.owner
    assert other.client.error_codes(NODE, {"id": invoice["id"]}) == ["NOT_FOUND"]
    assert listed(other) == []
    assert codes(void(other, invoice["id"])) == [("invoiceId", "NOT_FOUND")]
    assert codes(credit(other, invoice["id"], amount="1.00")) == [("invoiceId", "NOT_FOUND")]
    assert codes(issue(other, order["id"])) == [("orderId", "NOT_FOUND")]
    assert other.client.error_codes(OPTIONS, {"id": order["id"]}) == ["NOT_FOUND"]
    unchanged = node(owner, invoice["id"])
    assert (unchanged["status"], unchanged["amountCredited"]) == ("ISSUED", {"amount": "0.00"})
    assert codes(issue(owner, str(uuid.uuid4()))) == [("orderId", "NOT_FOUND")]
    draft = created(owner, order_input(shop, (shop.sku_id, "1")))
    assert draft["status"] == "DRAFT"
    assert codes(issue(owner, draft["id"])) == [("orderId", "ORDER_NOT_INVOICEABLE")]
    assert codes(issue(owner, order["id"], "REFUND")) == [("basis", "BASIS_NOT_ALLOWED")]
    assert listed(owner, orderId=draft["id"]) == []


# --- the arithmetic and the font, without the stack ----------------------------------------


def test_splits_hand_out_whole_cents_that_add_up() -> None:
    from payments import invoice_math

    parts = invoice_math.split_by_weight(
        Decimal("100.00"),
        {
            Decimal("0.1"): Decimal("33.33"),
            Decimal("0.13"): Decimal("33.33"),
            Decimal("0"): Decimal("33.34"),
        },
        "USD",
    )
    assert sum(parts.values()) == Decimal("100.00")
    assert all(part == part.quantize(Decimal("0.01")) for part in parts.values())
    lines = invoice_math.gross_lines(
        Decimal("9.90"),
        {Decimal("0.1"): Decimal("33.00"), Decimal("0.13"): Decimal("26.34")},
        "Deposit",
        "USD",
    )
    assert sum(line.total for line in lines) == Decimal("9.90")
    assert all(line.subtotal + line.tax == line.total for line in lines)


def test_a_missing_invoice_font_is_a_clear_reason() -> None:
    from core.settings import Settings
    from payments import invoice_pdf

    with pytest.raises(invoice_pdf.FontMissing, match="ORBIT_INVOICE_FONT"):
        invoice_pdf.font_path(Settings(invoice_font="/nonexistent/font.ttc"))


# --- reconciliation ---------------------------------------------------------------------------


def test_reconciliation_checks_invoices_against_their_lines_tax_and_order(
    shop: Shop, stack: Stack
) -> None:
    owner = shop.owner
    gear_id = gear(shop)
    invoice = issued(owner, two_rate_order(shop, gear_id)["id"])
    other = issued(owner, two_rate_order(shop, gear_id, bolts="1", gears="1")["id"])
    payment = record(
        owner, shop.customer_id, "10.00", [(scheduled(owner, invoice["orderId"])["id"], "10.00")]
    )["payment"]
    clean = owner.client.data(RECONCILE)["runReconciliation"]["run"]
    assert (clean["balanced"], clean["mismatches"]) == (True, [])

    # What a bug (or a hand edit) could leave behind: an invoice total that is no longer its
    # lines' nor its order's, a line's tax off by a cent, a refund nobody paid out.
    owner_sql(stack, "UPDATE invoices SET total = total + 1 WHERE id = $1", row_uuid(invoice["id"]))
    owner_sql(
        stack,
        "UPDATE invoice_lines SET tax = tax + 0.01 WHERE invoice_id = $1 AND line_no = 1",
        row_uuid(other["id"]),
    )
    owner_sql(
        stack, "UPDATE payments SET amount_refunded = 1 WHERE id = $1", row_uuid(payment["id"])
    )
    found = owner.client.data(RECONCILE)["runReconciliation"]["run"]
    assert found["balanced"] is False
    assert {(m["code"], m["subject"], m["expected"], m["actual"]) for m in found["mismatches"]} == {
        ("INVOICE_LINES_MISMATCH", invoice["number"], "59.34", "60.34"),
        ("ORDER_INVOICE_MISMATCH", invoice["number"], "59.34", "60.34"),
        ("ORDER_OVER_INVOICED", invoice["orderNumber"], "59.34", "60.34"),
        ("INVOICE_TAX_MISMATCH", other["number"], "1.44", "1.43"),
        ("PAYMENT_REFUNDED_MISMATCH", payment["number"], "0.00", "1.00"),
    }
