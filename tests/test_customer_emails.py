"""What a tenant's customers find in their mailbox (issue 15, branding and customer
notifications): an HTML part under the tenant's logo and legal name beside the plain text,
every value escaped; overdue reminders in the contact's language; order links that carry the
tenant; and sign-in and invitation links that work the instant their email arrives."""

from __future__ import annotations

import base64
import uuid
from email.message import EmailMessage, MIMEPart

from tests.support.branding import branded, image_base64
from tests.support.customers import unique_email
from tests.support.database import owner_sql
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    accept_invitation,
    invitation_token,
    row_uuid,
    staff_email,
)
from tests.support.orders import Shop, confirmed_order, customer, open_shop
from tests.support.payments import scheduled
from tests.support.portal import (
    link_tokens,
    portal_customer,
    redeem_link,
    register_buyer,
    request_link,
)
from tests.support.stack import Mailbox, Stack, body_text

LOGO_CID = "tenant-logo@orbit"
ANGLED_NAME = "Fish <b>& Chips"
RENAME = """mutation R($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { field code } } }"""
INVITE = """mutation I($input: InviteUserInput!) { inviteUser(input: $input) {
  user { id } userErrors { field code } } }"""
SET_PORTAL_LANGUAGE = """mutation L($locale: String) { setPortalLanguage(locale: $locale) {
  userErrors { field code } } }"""


def html_of(message: EmailMessage) -> str:
    part = message.get_body(preferencelist=("html",))
    assert part is not None, "the email has no HTML part"
    return str(part.get_content())


def related_images(message: EmailMessage) -> list[MIMEPart]:
    return [part for part in message.walk() if part.get_content_maintype() == "image"]


def renamed(owner: TenantSession, name: str) -> None:
    payload = owner.client.data(RENAME, {"input": {"name": name}})["updateTenantSettings"]
    assert payload["userErrors"] == [], payload["userErrors"]


def confirmation_to_new_customer(shop: Shop, mailbox: Mailbox) -> EmailMessage:
    address = unique_email("buyer")
    order = confirmed_order(shop.owner, shop, customer(shop.owner, "Quayside Foods", email=address))
    [message] = mailbox.wait_for(address, f"{order['number']} is confirmed")
    return message


def test_a_customer_email_shows_the_tenants_logo_and_escaped_name_in_its_html_part(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    renamed(shop.owner, ANGLED_NAME)
    logo = image_base64()
    branded(shop.owner, legalName=f"{ANGLED_NAME} Ltd", logoBase64=logo)

    message = confirmation_to_new_customer(shop, mailbox)

    html = html_of(message)
    assert f'src="cid:{LOGO_CID}"' in html
    [image] = related_images(message)
    assert image["Content-ID"] == f"<{LOGO_CID}>"
    assert image.get_content() == base64.b64decode(logo)
    assert "Fish &lt;b&gt;&amp; Chips Ltd" in html
    assert "<b>" not in html
    text = body_text(message)
    assert f"{ANGLED_NAME} Ltd" in text and "Hafenstrasse 12" in text
    assert f"/portal/{shop.owner.slug}/orders/" in text


def test_without_a_logo_the_html_part_has_no_image(api: GraphQLClient, mailbox: Mailbox) -> None:
    shop = open_shop(api)

    message = confirmation_to_new_customer(shop, mailbox)

    html = html_of(message)
    assert "<img" not in html and "cid:" not in html
    assert related_images(message) == []
    assert "Harbour Trading" in html


def test_the_sign_in_email_carries_the_logo_and_its_link_in_html(
    api: GraphQLClient, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    branded(shop.owner)
    contact = portal_customer(shop.owner)
    assert request_link(api, shop.owner.slug, contact.email)["accepted"] is True

    [message] = mailbox.wait_for(contact.email, "sign-in link")
    [token] = link_tokens(mailbox, contact.email)

    html = html_of(message)
    assert f'src="cid:{LOGO_CID}"' in html
    assert f"/portal/{shop.owner.slug}?token={token}" in html
    assert "Acme Trading GmbH" in html
    assert len(related_images(message)) == 1


def age(stack: Stack, receivable_id: uuid.UUID, days_overdue: int) -> None:
    """Time passing: the due date moves back and the reminder queue looks at it now."""
    owner_sql(
        stack,
        "UPDATE receivables SET due_date = current_date - $2::int WHERE id = $1",
        receivable_id,
        days_overdue,
    )
    owner_sql(
        stack,
        "UPDATE receivable_reminder_queue SET due_at = now() - interval '1 second'"
        " WHERE receivable_id = $1",
        receivable_id,
    )


def test_a_chinese_contacts_overdue_reminder_is_in_chinese_under_the_tenants_logo(
    api: GraphQLClient, stack: Stack, mailbox: Mailbox
) -> None:
    shop = open_shop(api)
    branded(shop.owner)
    buyer = register_buyer(api, mailbox, shop.owner, "Harbour Lights")
    chosen = buyer.portal.data(SET_PORTAL_LANGUAGE, {"locale": "zh-CN"})["setPortalLanguage"]
    assert chosen["userErrors"] == []
    order = confirmed_order(shop.owner, shop, buyer.customer_id)

    # Left to the worker's own schedule (up to ten seconds): this is the test that shows the
    # worker runs the overdue-reminder job; the others run it themselves.
    age(stack, row_uuid(scheduled(shop.owner, order["id"])["id"]), 8)

    [reminder] = mailbox.wait_for(buyer.email, f"付款提醒：订单 {order['number']}", timeout=40)  # noqa: RUF001
    assert "已逾期 8 天" in body_text(reminder)
    html = html_of(reminder)
    assert "已逾期 8 天" in html and f'src="cid:{LOGO_CID}"' in html
    assert len(related_images(reminder)) == 1
    assert "Acme Trading GmbH" in body_text(reminder)


def test_every_sign_in_link_works_the_instant_its_email_arrives(
    api: GraphQLClient, tenant: TenantSession, mailbox: Mailbox
) -> None:
    """The mailbox holds its SMTP reply until the link was redeemed: the token must have
    been committed before the email left, not once the sender heard back."""
    for _ in range(20):
        contact = portal_customer(tenant)
        with mailbox.holding_replies(contact.email):
            assert request_link(api, tenant.slug, contact.email)["accepted"] is True
            [token] = link_tokens(mailbox, contact.email)
            session = redeem_link(api, token)
        assert session["userErrors"] == [], session["userErrors"]
        assert session["accessToken"]


def invitee(email: str) -> dict[str, str]:
    return {"email": email, "name": "Quick Clicker", "departmentKey": "sales"}


def test_every_invitation_works_the_instant_its_email_arrives(
    tenant: TenantSession, mailbox: Mailbox
) -> None:
    for _ in range(10):
        email = staff_email(tenant, "quick")
        with mailbox.holding_replies(email):
            invited = tenant.client.data(INVITE, {"input": invitee(email)})["inviteUser"]
            assert invited["userErrors"] == []
            accepted = accept_invitation(tenant.client, invitation_token(mailbox, email))
        assert accepted["userErrors"] == [], accepted["userErrors"]
