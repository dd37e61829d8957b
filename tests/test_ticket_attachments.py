"""Files on tickets: staff and portal customers upload images, PDFs and documents through
POST /files and attach them when they open a ticket or reply; whoever may read the ticket
gets a short-lived signed URL for each file. Uploads are checked by their content (type and
size), an upload is attached once and only by its uploader, and a signed URL opens exactly
one file of one tenant until it expires."""

from __future__ import annotations

import hashlib
import hmac
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.files import fetch, png, upload, uploaded_id
from tests.support.graphql import GraphQLClient, TenantSession, colleague, global_id
from tests.support.orders import Shop, open_shop
from tests.support.portal import Buyer, register_buyer
from tests.support.stack import Mailbox, Stack
from tests.support.tickets import CREATE_TICKET, PORTAL_CREATE, PORTAL_REPLY, REPLY

FILES = "attachments { id fileName contentType sizeBytes url }"
STAFF_TICKET = f"""query Ticket($id: ID!) {{ ticket(id: $id) {{ id {FILES}
  messages {{ kind body {FILES} }} }} }}"""
PORTAL_TICKET = f"""query PortalTicket($id: ID!) {{ portalTicket(id: $id) {{ id {FILES}
  messages {{ body {FILES} }} }} }}"""
PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@dataclass
class Desk:
    shop: Shop
    agent: TenantSession
    buyer: Buyer
    rival: Buyer


@pytest.fixture(scope="module")
def desk(api: GraphQLClient, mailbox: Mailbox) -> Desk:
    shop = open_shop(api, stock="100")
    return Desk(
        shop,
        colleague(shop.owner, mailbox, "support"),
        register_buyer(api, mailbox, shop.owner, "Heron Supplies"),
        register_buyer(api, mailbox, shop.owner, "Crane Supplies"),
    )


def _portal_ticket(buyer: Buyer, ids: list[str]) -> dict[str, Any]:
    payload = buyer.portal.data(
        PORTAL_CREATE,
        {"input": {"subject": "Scratched lid", "description": "See photo.", "attachmentIds": ids}},
    )["portalCreateTicket"]
    assert payload["userErrors"] == [], payload["userErrors"]
    ticket: dict[str, Any] = payload["ticket"]
    return ticket


def _staff_ticket(desk: Desk, ticket_id: str) -> dict[str, Any]:
    found: dict[str, Any] = desk.agent.client.data(
        STAFF_TICKET, {"id": global_id("Ticket", ticket_id)}
    )["ticket"]
    return found


def test_a_customers_photo_reaches_staff_unchanged(desk: Desk) -> None:
    photo = png(colour="blue")
    ticket = _portal_ticket(
        desk.buyer, [uploaded_id(desk.buyer.portal, "ticket_attachment", "lid.png", photo)]
    )

    [attachment] = _staff_ticket(desk, ticket["id"])["attachments"]
    assert attachment["fileName"] == "lid.png"
    assert attachment["contentType"] == "image/png"
    assert attachment["sizeBytes"] == len(photo)
    served = fetch(desk.agent.client, attachment["url"])
    assert served.status_code == 200
    assert served.content == photo
    assert served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"


def test_replies_carry_files_both_ways_and_notes_stay_internal(desk: Desk) -> None:
    ticket = _portal_ticket(desk.buyer, [])
    staff_id = global_id("Ticket", ticket["id"])
    guide = uploaded_id(desk.agent.client, "ticket_attachment", "guide.pdf", PDF)
    payload = desk.agent.client.data(
        REPLY,
        {"input": {"ticketId": staff_id, "body": "Steps attached.", "attachmentIds": [guide]}},
    )["replyToTicket"]
    assert payload["userErrors"] == []
    note_file = uploaded_id(
        desk.agent.client, "ticket_attachment", "notes.txt", "内部 only".encode()
    )
    desk.agent.client.data(
        REPLY,
        {
            "input": {
                "ticketId": staff_id,
                "body": "Carrier fault.",
                "kind": "INTERNAL_NOTE",
                "attachmentIds": [note_file],
            }
        },
    )
    answer = uploaded_id(desk.buyer.portal, "ticket_attachment", "after.jpg", png(colour="green"))
    replied = desk.buyer.portal.data(
        PORTAL_REPLY,
        {"input": {"ticketId": ticket["id"], "body": "Still broken.", "attachmentIds": [answer]}},
    )["portalReplyToTicket"]
    assert replied["userErrors"] == []

    portal_view = desk.buyer.portal.data(PORTAL_TICKET, {"id": ticket["id"]})["portalTicket"]
    portal_files = [[f["fileName"] for f in m["attachments"]] for m in portal_view["messages"]]
    assert portal_files == [["guide.pdf"], ["after.jpg"]]
    assert "notes.txt" not in str(portal_view)
    staff_files = [
        (m["kind"], [f["fileName"] for f in m["attachments"]])
        for m in _staff_ticket(desk, ticket["id"])["messages"]
    ]
    assert staff_files == [
        ("PUBLIC_REPLY", ["guide.pdf"]),
        ("INTERNAL_NOTE", ["notes.txt"]),
        ("PUBLIC_REPLY", ["after.jpg"]),
    ]
    [pdf] = portal_view["messages"][0]["attachments"]
    assert pdf["contentType"] == "application/pdf"
    assert fetch(desk.buyer.portal, pdf["url"]).content == PDF


