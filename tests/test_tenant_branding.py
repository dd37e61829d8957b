"""A tenant administrator sets the company's branding (legal name, address, tax id,
bank-transfer instructions, logo); invoices and credit notes print it with the customer's
billing and shipping addresses, in the document's language; the portal learns whether it can
pay online and how to pay by bank transfer."""

from __future__ import annotations

import base64
import io
from typing import Any

import httpx
import pytest
from pypdf import PdfReader

from tests.support.branding import (
    ACME_BRANDING,
    UPDATE_BRANDING,
    branded,
    branding_of,
    image_base64,
    update_branding,
)
from tests.support.graphql import GraphQLClient, TenantSession, errors_of, invite_and_join
from tests.support.invoices import issued
from tests.support.orders import Shop, created, open_shop, order_input
from tests.support.portal import Buyer, register_buyer
from tests.support.stack import Mailbox, Stack
from tests.support.stripe import connect_stripe

EMPTY = {
    "legalName": None,
    "address": None,
    "taxId": None,
    "bankDetails": None,
    "hasLogo": False,
    "logoUrl": None,
}
SETTINGS = """mutation S($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { code } } }"""
CREDIT = """mutation C($input: IssueCreditNoteInput!) { issueCreditNote(input: $input) {
  creditNote { number pdfUrl } userErrors { field code message } } }"""
PAYMENT_OPTIONS = """query { portalPaymentOptions { onlinePaymentAvailable
  bankTransferInstructions } }"""


@pytest.fixture
def shop(api: GraphQLClient) -> Shop:
    return open_shop(api, stock="100")


def test_an_admin_sets_the_branding_and_everyone_of_the_tenant_reads_it(
    shop: Shop, mailbox: Mailbox
) -> None:
    admin = shop.owner
    assert branding_of(admin) == EMPTY
    logo = image_base64("PNG")
    saved = branded(admin, logoBase64=logo)
    assert saved == {**ACME_BRANDING, "hasLogo": True, "logoUrl": f"data:image/png;base64,{logo}"}
    clerk = invite_and_join(admin, mailbox, f"kim@{admin.slug}.example.com", "sales")
    assert branding_of(clerk) == saved

    jpeg = image_base64("JPEG")
    changed = update_branding(admin, taxId="  DE999  ", logoBase64=f"data:image/jpeg;base64,{jpeg}")
    assert changed["userErrors"] == []
    assert changed["branding"]["taxId"] == "DE999"
    assert changed["branding"]["legalName"] == ACME_BRANDING["legalName"]  # left as it was
    assert changed["branding"]["logoUrl"] == f"data:image/jpeg;base64,{jpeg}"

    cleared = update_branding(admin, address="", removeLogo=True)["branding"]
    assert (cleared["address"], cleared["hasLogo"], cleared["logoUrl"]) == (None, False, None)


