"""Support mail into tickets, through a real SMTP conversation with `orbit inbound-mail` and
the real worker: a customer's mail to the tenant's support address opens a ticket; their
answer to a ticket email (its signed Reply-To) threads into that ticket without the quoted
mail; an answer to a closed ticket opens a follow-up. A made-up tenant is refused at RCPT;
an unknown sender, a forged token and another customer's token are refused with a reason,
and no ticket changes; a re-delivered message is kept once."""

from __future__ import annotations

import smtplib
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from redis import Redis

from tests.support.files import fetch, png
from tests.support.graphql import GraphQLClient, TenantSession, global_id
from tests.support.inbound_mail import INBOUND, inbound_mail_server, send
from tests.support.orders import Shop, open_shop
from tests.support.portal import Buyer, register_buyer
from tests.support.stack import INBOUND_MAIL_DOMAIN, Mailbox, Stack
from tests.support.tickets import CHANGE_STATUS, TICKET, reply
from tests.support.waiting import wait_until

ADDRESS = "query { supportMailAddress }"
FILES = "query T($id: ID!) { ticket(id: $id) { attachments { fileName contentType url } } }"


@dataclass
class Desk:
    shop: Shop
    buyer: Buyer
    rival: Buyer
    port: int

    @property
    def owner(self) -> TenantSession:
        return self.shop.owner

    @property
    def address(self) -> str:
        return f"{self.owner.slug}@{INBOUND_MAIL_DOMAIN}"


@pytest.fixture(scope="module")
def inbound_port(stack: Stack) -> Iterator[int]:
    with inbound_mail_server(stack, "inbound-mail") as port:
        yield port


@pytest.fixture(scope="module")
def desk(api: GraphQLClient, mailbox: Mailbox, inbound_port: int) -> Desk:
    shop = open_shop(api, stock="10")
    return Desk(
        shop,
        register_buyer(api, mailbox, shop.owner, "Heron Supplies"),
        register_buyer(api, mailbox, shop.owner, "Crane Supplies"),
        inbound_port,
    )


def processed(owner: TenantSession, subject: str) -> dict[str, Any]:
    def probe() -> dict[str, Any] | None:
        rows = owner.client.data(INBOUND)["inboundMail"]
        return next(
            (r for r in rows if r["subject"] == subject and r["status"] != "RECEIVED"), None
        )

    return wait_until(probe, 30, f"inbound mail {subject!r} processed")


def ticket(owner: TenantSession, row_id: str) -> dict[str, Any]:
    found: dict[str, Any] = owner.client.data(TICKET, {"id": global_id("Ticket", row_id)})["ticket"]
    return found


def test_the_tenant_has_a_support_address(desk: Desk) -> None:
    assert desk.owner.client.data(ADDRESS)["supportMailAddress"] == desk.address


def test_a_customers_mail_opens_a_ticket_and_their_answer_threads_into_it(
    desk: Desk, mailbox: Mailbox
) -> None:
    send(
        desk.port,
        desk.buyer.email,
        desk.address,
        "Pallet arrived wet",
        "The second pallet was soaked.\n\n-- \nHeron Supplies, goods in",
    )
    opened = processed(desk.owner, "Pallet arrived wet")
    assert (opened["status"], opened["reason"]) == ("OPENED", None)
    found = ticket(desk.owner, opened["ticketId"])
    assert (found["channel"], found["subject"]) == ("EMAIL", "Pallet arrived wet")
    assert found["description"] == "The second pallet was soaked."
    assert found["customer"]["name"] == "Heron Supplies"

    staff_id = global_id("Ticket", opened["ticketId"])
    assert reply(desk.owner.client, staff_id, "Which delivery note?")["userErrors"] == []
    desk.owner.client.data(
        CHANGE_STATUS, {"input": {"ticketId": staff_id, "status": "PENDING_CUSTOMER"}}
    )
    email = wait_until(lambda: mailbox.matching(desk.buyer.email, found["number"]), 30, "reply")
    reply_to = str(email[-1]["Reply-To"])
    assert reply_to.startswith(f"{desk.owner.slug}+t") and reply_to.endswith(INBOUND_MAIL_DOMAIN)

    send(
        desk.port,
        desk.buyer.email,
        reply_to,
        f"Re: {email[-1]['Subject']}",
        "Delivery note DN-4471.\n\nOn Mon, 7 Dec 2026 Seller wrote:\n> Which delivery note?",
    )
    threaded = processed(desk.owner, f"Re: {email[-1]['Subject']}")
    assert (threaded["status"], threaded["ticketId"]) == ("THREADED", opened["ticketId"])
    after = ticket(desk.owner, opened["ticketId"])
    assert [m["body"] for m in after["messages"]] == [
        "Which delivery note?",
        "Delivery note DN-4471.",
    ]
    assert after["messages"][-1]["authorKind"] == "portal"
    assert after["status"] == "OPEN"


def _reply_address_of_new_ticket(desk: Desk, mailbox: Mailbox, subject: str) -> tuple[str, str]:
    send(desk.port, desk.buyer.email, desk.address, subject, "Please help.")
    row = processed(desk.owner, subject)
    number = ticket(desk.owner, row["ticketId"])["number"]
    reply(desk.owner.client, global_id("Ticket", row["ticketId"]), "On it.")
    email = wait_until(lambda: mailbox.matching(desk.buyer.email, number), 30, "reply")
    return row["ticketId"], str(email[-1]["Reply-To"])


