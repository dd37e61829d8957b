"""Contracts in the console: staff make a contract for a customer from the default template;
a notice period longer than the term is refused on its field, and once fixed the contract
opens on its page with version 1 sent for signature; an amendment from an uploaded PDF
becomes version 2, pointing at version 1."""

from __future__ import annotations

import io
import re

from playwright.sync_api import expect
from pypdf import PdfWriter

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.contracts import signing_customer
from tests.support.graphql import TenantSession
from tests.support.stack import Mailbox


def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_staff_make_a_contract_and_a_bad_notice_period_is_refused_on_its_field(
    browsing: Browsing, tenant: TenantSession, mailbox: Mailbox
) -> None:
    signing_customer(tenant, mailbox, "Umbrella Corp")
    page = browsing.new_page()
    with browsing.step("a notice period longer than the term is refused on its field"):
        page.goto("/contracts")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        page.get_by_test_id("new-contract").click()
        form = page.get_by_test_id("new-contract-form")
        choose(page, form, "Customer", "Umbrella Corp")
        form.get_by_test_id("new-contract-title").fill("Cleaning services")
        form.get_by_test_id("new-contract-term").fill("3")
        form.get_by_test_id("new-contract-notice").fill("120")
        page.get_by_role("button", name="Create contract").click()
        expect(form.locator(".ant-form-item-explain-error")).to_have_text(
            "The notice period must be shorter than the term."
        )

    with browsing.step("fixed, the contract opens with version 1 awaiting signature"):
        form.get_by_test_id("new-contract-notice").fill("30")
        page.get_by_role("button", name="Create contract").click()
        expect(page).to_have_url(re.compile(r"/contracts/[A-Za-z0-9=]+$"))
        version = page.get_by_test_id("contract-version-1")
        expect(version.get_by_test_id("contract-version-state")).to_have_text("Awaiting signature")
        expect(page.get_by_test_id("contract-status")).to_have_text("Draft")

    with browsing.step("an amendment from an uploaded PDF is version 2, pointing at version 1"):
        page.get_by_test_id("contract-amend").click()
        dialog = page.get_by_role("dialog")
        dialog.get_by_test_id("contract-amend-note").fill("Adds the second floor")
        dialog.locator("input[type=file]").set_input_files(
            {"name": "amendment.pdf", "mimeType": "application/pdf", "buffer": blank_pdf()}
        )
        expect(dialog.locator(".ant-upload-list-item-done")).to_have_count(1)
        dialog.get_by_role("button", name="OK").click()
        second = page.get_by_test_id("contract-version-2")
        expect(second).to_contain_text("amends version 1")
        expect(second).to_contain_text("Adds the second floor")
        expect(second.get_by_test_id("contract-version-state")).to_have_text("Draft")
