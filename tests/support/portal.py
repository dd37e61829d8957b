"""The customer portal: contacts given access, signing in by emailed link, and buyers who
order from the portal."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from tests.support.catalog import create_product
from tests.support.customers import CREATE_CUSTOMER, GRANT_PORTAL, contact, unique_email
from tests.support.graphql import GraphQLClient, TenantSession, client_address
from tests.support.inventory import receive
from tests.support.orders import ADDRESS, Shop, created, open_shop, order_input
from tests.support.stack import Mailbox, body_text

REQUEST_LINK = """mutation RequestLink($input: RequestPortalMagicLinkInput!) {
  requestPortalMagicLink(input: $input) { accepted userErrors { field code message } } }"""
REDEEM = """mutation Redeem($token: String!) { redeemPortalMagicLink(token: $token) {
  accessToken refreshToken expiresIn userErrors { field code } } }"""
PORTAL_VIEWER = """query PortalViewer { portalViewer {
  contact { name email } customer { id name } tenant { name slug } } }"""
REVOKE_PORTAL = """mutation Revoke($id: ID!) { revokePortalAccess(contactId: $id) {
  contact { id portalEnabled } userErrors { code } } }"""
SET_PASSWORD = """mutation SetPassword($password: String!) {
  setPortalPassword(password: $password) { contact { email } userErrors { field code } } }"""
CREATE_BUYER = """mutation C($input: CreateCustomerInput!) { createCustomer(input: $input) {
  customer { id contacts { id } addresses { id kind } } userErrors { field code } } }"""
PORTAL_ORDER_FIELDS = """id number status requestedDeliveryDate subtotal { amount }
  taxTotal { amount } total { amount currency } shipTo { recipient city }
  billTo { recipient } carrier trackingNumber
  lines { skuCode quantity unitPrice { amount } lineTotal { amount } }
  timeline { milestone state reachedAt }"""
PLACE = f"""mutation Place($input: PortalPlaceOrderInput!) {{ portalPlaceOrder(input: $input) {{
  order {{ {PORTAL_ORDER_FIELDS} }} userErrors {{ field code message }} }} }}"""
BILL_TO = {**ADDRESS, "kind": "BILL_TO", "recipient": "Accounts", "city": "Hamburg"}
SECOND_SHIP_TO = {**ADDRESS, "recipient": "Yard 2", "city": "Kiel"}


@dataclass
class PortalCustomer:
    """A customer with one contact who was given portal access."""

    customer_id: str
    contact_id: str
    email: str
    name: str


def portal_customer(
    staff: TenantSession, name: str = "Wayne Enterprises", grant: bool = True
) -> PortalCustomer:
    email = unique_email("portal")
    payload = staff.client.data(
        CREATE_CUSTOMER, {"input": {"name": name, "contacts": [contact(email, "Lucius Fox")]}}
    )["createCustomer"]
    assert payload["userErrors"] == []
    customer = payload["customer"]
    contact_id = customer["contacts"][0]["id"]
    if grant:
        granted = staff.client.data(GRANT_PORTAL, {"id": contact_id})["grantPortalAccess"]
        assert granted["contact"]["portalEnabled"] is True
    return PortalCustomer(customer["id"], contact_id, email, name)


def request_link(
    api: GraphQLClient, slug: str, email: str, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    payload: dict[str, Any] = api.data(
        REQUEST_LINK,
        {"input": {"tenantSlug": slug, "email": email}},
        headers=headers or client_address(),
    )["requestPortalMagicLink"]
    return payload


def link_tokens(mailbox: Mailbox, email: str, count: int = 1) -> list[str]:
    messages = mailbox.wait_for(email, "sign-in link", count=count)
    tokens = []
    for message in messages:
        match = re.search(r"/portal/[a-z0-9-]+\?token=([A-Za-z0-9_.\-]+)", body_text(message))
        assert match, body_text(message)
        tokens.append(match.group(1))
    return tokens


def sign_in_by_link(api: GraphQLClient, mailbox: Mailbox, slug: str, email: str) -> dict[str, Any]:
    assert request_link(api, slug, email) == {"accepted": True, "userErrors": []}
    [token] = link_tokens(mailbox, email)
    session = redeem_link(api, token)
    assert session["userErrors"] == [], session["userErrors"]
    return session


def redeem_link(api: GraphQLClient, token: str) -> dict[str, Any]:
    """redeemPortalMagicLink with the emailed token (committed before its email left)."""
    session: dict[str, Any] = api.data(REDEEM, {"token": token})["redeemPortalMagicLink"]
    return session


@dataclass
class Buyer:
    customer_id: str
    contact_id: str
    email: str
    ship_to: str
    second_ship_to: str
    bill_to: str
    portal: GraphQLClient


def register_buyer(
    api: GraphQLClient, mailbox: Mailbox, owner: TenantSession, name: str, **fields: Any
) -> Buyer:
    """A VIP customer with two ship-to addresses and a bill-to, whose contact is signed in
    to the portal."""
    email = unique_email("orders")
    payload = owner.client.data(
        CREATE_BUYER,
        {
            "input": {
                "name": name,
                "tier": "vip",
                "creditLimit": "100000",
                "contacts": [contact(email, "Pat Purchaser")],
                "addresses": [ADDRESS, SECOND_SHIP_TO, BILL_TO],
                **fields,
            }
        },
    )["createCustomer"]
    assert payload["userErrors"] == [], payload["userErrors"]
    customer = payload["customer"]
    contact_id = customer["contacts"][0]["id"]
    granted = owner.client.data(GRANT_PORTAL, {"id": contact_id})["grantPortalAccess"]
    assert granted["userErrors"] == []
    ship_to, second, bill_to = (a["id"] for a in customer["addresses"])
    session = sign_in_by_link(api, mailbox, owner.slug, email)
    return Buyer(
        customer["id"], contact_id, email, ship_to, second, bill_to, api.as_(session["accessToken"])
    )


def place(buyer: Buyer, *lines: tuple[str, str], **fields: Any) -> dict[str, Any]:
    payload: dict[str, Any] = buyer.portal.data(
        PLACE, {"input": {"lines": [{"skuId": s, "quantity": q} for s, q in lines], **fields}}
    )["portalPlaceOrder"]
    return payload


def placed(buyer: Buyer, *lines: tuple[str, str], **fields: Any) -> dict[str, Any]:
    payload = place(buyer, *lines, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    order: dict[str, Any] = payload["order"]
    return order


def discounted_order(api: GraphQLClient, mailbox: Mailbox) -> tuple[Shop, Buyer, dict[str, Any]]:
    """A confirmed staff order for a portal buyer: 3 bolts at 10.00, 5 % off (tax 10 %), and
    2 lamps at 25.00 (tax 13 %)."""
    shop = open_shop(api)
    lamp = create_product(shop.owner, "LAMP", "Desk lamp", "25.00", cost="9", taxRate="0.13")
    lamp_id = lamp["skus"][0]["id"]
    receive(shop.owner, shop.warehouse_id, lamp_id, "20")
    buyer = register_buyer(api, mailbox, shop.owner, "Globex")
    data = order_input(shop, submit=True)
    data["customerId"] = buyer.customer_id
    data["lines"] = [
        {"skuId": shop.sku_id, "quantity": "3", "discountPercent": "5"},
        {"skuId": lamp_id, "quantity": "2"},
    ]
    order = created(shop.owner, data)
    assert order["status"] == "CONFIRMED", order["status"]
    return shop, buyer, order
