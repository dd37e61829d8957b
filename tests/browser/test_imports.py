"""A manager imports customers in the console: uploads a small CSV, checks it (the report
shows the bad row), imports the valid rows and sees the import complete."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import TenantSession

CUSTOMERS = """query C($search: String) { customers(first: 10, search: $search) {
  edges { node { name externalRef } } } }"""
CSV = (
    "external_ref,name,tier\r\n"
    "WEB-1,Harbour Imports,vip\r\n"
    "WEB-2,,standard\r\n"
    "WEB-3,Delta Wholesale,wholesale\r\n"
)


def test_import_customers_from_a_csv(browsing: Browsing, tenant: TenantSession) -> None:
    page = browsing.new_page()

    with browsing.step("open the import page"):
        page.goto("/imports")
        log_in(page, tenant.slug, tenant.email, tenant.password)
        expect(page.get_by_role("heading", name="Import", exact=True)).to_be_visible()

    with browsing.step("upload a CSV and check it"):
        page.locator("input[type=file]").set_input_files(
            files=[{"name": "customers.csv", "mimeType": "text/csv", "buffer": CSV.encode()}]
        )
        expect(page.get_by_text("customers.csv")).to_be_visible()
        page.get_by_label("Import the valid rows").check()
        page.get_by_role("button", name="Check the file").click()
        report = page.get_by_test_id("import-report")
        # The worker runs the check; give a busy machine time.
        expect(report.get_by_text("2 of 3 rows can be imported.")).to_be_visible(timeout=60_000)
        expect(report.get_by_role("cell", name="REQUIRED")).to_be_visible()
        expect(report.get_by_role("cell", name="name", exact=True)).to_be_visible()

    with browsing.step("import the valid rows and see it complete"):
        page.get_by_role("button", name="Import (Import the valid rows)").click()
        expect(page.get_by_text("2 of 3 rows imported.").first).to_be_visible(timeout=60_000)
        past = page.get_by_role("table").last
        expect(past.get_by_text("Completed").first).to_be_visible()

    names = sorted(
        e["node"]["name"]
        for e in tenant.client.data(CUSTOMERS, {"search": ""})["customers"]["edges"]
    )
    assert names == ["Delta Wholesale", "Harbour Imports"]
