"""An administrator composes a role in the permission matrix, gives it to a new API client,
sees the client's secret once and revokes the client."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import choose, log_in
from tests.support.graphql import TenantSession


def test_role_matrix_and_api_client_lifecycle(browsing: Browsing, tenant: TenantSession) -> None:
    page = browsing.new_page()
    with browsing.step("log in"):
        page.goto("/roles")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page.get_by_role("heading", name="Roles & permissions")).to_be_visible()

    with browsing.step("create a role that may only read the audit log, scoped to everything"):
        page.get_by_role("button", name="New role").click()
        drawer = page.get_by_role("dialog", name="New role")
        drawer.get_by_label("Key").fill("auditor")
        drawer.get_by_label("Name").fill("Auditor")
        choose(page, drawer, "Data scope", "Everything")
        drawer.get_by_role("checkbox", name="Audit log: Read").check()
        drawer.get_by_role("button", name="Save").click()
        row = page.get_by_role("row", name=re.compile("Auditor"))
        expect(row).to_contain_text("Everything")
        expect(row.get_by_role("cell").nth(4)).to_have_text("1")

    with browsing.step("a key that exists is reported next to the key field"):
        page.get_by_role("button", name="New role").click()
        drawer = page.get_by_role("dialog", name="New role")
        drawer.get_by_label("Key").fill("auditor")
        drawer.get_by_label("Name").fill("Second auditor")
        drawer.get_by_role("button", name="Save").click()
        expect(drawer.get_by_text("A role with this key exists.")).to_be_visible()
        drawer.get_by_role("button", name="Cancel").click()

    with browsing.step("create an API client with that role and see its secret once"):
        page.get_by_role("navigation").get_by_role("link", name="API clients").click()
        expect(page.get_by_text("No API clients yet.")).to_be_visible()
        page.get_by_role("button", name="New API client").click()
        dialog = page.get_by_role("dialog", name="New API client")
        dialog.get_by_label("Name").fill("ERP sync")
        choose(page, dialog, "Roles", "Auditor (auditor)", multiple=True)
        dialog.get_by_role("button", name="Create").click()
        secret = page.get_by_test_id("client-secret")
        expect(secret).to_be_visible()
        shown = secret.inner_text().strip()
        assert len(shown) >= 20
        page.get_by_role("button", name="I have stored it").click()
        row = page.get_by_role("row", name=re.compile("ERP sync"))
        expect(row).to_contain_text("Active")
        expect(row).to_contain_text("auditor")
        expect(page.get_by_text(shown)).to_have_count(0)

    with browsing.step("revoke it"):
        row.get_by_role("button", name="Revoke").click()
        page.get_by_role("tooltip").get_by_role("button", name="Yes").click()
        expect(row).to_contain_text("Revoked")
        expect(row.get_by_role("button", name="Revoke")).to_have_count(0)
