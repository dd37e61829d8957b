"""Contracts in the portal: the customer finds the contract sent to them under My contracts,
is told to tick acceptance when they forget, signs it by typing their name, and can then
download the signed copy; staff see the signature record (name, IP address, browser,
document hash) in the console and countersign it there. In Chinese the portal's pages read
in Chinese."""

from __future__ import annotations

import re
from datetime import date

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in, portal_sign_in
from tests.support.contracts import CONTRACT, created, signing_customer, terms
from tests.support.graphql import GraphQLClient, TenantSession, row_id
from tests.support.stack import Mailbox


def test_the_customer_signs_in_the_portal_and_staff_countersign_in_the_console(
    browsing: Browsing, api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox, "Globex")
    contract = created(
        tenant,
        customer.customer_id,
        send=True,
        title="Support agreement",
        terms=terms(startDate=date.today().isoformat()),
    )
    page = browsing.new_page()

    with browsing.step("the contract waits under My contracts with its PDF"):
        portal_sign_in(page, api, mailbox, tenant.slug, customer.email, "Globex", links=2)
        page.goto("/portal/contracts")
        page.get_by_test_id("portal-contract-link").click()
        expect(page).to_have_url(re.compile(rf"/portal/contracts/{row_id(contract['id'])}$"))
        version = page.get_by_test_id("portal-contract-version-1")
        expect(version).to_contain_text("Awaiting signature")
        expect(version.get_by_test_id("contract-pdf")).to_have_attribute("target", "_blank")

    with browsing.step("signing without ticking acceptance is refused; then it is signed"):
        version.get_by_test_id("contract-signer-name").fill("Hank Scorpio")
        version.get_by_test_id("contract-signer-title").fill("President")
        version.get_by_test_id("contract-sign").click()
        expect(version.get_by_test_id("contract-sign-error")).to_have_text(
            "Tick the box to accept the contract."
        )
        version.get_by_test_id("contract-accept").check()
        version.get_by_test_id("contract-sign").click()
        expect(page.get_by_test_id("portal-contract-status")).to_have_text("Active")
        expect(version).to_contain_text("Signed by Hank Scorpio")
        signed = version.get_by_test_id("contract-signed-pdf")
        response = page.request.get(signed.get_attribute("href") or "")
        assert response.body().startswith(b"%PDF")

    chinese = browsing.new_page(locale="zh-CN")
    with browsing.step("in Chinese the contracts read in Chinese"):
        portal_sign_in(chinese, api, mailbox, tenant.slug, customer.email, "Globex", links=3)
        chinese.goto("/portal/contracts")
        expect(chinese.get_by_role("heading", name="我的合同")).to_be_visible()
        chinese.get_by_test_id("portal-contract-link").click()
        expect(chinese.get_by_test_id("portal-contract-status")).to_have_text("生效中")

    staff = browsing.new_page()
    with browsing.step("staff see the signature record and countersign"):
        staff.goto(f"/contracts/{contract['id']}")
        log_in(staff, tenant.slug, tenant.email, tenant.password)
        signatures = staff.get_by_test_id("contract-version-1").get_by_test_id(
            "contract-signatures"
        )
        expect(signatures).to_contain_text("Hank Scorpio, President (Customer)")
        expect(signatures).to_contain_text("HeadlessChrome")
        staff.get_by_test_id("contract-countersign").click()
        expect(signatures).to_contain_text("(Company)")
        expect(staff.get_by_test_id("contract-countersign")).to_have_count(0)
    parties = [
        s["party"]
        for s in tenant.client.data(CONTRACT, {"id": contract["id"]})["contract"]["versions"][0][
            "signatures"
        ]
    ]
    assert parties == ["CUSTOMER", "COMPANY"]


def test_the_expiring_soon_view_and_the_customer_card_list_contracts(
    browsing: Browsing, tenant: TenantSession, mailbox: Mailbox
) -> None:
    customer = signing_customer(tenant, mailbox, "Initech")
    contract = created(tenant, customer.customer_id, send=True, title="Printer lease")
    page = browsing.new_page()
    with browsing.step("awaiting signature lists it; the customer page shows it"):
        page.goto("/contracts?view=DRAFT")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page.get_by_test_id("contract-link")).to_have_text(contract["number"])
        page.goto(f"/customers/{customer.customer_id}")
        expect(page.get_by_test_id("customer-contracts")).to_contain_text(contract["number"])
