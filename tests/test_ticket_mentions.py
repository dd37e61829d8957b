"""@mentions in ticket notes: a colleague named in an internal note hears of it once, in the
console and by email, with a link to the ticket; the author is never told of their own
mention; someone who could not open the ticket, or no user at all, cannot be mentioned and
the note is not written."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.graphql import GraphQLClient, TenantSession, global_id, invite_and_join
from tests.support.orders import open_shop
from tests.support.portal import register_buyer
from tests.support.stack import Mailbox, body_text
from tests.support.tickets import REPLY, TICKET, created_ticket
from tests.support.waiting import wait_until

USERS = """query Users { users(first: 50) { edges { node { id email } } } }"""
INBOX = """query Inbox { notifications(first: 50) {
  edges { node { kind title body link } } } }"""
MENTIONS = """query T($id: ID!) { ticket(id: $id) { messages { body mentions { email } } } }"""


@dataclass
class Team:
    owner: TenantSession
    agent: TenantSession
    packer: TenantSession
    ids: dict[str, str]
    customer_id: str


@pytest.fixture(scope="module")
def team(api: GraphQLClient, mailbox: Mailbox) -> Team:
    shop = open_shop(api)
    owner = shop.owner

    def join(name: str, department: str) -> TenantSession:
        return invite_and_join(owner, mailbox, f"{name}@{owner.slug}.example.com", department)

    agent, packer = join("sue", "support"), join("wendy", "warehouse")
    users = owner.client.data(USERS)["users"]["edges"]
    buyer = register_buyer(api, mailbox, owner, "Heron Supplies")
    return Team(
        owner,
        agent,
        packer,
        {e["node"]["email"]: e["node"]["id"] for e in users},
        buyer.customer_id,
    )


def note(team: Team, ticket_id: str, body: str, *mentioned: str) -> dict[str, Any]:
    payload: dict[str, Any] = team.owner.client.data(
        REPLY,
        {
            "input": {
                "ticketId": ticket_id,
                "body": body,
                "kind": "INTERNAL_NOTE",
                "mentionedUserIds": list(mentioned),
            }
        },
    )["replyToTicket"]
    return payload


def notices(session: TenantSession, number: str) -> list[dict[str, Any]]:
    edges = session.client.data(INBOX)["notifications"]["edges"]
    return [e["node"] for e in edges if number in e["node"]["title"]]


def test_a_mentioned_colleague_hears_of_it_once_and_the_author_not_at_all(
    team: Team, mailbox: Mailbox
) -> None:
    ticket = created_ticket(team.owner.client, team.customer_id, subject="Bent bolts")
    agent_id, owner_id = team.ids[team.agent.email], team.ids[team.owner.email]
    payload = note(team, ticket["id"], "@Sue can you call them? cc @me", agent_id, owner_id)
    assert payload["userErrors"] == []

    [notice] = wait_until(lambda: notices(team.agent, ticket["number"]), 30, "mention notice")
    assert notice["kind"] == "ticket_mention"
    assert notice["link"] == f"/tickets/{ticket['number']}"
    assert "@Sue can you call them?" in notice["body"]
    [mail] = wait_until(lambda: mailbox.matching(team.agent.email, ticket["number"]), 30, "mail")
    assert f"/tickets/{ticket['number']}" in body_text(mail)
    assert notices(team.owner, ticket["number"]) == []
    messages = team.owner.client.data(MENTIONS, {"id": ticket["id"]})["ticket"]["messages"]
    assert sorted(m["email"] for m in messages[0]["mentions"]) == sorted(
        [team.agent.email, team.owner.email]
    )


def test_nobody_who_cannot_see_the_ticket_can_be_mentioned(team: Team) -> None:
    ticket = created_ticket(team.owner.client, team.customer_id, subject="Missing label")
    refused = note(
        team,
        ticket["id"],
        "@Wendy please check",
        team.ids[team.agent.email],
        team.ids[team.packer.email],
    )
    assert [(e["code"], e["field"]) for e in refused["userErrors"]] == [
        ("MENTION_CANNOT_SEE_TICKET", ["mentionedUserIds", "1"])
    ]
    assert team.owner.client.data(TICKET, {"id": ticket["id"]})["ticket"]["messages"] == []
    nobody = note(team, ticket["id"], "@ghost", global_id("User", str(uuid.UUID(int=0))))
    assert [e["code"] for e in nobody["userErrors"]] == ["UNKNOWN_MENTION"]
