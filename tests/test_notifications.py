"""Staff users' in-app inbox: newest first, unread count, marking read, strictly their own;
notifications and emails speak the tenant's language."""

from __future__ import annotations

import re
import time
from typing import Any

from tests.support.graphql import (
    ACCEPT,
    INVITE,
    STRONG_PASSWORD,
    GraphQLClient,
    TenantSession,
    invite_and_join,
    sign_up,
)
from tests.support.stack import Mailbox, body_text

INBOX = """query Inbox($first: Int, $after: String, $unreadOnly: Boolean = false) {
  notifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
    edges { cursor node { id kind title body read readAt createdAt } }
    pageInfo { hasNextPage endCursor }
  }
  unreadNotificationCount
}"""
MARK_READ = """mutation MarkRead($input: MarkNotificationsReadInput!) {
  markNotificationsRead(input: $input) { markedCount unreadCount userErrors { code field } }
}"""
NODE = """query Node($id: ID!) { node(id: $id) { ... on Notification { title } } }"""
SET_LOCALE = """mutation Locale($input: UpdateTenantSettingsInput!) {
  updateTenantSettings(input: $input) { userErrors { code } }
}"""


def colleague_address(tenant: TenantSession, name: str) -> str:
    """A new colleague's address (each test has a fresh tenant, so names do not clash)."""
    return f"{name}@{tenant.slug}.example.com"


def inbox(client: GraphQLClient, **variables: Any) -> dict[str, Any]:
    return client.data(INBOX, variables)


def titles(data: dict[str, Any]) -> list[str]:
    return [edge["node"]["title"] for edge in data["notifications"]["edges"]]


def wait_for_inbox(client: GraphQLClient, count: int, timeout: float = 20.0) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        data = inbox(client)
        if len(data["notifications"]["edges"]) >= count:
            return data
        assert time.monotonic() < deadline, f"inbox has {titles(data)}, expected {count}"
        time.sleep(0.2)


def mark_read(client: GraphQLClient, **input_: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.data(MARK_READ, {"input": input_})["markNotificationsRead"]
    return result


def joined_by(tenant: TenantSession, mailbox: Mailbox, names: list[str]) -> list[TenantSession]:
    """Each colleague joins from their invitation; the owner is told about each in turn."""
    sessions = []
    for count, name in enumerate(names, start=1):
        sessions.append(
            invite_and_join(tenant, mailbox, colleague_address(tenant, name), "support")
        )
        wait_for_inbox(tenant.client, count)
    return sessions


def test_inbox_lists_newest_first_counts_unread_and_marks_read(
    mailbox: Mailbox, tenant: TenantSession
) -> None:
    joined_by(tenant, mailbox, ["ada", "ben", "cy"])

    everything = inbox(tenant.client)
    assert titles(everything) == ["Cy joined", "Ben joined", "Ada joined"]
    assert everything["unreadNotificationCount"] == 3
    nodes = [edge["node"] for edge in everything["notifications"]["edges"]]
    assert {n["kind"] for n in nodes} == {"member_joined"}
    assert all(not n["read"] and n["readAt"] is None for n in nodes)

    first_page = inbox(tenant.client, first=2)
    assert titles(first_page) == ["Cy joined", "Ben joined"]
    assert first_page["notifications"]["pageInfo"]["hasNextPage"] is True
    rest = inbox(tenant.client, first=2, after=first_page["notifications"]["pageInfo"]["endCursor"])
    assert titles(rest) == ["Ada joined"]

    marked = mark_read(tenant.client, ids=[nodes[1]["id"]])
    assert marked == {"markedCount": 1, "unreadCount": 2, "userErrors": []}
    assert titles(inbox(tenant.client, unreadOnly=True)) == ["Cy joined", "Ada joined"]
    assert mark_read(tenant.client, ids=[nodes[1]["id"]])["markedCount"] == 0

    assert mark_read(tenant.client, all=True) == {
        "markedCount": 2,
        "unreadCount": 0,
        "userErrors": [],
    }
    after = inbox(tenant.client)
    assert after["unreadNotificationCount"] == 0 and titles(after) == titles(everything)
    assert all(edge["node"]["read"] for edge in after["notifications"]["edges"])


def test_marking_nothing_is_a_user_error(tenant: TenantSession) -> None:
    result = mark_read(tenant.client)
    assert result["userErrors"] == [{"code": "NOTHING_TO_MARK", "field": ["ids"]}]


def test_nobody_sees_or_marks_another_users_or_tenants_notifications(
    api: GraphQLClient, mailbox: Mailbox, tenant: TenantSession
) -> None:
    (member,) = joined_by(tenant, mailbox, ["dee"])
    owners = inbox(tenant.client)["notifications"]["edges"]
    notification_id = owners[0]["node"]["id"]
    stranger = sign_up(api)

    for other in (member, stranger):
        assert titles(inbox(other.client)) == []
        assert inbox(other.client)["unreadNotificationCount"] == 0
        assert other.client.error_codes(NODE, {"id": notification_id}) == ["NOT_FOUND"]
        assert other.client.error_codes(MARK_READ, {"input": {"ids": [notification_id]}}) == [
            "NOT_FOUND"
        ]

    assert inbox(tenant.client)["unreadNotificationCount"] == 1
    assert tenant.client.data(NODE, {"id": notification_id})["node"] == {"title": "Dee joined"}
    assert api.error_codes(INBOX) == ["UNAUTHENTICATED"]


def test_a_chinese_speaking_tenant_gets_chinese_invitations_and_notices(
    api: GraphQLClient, mailbox: Mailbox, tenant: TenantSession
) -> None:
    result = tenant.client.data(SET_LOCALE, {"input": {"locale": "zh-CN"}})
    assert result["updateTenantSettings"]["userErrors"] == []
    email = colleague_address(tenant, "li")
    tenant.client.data(
        INVITE, {"input": {"email": email, "name": "Li Lei", "departmentKey": "finance"}}
    )

    message = mailbox.wait_for(email, "邀请")[0]
    assert "Acme Trading" in str(message["Subject"])
    html = message.get_body(preferencelist=("html",))
    assert html is not None and "接受邀请" in str(html.get_content())
    text = body_text(message)
    assert "Li Lei，您好" in text  # noqa: RUF001 (Chinese punctuation)
    token = re.search(r"/accept-invitation\?token=([A-Za-z0-9_.\-]+)", text)
    assert token is not None
    accepted = api.data(ACCEPT, {"input": {"token": token.group(1), "password": STRONG_PASSWORD}})[
        "acceptInvitation"
    ]
    assert accepted["userErrors"] == []

    assert titles(wait_for_inbox(tenant.client, 1)) == ["Li Lei 已加入"]
