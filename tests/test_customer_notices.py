"""Emails an order's customer gets (issue 15, customer notifications): confirmed, shipped
with carrier and tracking link, delivered; once per event, in the tenant's language, each
switchable per tenant; the portal contact who placed an order is the one told."""

from __future__ import annotations

from typing import Any

from tests.support.customers import unique_email
from tests.support.graphql import GraphQLClient, TenantSession
from tests.support.orders import Shop, acted, customer, open_shop
from tests.support.portal import placed, register_buyer
from tests.support.shipments import ready_order, shipped
from tests.support.stack import Mailbox, body_text
from tests.support.waiting import wait_until

SETTINGS = """query { customerNoticeSettings { orderConfirmed orderShipped orderDelivered } }"""
UPDATE_SETTINGS = """mutation U($input: UpdateCustomerNoticeSettingsInput!) {
  updateCustomerNoticeSettings(input: $input) {
    settings { orderConfirmed orderShipped orderDelivered } userErrors { field code } } }"""
SET_TENANT_LOCALE = """mutation S($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { field code } } }"""
AUDIT = """query { auditLog(first: 20) { edges { node { action } } } }"""


def switch(owner: TenantSession, **switches: bool) -> dict[str, Any]:
    values = {"orderConfirmed": True, "orderShipped": True, "orderDelivered": True, **switches}
    payload: dict[str, Any] = owner.client.data(UPDATE_SETTINGS, {"input": values})[
        "updateCustomerNoticeSettings"
    ]
    assert payload["userErrors"] == []
    return payload


def shop_with_customer_email(api: GraphQLClient) -> tuple[Shop, str, str]:
    shop = open_shop(api)
    address = unique_email("buyer")
    customer_id = customer(shop.owner, "Quayside Foods", email=address)
    return shop, customer_id, address


def test_a_customer_is_emailed_when_their_order_is_confirmed_shipped_and_delivered(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, customer_id, address = shop_with_customer_email(api)
    order = ready_order(shop, (shop.sku_id, "3"), customer_id=customer_id)
    number = order["number"]

    [confirmed] = mailbox.wait_for(address, f"{number} is confirmed")
    assert "Quayside Foods" in body_text(confirmed)
    assert f"/portal/{shop.owner.slug}/orders/" in body_text(confirmed)

    shipped(shop.owner, order, (0, "3"), carrier="DHL", trackingNumber="JD 0042")
    [shipped_mail] = mailbox.wait_for(address, f"{number} has shipped")
    text = body_text(shipped_mail)
    assert "Carrier: DHL" in text and "Tracking number: JD 0042" in text
    assert "https://www.dhl.com/global-en/home/tracking.html?tracking-id=JD%200042" in text

    delivered = acted(shop.owner, order["id"], "MARK_DELIVERED")
    assert delivered["status"] == "DELIVERED"
    mailbox.wait_for(address, f"{number} was delivered")
    # Each notice once: the relay's retries and other handlers send nothing twice.
    assert len(mailbox.matching(address, f"{number} is confirmed")) == 1
    assert len(mailbox.matching(address, f"{number} has shipped")) == 1


def test_a_notice_the_tenant_switched_off_is_not_sent(api: GraphQLClient, mailbox: Mailbox) -> None:
    shop, customer_id, address = shop_with_customer_email(api)
    assert shop.owner.client.data(SETTINGS)["customerNoticeSettings"] == {
        "orderConfirmed": True,
        "orderShipped": True,
        "orderDelivered": True,
    }
    payload = switch(shop.owner, orderConfirmed=False)
    assert payload["settings"]["orderConfirmed"] is False
    assert shop.owner.client.data(SETTINGS)["customerNoticeSettings"]["orderConfirmed"] is False

    order = ready_order(shop, (shop.sku_id, "1"), customer_id=customer_id)
    shipped(shop.owner, order, (0, "1"), carrier="Local courier", trackingNumber="LC-7")
    [shipped_mail] = mailbox.wait_for(address, f"{order['number']} has shipped")
    # A carrier with no known tracking page: the number, no link.
    assert "Tracking number: LC-7" in body_text(shipped_mail)
    assert "Track it" not in body_text(shipped_mail)
    assert mailbox.matching(address, "is confirmed") == []
    actions = [e["node"]["action"] for e in shop.owner.client.data(AUDIT)["auditLog"]["edges"]]
    assert "customer_notices.update_settings" in actions


def test_the_portal_contact_who_placed_the_order_is_told_in_the_tenants_language(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    payload = shop.owner.client.data(SET_TENANT_LOCALE, {"input": {"locale": "zh-CN"}})
    assert payload["updateTenantSettings"]["userErrors"] == []
    buyer = register_buyer(api, mailbox, shop.owner, "Pier Nine Imports")
    order = placed(buyer, (shop.sku_id, "2"))
    assert order["status"] == "CONFIRMED"
    [mail] = mailbox.wait_for(buyer.email, f"您的订单 {order['number']} 已确认")
    assert "Pat Purchaser" in body_text(mail)


SET_PORTAL_LANGUAGE = """mutation L($locale: String) { setPortalLanguage(locale: $locale) {
  userErrors { field code } } }"""


def test_a_contact_who_chose_chinese_is_told_in_chinese_by_an_english_tenant(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Harbour Lights")
    chosen = buyer.portal.data(SET_PORTAL_LANGUAGE, {"locale": "zh-CN"})["setPortalLanguage"]
    assert chosen["userErrors"] == []
    order = placed(buyer, (shop.sku_id, "1"))
    assert order["status"] == "CONFIRMED"
    mailbox.wait_for(buyer.email, f"您的订单 {order['number']} 已确认")


TIMELINE = """query T($id: ID!) { node(id: $id) { ... on Customer {
  timeline(first: 30) { kind action orderNumber text } } } }"""


def test_the_customers_timeline_lists_the_emails_sent_about_its_orders(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop, customer_id, address = shop_with_customer_email(api)
    order = ready_order(shop, (shop.sku_id, "2"), customer_id=customer_id)
    mailbox.wait_for(address, f"{order['number']} is confirmed")

    def confirmation() -> dict[str, Any] | None:
        timeline = shop.owner.client.data(TIMELINE, {"id": customer_id})["node"]["timeline"]
        return next((a for a in timeline if a["action"] == "email.order_confirmed"), None)

    found = wait_until(confirmation, what="the confirmation email in the timeline")
    assert found == {
        "kind": "EMAIL",
        "action": "email.order_confirmed",
        "orderNumber": order["number"],
        "text": address,
    }
