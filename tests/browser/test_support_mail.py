"""Support mail in the console: Settings shows the address customers write to and what
became of the mail it received, a refused stranger's mail with its reason beside the one
that opened a ticket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import Browsing
from tests.browser.ui import log_in
from tests.support.graphql import GraphQLClient
from tests.support.inbound_mail import INBOUND, inbound_mail_server, send
from tests.support.orders import open_shop
from tests.support.portal import register_buyer
from tests.support.stack import INBOUND_MAIL_DOMAIN, Mailbox, Stack
from tests.support.waiting import wait_until


@pytest.fixture(scope="module")
def inbound_port(stack: Stack) -> Iterator[int]:
    with inbound_mail_server(stack, "inbound-mail-browser") as port:
        yield port


def test_settings_show_the_support_address_and_the_fate_of_each_mail(
    browsing: Browsing, api: GraphQLClient, mailbox: Mailbox, inbound_port: int
) -> None:
    shop = open_shop(api)
    buyer = register_buyer(api, mailbox, shop.owner, "Globex")
    address = f"{shop.owner.slug}@{INBOUND_MAIL_DOMAIN}"
    send(inbound_port, buyer.email, address, "Lid cracked", "The lid arrived cracked.")
    send(inbound_port, "someone@elsewhere.example", address, "Cheap watches", "Buy now.")
    wait_until(
        lambda: (
            all(m["status"] != "RECEIVED" for m in shop.owner.client.data(INBOUND)["inboundMail"])
            and len(shop.owner.client.data(INBOUND)["inboundMail"]) == 2
        ),
        30,
        "both mails processed",
    )
    page = browsing.new_page()

    with browsing.step("the support mail card lists both mails and what became of them"):
        page.goto("/settings")
        log_in(page, shop.owner.slug, shop.owner.email, shop.owner.password)
        card = page.get_by_test_id("support-mail")
        expect(card.get_by_test_id("support-mail-address")).to_contain_text(address)
        rows = card.get_by_test_id("inbound-mail").locator("tr.ant-table-row")
        expect(rows).to_have_count(2)
        expect(rows.filter(has_text="Lid cracked")).to_contain_text("Opened a ticket")
        expect(rows.filter(has_text="Cheap watches")).to_contain_text(
            "Refused" + "sender is no customer contact with portal access"
        )