def test_bad_branding_is_refused_with_a_code_per_field_and_nothing_changes(shop: Shop) -> None:
    admin = shop.owner
    before = branded(admin)
    payload = update_branding(
        admin,
        legalName="x" * 201,
        address="y" * 501,
        taxId="z" * 51,
        bankDetails="b" * 1001,
        logoBase64="not base64!",
    )
    assert payload["branding"] is None
    assert errors_of(payload) == {
        (("legalName",), "TOO_LONG"),
        (("address",), "TOO_LONG"),
        (("taxId",), "TOO_LONG"),
        (("bankDetails",), "TOO_LONG"),
        (("logoBase64",), "INVALID_LOGO"),
    }
    svg = base64.b64encode(b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>').decode()
    for refused_logo, code in (
        (svg, "INVALID_LOGO"),
        (image_base64("GIF"), "INVALID_LOGO"),
        (base64.b64encode(b"\x89PNG\r\n\x1a\n broken").decode(), "INVALID_LOGO"),
        (image_base64("PNG", (2500, 10)), "LOGO_TOO_LARGE"),
        (base64.b64encode(b"\0" * (600 * 1024)).decode(), "LOGO_TOO_LARGE"),
    ):
        refused = update_branding(admin, legalName="Renamed", logoBase64=refused_logo)
        assert errors_of(refused) == {(("logoBase64",), code)}, refused
        assert all(e["message"] for e in refused["userErrors"])
    assert branding_of(admin) == before


def test_changing_the_branding_needs_settings_write(shop: Shop, mailbox: Mailbox) -> None:
    admin = shop.owner
    manager = invite_and_join(admin, mailbox, f"mia@{admin.slug}.example.com", "management")
    result = manager.client.execute(UPDATE_BRANDING, {"input": {"legalName": "Mine"}})
    assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"]
    assert branding_of(admin) == EMPTY


# --- documents ---------------------------------------------------------------------------


def pdf_text(stack: Stack, session: TenantSession, path: str) -> tuple[httpx.Response, str]:
    answer = httpx.get(
        f"{stack.base_url}{path}",
        headers={"Authorization": f"Bearer {session.access_token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    reader = PdfReader(io.BytesIO(answer.content))
    return answer, "\n".join(page.extract_text() for page in reader.pages)


def billed_order(shop: Shop, buyer: Buyer) -> dict[str, Any]:
    data = order_input(
        shop,
        (shop.sku_id, "2"),
        submit=True,
        customerId=buyer.customer_id,
        shipToAddressId=buyer.ship_to,
        billToAddressId=buyer.bill_to,
    )
    return created(shop.owner, data)


def test_an_invoice_prints_the_seller_and_both_of_the_customers_addresses(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox, shop: Shop
) -> None:
    admin = shop.owner
    branded(admin)
    buyer = register_buyer(api, mailbox, admin, "Harbour Retail")
    invoice = issued(admin, billed_order(shop, buyer)["id"])

    answer, text = pdf_text(stack, admin, invoice["pdfUrl"])
    assert answer.headers["content-disposition"] == 'inline; filename="INV-000001.pdf"'
    for printed in (
        "Acme Trading GmbH",
        "Hafenstrasse 12",
        "20457 Hamburg",
        "Tax ID: DE123456789",
        "Payment by bank transfer",
        "IBAN DE89 3704 0044 0532 0130 00",
        "Bill to",
        "Accounts",
        "Ship to",
        "Dock 4",
        "1 Harbour Rd",
        "Bremen",
    ):
        assert printed in text, (printed, text)
    reader = PdfReader(io.BytesIO(answer.content))
    assert list(reader.pages[0].images), "the logo is drawn"

    mail = mailbox.wait_for(buyer.email, "INV-000001")[-1]
    body = mail.get_body(("plain",))
    assert body is not None and "Acme Trading GmbH" in body.get_content()
    [attachment] = list(mail.iter_attachments())
    assert attachment.get_filename() == "INV-000001.pdf"


def test_a_chinese_tenants_credit_note_is_labelled_in_chinese_without_bank_details(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox, shop: Shop
) -> None:
    admin = shop.owner
    assert admin.client.data(SETTINGS, {"input": {"locale": "zh-CN"}})["updateTenantSettings"] == {
        "userErrors": []
    }
    branded(admin, legalName="上海艾克米贸易有限公司", address="上海市浦东新区世纪大道88号")
    buyer = register_buyer(api, mailbox, admin, "Harbour Retail")
    invoice = issued(admin, billed_order(shop, buyer)["id"], sendEmail=False)
    _, invoice_text = pdf_text(stack, admin, invoice["pdfUrl"])
    for printed in (
        "上海艾克米贸易有限公司",
        "发票",
        "账单地址",
        "收货地址",
        "总计",
        "银行转账付款",
    ):
        assert printed in invoice_text, (printed, invoice_text)
    assert "Bill to" not in invoice_text and "Amount due" not in invoice_text

    credit_note = admin.client.data(
        CREDIT,
        {
            "input": {
                "invoiceId": invoice["id"],
                "basis": "ADJUSTMENT",
                "reason": "Goodwill",
                "amount": "1.00",
            }
        },
    )["issueCreditNote"]
    assert credit_note["userErrors"] == [], credit_note["userErrors"]
    answer, text = pdf_text(stack, admin, credit_note["creditNote"]["pdfUrl"])
    assert answer.headers["content-disposition"] == 'inline; filename="CN-000001.pdf"'
    assert "贷项通知单" in text and "上海艾克米贸易有限公司" in text
    assert "银行转账付款" not in text and "IBAN" not in text


def test_an_invoice_issued_before_the_branding_was_set_prints_the_current_one(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox, shop: Shop
) -> None:
    admin = shop.owner
    buyer = register_buyer(api, mailbox, admin, "Harbour Retail")
    invoice = issued(admin, billed_order(shop, buyer)["id"], sendEmail=False)
    branded(admin)
    _, text = pdf_text(stack, admin, invoice["pdfUrl"])
    assert "Acme Trading GmbH" in text and "Tax ID: DE123456789" in text


# --- the portal --------------------------------------------------------------------------


def test_the_portal_offers_bank_transfer_when_online_payment_is_not_set_up(
    api: GraphQLClient, mailbox: Mailbox, shop: Shop
) -> None:
    admin = shop.owner
    buyer = register_buyer(api, mailbox, admin, "Harbour Retail")
    assert buyer.portal.data(PAYMENT_OPTIONS)["portalPaymentOptions"] == {
        "onlinePaymentAvailable": False,
        "bankTransferInstructions": None,
    }
    branded(admin)
    assert buyer.portal.data(PAYMENT_OPTIONS)["portalPaymentOptions"] == {
        "onlinePaymentAvailable": False,
        "bankTransferInstructions": ACME_BRANDING["bankDetails"],
    }
    assert buyer.portal.data("query { portalViewer { tenant { branding { legalName } } } }")[
        "portalViewer"
    ]["tenant"]["branding"] == {"legalName": ACME_BRANDING["legalName"]}
    assert admin.client.error_codes(PAYMENT_OPTIONS) == ["FORBIDDEN"]
    connect_stripe(admin)
    assert buyer.portal.data(PAYMENT_OPTIONS)["portalPaymentOptions"]["onlinePaymentAvailable"]


def test_a_customer_who_chose_chinese_gets_the_invoice_and_its_email_in_chinese(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox, shop: Shop
) -> None:
    admin = shop.owner
    branded(admin)
    buyer = register_buyer(api, mailbox, admin, "Harbour Retail")
    chosen = buyer.portal.data(
        'mutation { setPortalLanguage(locale: "zh-CN") { userErrors { code } } }'
    )["setPortalLanguage"]
    assert chosen == {"userErrors": []}
    invoice = issued(admin, billed_order(shop, buyer)["id"])

    _, text = pdf_text(stack, admin, invoice["pdfUrl"])
    assert "账单地址" in text and "应付金额" in text and "Amount due" not in text
    mail = mailbox.wait_for(buyer.email, "INV-000001")[-1]
    assert str(mail["Subject"]).startswith("发票 INV-000001")
    body = mail.get_body(("plain",))
    assert body is not None and "Acme Trading GmbH" in body.get_content()