def test_forged_and_borrowed_tokens_reach_no_ticket(desk: Desk, mailbox: Mailbox) -> None:
    ticket_id, reply_to = _reply_address_of_new_ticket(desk, mailbox, "Label missing")
    local, _, domain = reply_to.partition("@")
    forged = f"{local[:-1]}{'0' if local[-1] != '0' else '1'}@{domain}"
    send(desk.port, desk.buyer.email, forged, "Forged answer", "Refund me twice.")
    assert processed(desk.owner, "Forged answer")["reason"] == "SPOOFED_TOKEN"
    send(desk.port, desk.rival.email, reply_to, "Borrowed answer", "I am someone else.")
    assert processed(desk.owner, "Borrowed answer")["reason"] == "SENDER_NOT_ON_TICKET"
    send(desk.port, "stranger@elsewhere.example", desk.address, "Who are you", "Hello.")
    stranger = processed(desk.owner, "Who are you")
    assert (stranger["status"], stranger["reason"]) == ("REFUSED", "UNKNOWN_SENDER")
    bodies = [m["body"] for m in ticket(desk.owner, ticket_id)["messages"]]
    assert bodies == ["On it."]


def test_an_answer_to_a_closed_ticket_opens_a_follow_up(desk: Desk, mailbox: Mailbox) -> None:
    ticket_id, reply_to = _reply_address_of_new_ticket(desk, mailbox, "Wrong colour")
    staff_id = global_id("Ticket", ticket_id)
    for status, resolution in (("SOLVED", "FIXED"), ("CLOSED", None)):
        moved = desk.owner.client.data(
            CHANGE_STATUS,
            {"input": {"ticketId": staff_id, "status": status, "resolutionCode": resolution}},
        )["changeTicketStatus"]
        assert moved["userErrors"] == []
    send(desk.port, desk.buyer.email, reply_to, "Still wrong colour", "It happened again.")
    row = processed(desk.owner, "Still wrong colour")
    assert (row["status"], row["reason"]) == ("OPENED", "TICKET_CLOSED")
    follow_up = ticket(desk.owner, row["ticketId"])
    closed = ticket(desk.owner, ticket_id)
    assert follow_up["description"].startswith(f"Follow-up to {closed['number']} (closed).")
    assert [m["body"] for m in closed["messages"]] == ["On it."]


def test_a_redelivered_message_is_kept_once(desk: Desk) -> None:
    message_id = f"<{uuid.uuid4().hex}@mail.example>"
    for _ in range(2):
        send(
            desk.port, desk.buyer.email, desk.address, "Sent twice", "Hello.", message_id=message_id
        )
    processed(desk.owner, "Sent twice")
    rows = [
        r for r in desk.owner.client.data(INBOUND)["inboundMail"] if r["subject"] == "Sent twice"
    ]
    assert len(rows) == 1


def test_an_address_of_no_tenant_is_refused_by_the_server(desk: Desk) -> None:
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(desk.port, desk.buyer.email, f"no-such-tenant@{INBOUND_MAIL_DOMAIN}", "x", "y")
    [(code, reason)] = refused.value.recipients.values()
    assert code == 550
    assert b"No such support address" in reason
    with pytest.raises(smtplib.SMTPRecipientsRefused):
        send(desk.port, desk.buyer.email, f"{desk.owner.slug}@other.example", "x", "y")


def test_another_tenant_sees_none_of_it(desk: Desk, api: GraphQLClient) -> None:
    other = open_shop(api, stock="1").owner
    assert other.client.data(INBOUND)["inboundMail"] == []
    assert other.client.data(ADDRESS)["supportMailAddress"] == (
        f"{other.slug}@{INBOUND_MAIL_DOMAIN}"
    )


def test_files_in_a_customers_mail_reach_the_ticket(desk: Desk) -> None:
    photo = png(50, 40, "navy")
    send(
        desk.port,
        desk.buyer.email,
        desk.address,
        "Photo of the dent",
        "See the photo.",
        attachments=[
            ("dent.png", "image/png", photo),
            ("tool.exe", "application/octet-stream", b"MZ\x90\x00" + bytes(64)),
        ],
    )
    row = processed(desk.owner, "Photo of the dent")
    assert row["status"] == "OPENED"
    found = desk.owner.client.data(FILES, {"id": global_id("Ticket", row["ticketId"])})["ticket"]
    [attachment] = found["attachments"]
    assert (attachment["fileName"], attachment["contentType"]) == ("dent.png", "image/png")
    assert fetch(desk.owner.client, attachment["url"]).content == photo


def test_a_message_whose_job_was_lost_is_taken_when_the_sender_retries(
    desk: Desk, stack: Stack
) -> None:
    """The message was kept but its job never reached the worker (here: dropped from the
    queue while the worker was down); the sending server's retry queues it again."""
    message_id = f"<{uuid.uuid4().hex}@mail.example>"
    stack.stop("worker")
    try:
        send(desk.port, desk.buyer.email, desk.address, "Lost job", "Hello?", message_id=message_id)
        queue = f"{stack.env['ORBIT_REDIS_NAMESPACE']}:jobs"
        redis = Redis.from_url(stack.env["ORBIT_REDIS_URL"])
        try:
            assert redis.delete(queue) == 1
        finally:
            redis.close()
    finally:
        stack.start("worker", "worker")
    send(desk.port, desk.buyer.email, desk.address, "Lost job", "Hello?", message_id=message_id)
    row = processed(desk.owner, "Lost job")
    assert row["status"] == "OPENED"
    rows = [r for r in desk.owner.client.data(INBOUND)["inboundMail"] if r["subject"] == "Lost job"]
    assert len(rows) == 1