@pytest.mark.parametrize(
    ("purpose", "name", "content", "code"),
    [
        ("ticket_attachment", "setup.exe", b"MZ\x90\x00\x03" + bytes(200), "FILE_TYPE_NOT_ALLOWED"),
        ("ticket_attachment", "photo.png", b"", "EMPTY_FILE"),
        ("return_photo", "receipt.pdf", PDF, "NOT_AN_IMAGE"),
        ("return_photo", "fake.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "NOT_AN_IMAGE"),
        ("avatar", "me.png", png(), "UNKNOWN_PURPOSE"),
    ],
)
def test_uploads_are_judged_by_their_content(
    desk: Desk, purpose: str, name: str, content: bytes, code: str
) -> None:
    response = upload(desk.buyer.portal, purpose, name, content, "image/png")
    assert response.status_code == 400
    assert response.json()["code"] == code


def test_a_file_over_the_limit_is_refused(desk: Desk) -> None:
    too_big = b"a" * (20 * 1024 * 1024 + 1)
    response = upload(desk.agent.client, "ticket_attachment", "log.txt", too_big)
    assert response.status_code == 400
    assert response.json()["code"] == "FILE_TOO_LARGE"
    assert response.json()["errors"][0]["params"] == {"limitMegabytes": "20"}


def test_uploading_needs_a_session_and_the_permission(
    desk: Desk, api: GraphQLClient, mailbox: Mailbox
) -> None:
    assert upload(api, "ticket_attachment", "a.png", png()).status_code == 401
    warehouse = colleague(desk.shop.owner, mailbox, "warehouse")
    assert upload(warehouse.client, "ticket_attachment", "a.png", png()).status_code == 403


def test_only_the_uploader_attaches_an_upload_and_only_once(desk: Desk) -> None:
    theirs = uploaded_id(desk.rival.portal, "ticket_attachment", "rival.png", png())
    refused = desk.buyer.portal.data(
        PORTAL_CREATE,
        {"input": {"subject": "Borrowed", "description": "x", "attachmentIds": [theirs]}},
    )["portalCreateTicket"]
    assert refused["ticket"] is None
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("FILE_NOT_FOUND", ["attachmentIds", "0"])
    ]
    mine = uploaded_id(desk.buyer.portal, "ticket_attachment", "mine.png", png())
    _portal_ticket(desk.buyer, [mine])
    again = desk.buyer.portal.data(
        PORTAL_CREATE,
        {"input": {"subject": "Again", "description": "x", "attachmentIds": [mine]}},
    )["portalCreateTicket"]
    assert [e["code"] for e in again["userErrors"]] == ["FILE_ALREADY_ATTACHED"]
    photo = uploaded_id(desk.agent.client, "return_photo", "box.png", png())
    wrong = desk.agent.client.data(
        CREATE_TICKET,
        {
            "input": {
                "customerId": desk.buyer.customer_id,
                "subject": "x",
                "description": "y",
                "attachmentIds": [photo],
            }
        },
    )["createTicket"]
    assert [e["code"] for e in wrong["userErrors"]] == ["WRONG_PURPOSE"]
    # The refused ticket left its upload free: the rival can still attach it.
    _portal_ticket(desk.rival, [theirs])


def test_a_signed_url_opens_one_file_of_one_tenant_until_it_expires(
    desk: Desk, api: GraphQLClient, stack: Stack
) -> None:
    secret = png(colour="black")
    ticket = _portal_ticket(
        desk.buyer, [uploaded_id(desk.buyer.portal, "ticket_attachment", "s.png", secret)]
    )
    [attachment] = _staff_ticket(desk, ticket["id"])["attachments"]
    url = attachment["url"]
    path, query = urlsplit(url).path, parse_qs(urlsplit(url).query)
    _, _, tenant, file_id, name = path.split("/")
    expires, signature = query["expires"][0], query["signature"][0]
    assert fetch(api, url).content == secret

    expired = int(expires) - 3600  # signed as the server signs, but an hour late
    late_signature = hmac.new(
        stack.env["ORBIT_JWT_SECRET"].encode(),
        f"file:{tenant}:{file_id}:{expired}".encode(),
        hashlib.sha256,
    ).hexdigest()
    forged = [
        f"/files/{tenant}/{file_id}/{name}?expires={int(expires) + 60}&signature={signature}",
        f"/files/{tenant}/{file_id}/{name}?expires={expires}&signature={'0' * 64}",
        f"/files/{tenant}/{file_id}/{name}",
        f"/files/{uuid.uuid4()}/{file_id}/{name}?expires={expires}&signature={signature}",
        f"/files/{tenant}/{uuid.uuid4()}/{name}?expires={expires}&signature={signature}",
        f"/files/{tenant}/{file_id}/{name}?expires={expired}&signature={late_signature}",
    ]
    for attempt in forged:
        assert fetch(api, attempt).status_code == 404, attempt
