"""Four-eyes refunds in the console: finance opens a refund they asked for themselves and is
told a colleague executes it (the button is off); the owner turns four-eyes refunds off in
Settings, and the same finance user pays it back."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import GraphQLClient, colleague
from tests.support.payments import paid_by_transfer
from tests.support.stack import Mailbox

REQUEST = """mutation R($input: RequestRefundInput!) { requestRefund(input: $input) {
  refund { number } userErrors { code } } }"""


def test_finance_cannot_execute_its_own_request_until_four_eyes_is_turned_off(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, _order, payment_id = paid_by_transfer(api)
    finance = colleague(shop.owner, mailbox, "finance")
    asked = finance.client.data(
        REQUEST, {"input": {"paymentId": payment_id, "amount": "4.00", "reason": "RETURN"}}
    )["requestRefund"]
    assert asked == {"refund": {"number": "RF-000001"}, "userErrors": []}
    page = browsing.new_page()

    with browsing.step("finance opens its own request: a colleague must execute it"):
        page.goto("/refunds")
        log_in(page, shop.owner.slug, finance.email, finance.password)
        row = page.get_by_test_id("refunds-table").get_by_role("row").filter(has_text="RF-000001")
        row.get_by_role("button", name="RF-000001").click()
        decision = page.get_by_test_id("refund-decision")
        expect(decision.get_by_test_id("refund-own-request")).to_contain_text(
            "You requested this refund."
        )
        expect(decision.get_by_role("button", name="Execute refund")).to_be_disabled()
        expect(decision.get_by_role("button", name="Reject")).to_be_enabled()

    owner = browsing.new_page()
    with browsing.step("the owner turns four-eyes refunds off in Settings"):
        owner.goto("/settings")
        log_in(owner, shop.owner.slug, shop.owner.email, shop.owner.password)
        switch = owner.get_by_test_id("refund-settings").get_by_role(
            "switch", name="Four-eyes refunds"
        )
        expect(switch).to_be_checked()
        switch.click()
        expect(owner.get_by_text("Settings saved.")).to_be_visible()
        expect(switch).not_to_be_checked()

    with browsing.step("finance may now pay its own request back"):
        page.reload()
        row = page.get_by_test_id("refunds-table").get_by_role("row").filter(has_text="RF-000001")
        row.get_by_role("button", name="RF-000001").click()
        decision = page.get_by_test_id("refund-decision")
        expect(decision.get_by_test_id("refund-own-request")).to_have_count(0)
        decision.get_by_label("Bank or cheque reference").fill("SEPA-9")
        decision.get_by_role("button", name="Execute refund").click()
        expect(page.get_by_text("Refund RF-000001 executed.")).to_be_visible()
        expect(page.get_by_test_id("refund-detail").get_by_test_id("refund-status")).to_have_text(
            "Succeeded"
        )
