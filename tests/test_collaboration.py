"""Order comments with @mentions, followers and their notices: a mentioned user hears of
it in the inbox and by email (once, never the author); followers hear of status changes
made by others until they unfollow; comments are checked, changed only by their authors,
and reach no one outside the order's data scope or tenant."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from typing import Any

import pytest

from tests.support.database import owner_value
from tests.support.graphql import (
    GraphQLClient,
    TenantSession,
    invite_and_join,
    ordered_errors_of,
    row_id,
    sign_up,
)
from tests.support.orders import Shop, acted, created, open_shop, order_input
from tests.support.rbac import create_role
from tests.support.stack import Mailbox, Stack, body_text

COMMENT_FIELDS = """id body deleted editedAt deletedAt viewerIsAuthor
  author { userId name } mentions { userId name }"""
ADD = f"""mutation Add($input: AddOrderCommentInput!) {{ addOrderComment(input: $input) {{
  comment {{ {COMMENT_FIELDS} }} userErrors {{ field code message }} }} }}"""
EDIT = f"""mutation Edit($input: EditOrderCommentInput!) {{ editOrderComment(input: $input) {{
  comment {{ {COMMENT_FIELDS} }} userErrors {{ field code message }} }} }}"""
DELETE = f"""mutation Delete($input: DeleteOrderCommentInput!) {{
  deleteOrderComment(input: $input) {{ comment {{ {COMMENT_FIELDS} }}
    userErrors {{ field code message }} }} }}"""
FOLLOW = """mutation Follow($input: FollowOrderInput!) { followOrder(input: $input) {
  following followers { name } userErrors { code } } }"""
UNFOLLOW = """mutation Unfollow($input: FollowOrderInput!) { unfollowOrder(input: $input) {
  following followers { name } userErrors { code } } }"""
ORDER = f"""query Order($id: ID!) {{ node(id: $id) {{ ... on Order {{ number
  comments {{ {COMMENT_FIELDS} }} followers {{ userId name }} viewerIsFollowing }} }} }}"""
COMMENT_NODE = """query C($id: ID!) { node(id: $id) { ... on OrderComment { body } } }"""
USERS = """query Users { users(first: 50) { edges { node { id email } } } }"""
SET_LOCALE = """mutation L($locale: String!) { setMyLocale(locale: $locale) {
  userErrors { code } } }"""
INBOX = """query Inbox { notifications(first: 50) {
  edges { node { kind title body link } } } }"""


@dataclass
class Team:
    shop: Shop
    wendy: TenantSession  # warehouse: sees every order
    fay: TenantSession  # finance: sees every order
    sam: TenantSession  # sales, "own" scope: sees no order of this shop's customer
    ids: dict[str, str]  # email -> global user id


@pytest.fixture(scope="module")
def team(api: GraphQLClient, mailbox: Mailbox) -> Team:
    shop = open_shop(api)
    owner = shop.owner

    def join(name: str, department: str) -> TenantSession:
        return invite_and_join(owner, mailbox, f"{name}@{owner.slug}.example.com", department)

    wendy, fay, sam = join("wendy", "warehouse"), join("fay", "finance"), join("sam", "sales")
    users = owner.client.data(USERS)["users"]["edges"]
    return Team(shop, wendy, fay, sam, {e["node"]["email"]: e["node"]["id"] for e in users})


def user_id(team: Team, session: TenantSession) -> str:
    return team.ids[session.email]


def new_order(team: Team) -> str:
    order_id: str = created(team.shop.owner, order_input(team.shop, (team.shop.sku_id, "1")))["id"]
    return order_id


def add(session: TenantSession, order_id: str, body: str, *mentioned: str) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        ADD, {"input": {"orderId": order_id, "body": body, "mentionedUserIds": list(mentioned)}}
    )["addOrderComment"]
    return payload


def added(session: TenantSession, order_id: str, body: str, *mentioned: str) -> dict[str, Any]:
    payload = add(session, order_id, body, *mentioned)
    assert payload["userErrors"] == [], payload["userErrors"]
    comment: dict[str, Any] = payload["comment"]
    return comment


def order_view(session: TenantSession, order_id: str) -> dict[str, Any]:
    node: dict[str, Any] = session.client.data(ORDER, {"id": order_id})["node"]
    return node


def notices(session: TenantSession, number: str) -> list[dict[str, Any]]:
    """The user's notices about one order, newest first."""
    edges = session.client.data(INBOX)["notifications"]["edges"]
    return [e["node"] for e in edges if number in e["node"]["title"]]


def wait_for_notices(
    session: TenantSession, number: str, count: int, timeout: float = 20.0
) -> list[dict[str, Any]]:
    deadline = time.monotonic() + timeout
    while True:
        found = notices(session, number)
        if len(found) >= count:
            return found
        assert time.monotonic() < deadline, f"{session.email} has {found}, expected {count}"
        time.sleep(0.2)


def titles(found: list[dict[str, Any]]) -> list[str]:
    return [n["title"] for n in found]


def test_a_mention_notifies_the_mentioned_user_in_app_and_by_email_once(
    team: Team, mailbox: Mailbox
) -> None:
    owner, wendy, fay = team.shop.owner, team.wendy, team.fay
    order_id = new_order(team)
    number = order_view(owner, order_id)["number"]

    comment = added(
        owner,
        order_id,
        "@Wendy can you check the pallet? @Wendy",
        user_id(team, wendy),
        user_id(team, wendy),
        user_id(team, owner),
    )

    assert comment["body"] == "@Wendy can you check the pallet? @Wendy"
    assert [m["name"] for m in comment["mentions"]] == ["Wendy", "Olivia Owner"]
    assert (comment["author"]["name"], comment["viewerIsAuthor"]) == ("Olivia Owner", True)
    [notice] = wait_for_notices(wendy, number, 1)
    assert notice["kind"] == "order_mention"
    assert notice["title"] == f"Olivia Owner mentioned you on order {number}"
    assert notice["link"] == f"/orders/{number}"
    assert "check the pallet" in notice["body"]
    [email] = mailbox.wait_for(wendy.email, "mentioned you")
    assert number in str(email["Subject"]) and "check the pallet" in body_text(email)
    # The handler notified everyone in one transaction: the author and bystanders got nothing.
    assert notices(owner, number) == [] and notices(fay, number) == []
    assert mailbox.matching(owner.email, number) == []

    seen_by_wendy = order_view(wendy, order_id)
    assert [c["body"] for c in seen_by_wendy["comments"]] == [comment["body"]]
    assert seen_by_wendy["comments"][0]["viewerIsAuthor"] is False
    assert {f["name"] for f in seen_by_wendy["followers"]} == {"Olivia Owner", "Wendy"}
    assert seen_by_wendy["viewerIsFollowing"] is True
    assert order_view(fay, order_id)["viewerIsFollowing"] is False
    time.sleep(1)
    assert len(mailbox.matching(wendy.email, "mentioned you")) == 1


def test_followers_hear_of_status_changes_by_others_until_they_unfollow(
    team: Team, mailbox: Mailbox
) -> None:
    owner, wendy, fay = team.shop.owner, team.wendy, team.fay
    order_id = new_order(team)
    number = order_view(owner, order_id)["number"]
    for session in (wendy, fay):
        followed = session.client.data(FOLLOW, {"input": {"orderId": order_id}})["followOrder"]
        assert followed["following"] is True and followed["userErrors"] == []
    assert [f["name"] for f in followed["followers"]] == ["Fay", "Olivia Owner", "Wendy"]

    acted(owner, order_id, "SUBMIT")  # submitted, then confirmed automatically

    for session in (wendy, fay):
        assert {n["title"] for n in wait_for_notices(session, number, 2)} == {
            f"Order {number} is now submitted",
            f"Order {number} is now confirmed",
        }
    assert {n["kind"] for n in notices(fay, number)} == {"order_status"}
    assert notices(owner, number) == []  # the creator follows, but made the change
    assert mailbox.wait_for(fay.email, f"Order {number} is now confirmed")

    unfollowed = wendy.client.data(UNFOLLOW, {"input": {"orderId": order_id}})["unfollowOrder"]
    assert unfollowed["following"] is False
    assert [f["name"] for f in unfollowed["followers"]] == ["Fay", "Olivia Owner"]
    assert order_view(wendy, order_id)["viewerIsFollowing"] is False
    acted(owner, order_id, "CANCEL")

    assert titles(wait_for_notices(fay, number, 3))[0] == f"Order {number} is now cancelled"
    assert len(notices(wendy, number)) == 2
    assert mailbox.matching(wendy.email, "cancelled") == []


def test_new_comments_reach_followers_but_not_their_author(team: Team) -> None:
    owner, wendy, fay = team.shop.owner, team.wendy, team.fay
    order_id = new_order(team)
    number = order_view(owner, order_id)["number"]
    fay.client.data(FOLLOW, {"input": {"orderId": order_id}})

    added(wendy, order_id, "Packed and ready.")

    for session in (owner, fay):
        [notice] = wait_for_notices(session, number, 1)
        assert (notice["kind"], notice["title"]) == (
            "order_comment",
            f"Wendy commented on order {number}",
        )
    assert notices(wendy, number) == []
    assert order_view(wendy, order_id)["viewerIsFollowing"] is True  # commenting follows


def test_comments_are_checked_field_by_field(api: GraphQLClient, team: Team) -> None:
    owner = team.shop.owner
    order_id = new_order(team)
    stranger = sign_up(api)
    stranger_id = stranger.client.data(USERS)["users"]["edges"][0]["node"]["id"]

    assert ordered_errors_of(add(owner, order_id, "   ")) == [(("body",), "COMMENT_EMPTY")]
    assert ordered_errors_of(add(owner, order_id, "x" * 4001)) == [(("body",), "COMMENT_TOO_LONG")]
    assert ordered_errors_of(add(owner, order_id, "x" * 4000)) == []
    refused = add(
        owner,
        order_id,
        "@Who @Sam @Fay",
        stranger_id,
        user_id(team, team.sam),
        user_id(team, team.fay),
        "not-an-id",
    )
    assert ordered_errors_of(refused) == [
        (("mentionedUserIds", "0"), "UNKNOWN_USER"),
        (("mentionedUserIds", "1"), "MENTION_CANNOT_SEE_ORDER"),
        (("mentionedUserIds", "3"), "UNKNOWN_USER"),
    ]
    assert refused["comment"] is None
    assert len(order_view(owner, order_id)["comments"]) == 1


def test_only_the_author_edits_or_deletes_and_a_deleted_comment_shows_as_deleted(
    team: Team, mailbox: Mailbox
) -> None:
    owner, wendy, fay = team.shop.owner, team.wendy, team.fay
    order_id = new_order(team)
    number = order_view(owner, order_id)["number"]
    comment = added(owner, order_id, "Ship Friday.")
    target = {"commentId": comment["id"]}

    assert wendy.client.error_codes(EDIT, {"input": {**target, "body": "Mine now"}}) == [
        "FORBIDDEN"
    ]
    assert wendy.client.error_codes(DELETE, {"input": target}) == ["FORBIDDEN"]

    edited = owner.client.data(
        EDIT,
        {
            "input": {
                **target,
                "body": "Ship Friday, @Fay",
                "mentionedUserIds": [user_id(team, fay)],
            }
        },
    )["editOrderComment"]["comment"]
    assert edited["body"] == "Ship Friday, @Fay" and edited["editedAt"] is not None
    [notice] = wait_for_notices(fay, number, 1)
    assert notice["kind"] == "order_mention"
    assert mailbox.wait_for(fay.email, f"mentioned you on order {number}")

    deleted = owner.client.data(DELETE, {"input": target})["deleteOrderComment"]["comment"]
    assert (deleted["deleted"], deleted["body"], deleted["mentions"]) == (True, "", [])
    assert deleted["deletedAt"] is not None
    [shown] = order_view(wendy, order_id)["comments"]
    assert (shown["id"], shown["deleted"], shown["body"]) == (comment["id"], True, "")
    again = owner.client.data(EDIT, {"input": {**target, "body": "Back"}})["editOrderComment"]
    assert ordered_errors_of(again) == [(("commentId",), "COMMENT_DELETED")]


def test_nobody_outside_the_orders_scope_or_tenant_reaches_its_comments(
    api: GraphQLClient, team: Team
) -> None:
    owner, sam = team.shop.owner, team.sam
    order_id = new_order(team)
    comment = added(owner, order_id, "Internal: margin is thin.")
    stranger = sign_up(api)

    for outsider in (sam, stranger):
        assert outsider.client.error_codes(
            ADD, {"input": {"orderId": order_id, "body": "hello"}}
        ) == ["NOT_FOUND"]
        for mutation in (FOLLOW, UNFOLLOW):
            assert outsider.client.error_codes(mutation, {"input": {"orderId": order_id}}) == [
                "NOT_FOUND"
            ]
        assert outsider.client.error_codes(
            EDIT, {"input": {"commentId": comment["id"], "body": "x"}}
        ) == ["NOT_FOUND"]
        assert outsider.client.error_codes(DELETE, {"input": {"commentId": comment["id"]}}) == [
            "NOT_FOUND"
        ]
        assert outsider.client.error_codes(COMMENT_NODE, {"id": comment["id"]}) == ["NOT_FOUND"]
    assert owner.client.data(COMMENT_NODE, {"id": comment["id"]})["node"] == {
        "body": "Internal: margin is thin."
    }
    assert api.error_codes(ADD, {"input": {"orderId": order_id, "body": "x"}}) == [
        "UNAUTHENTICATED"
    ]


def redeliver(stack: Stack, handler: str, comment_id: str) -> uuid.UUID:
    """Run a handler again for the comment's event, as an at-least-once relay may."""
    event_id: uuid.UUID = owner_value(
        stack,
        """
        SELECT id FROM outbox_events WHERE type = 'comment.added'
          AND payload->>'commentId' = $1""",
        row_id(comment_id),
    )
    owner_value(
        stack,
        """UPDATE event_deliveries SET status = 'pending',
        next_attempt_at = now() WHERE event_id = $1 AND handler = $2 RETURNING 1""",
        event_id,
        handler,
    )
    owner_value(
        stack,
        """INSERT INTO event_queue (event_id, tenant_id, due_at)
        SELECT id, tenant_id, now() FROM outbox_events WHERE id = $1
        ON CONFLICT (event_id) DO UPDATE SET due_at = now() RETURNING 1""",
        event_id,
    )
    return event_id


def test_a_redelivered_comment_event_notifies_nobody_twice(
    stack: Stack, team: Team, mailbox: Mailbox
) -> None:
    owner, fay = team.shop.owner, team.fay
    order_id = new_order(team)
    number = order_view(owner, order_id)["number"]
    comment = added(owner, order_id, "@Fay invoice this one", user_id(team, fay))
    wait_for_notices(fay, number, 1)
    mailbox.wait_for(fay.email, f"mentioned you on order {number}")

    handler = "collaboration.comment_notices"
    event_id = redeliver(stack, handler, comment["id"])
    deadline = time.monotonic() + 20
    while (
        owner_value(
            stack,
            "SELECT attempts FROM event_deliveries WHERE event_id = $1 "
            "AND handler = $2 AND status = 'done'",
            event_id,
            handler,
        )
        != 2
    ):
        assert time.monotonic() < deadline, "the event was not delivered again"
        time.sleep(0.2)

    assert len(notices(fay, number)) == 1
    assert len(mailbox.matching(fay.email, f"mentioned you on order {number}")) == 1


def test_reading_an_order_is_not_enough_to_comment_on_it(team: Team, mailbox: Mailbox) -> None:
    owner = team.shop.owner
    role = create_role(owner, "order_reader", "orders:read", "customers:read", "users:read")
    assert role["userErrors"] == []
    reader = invite_and_join(
        owner, mailbox, f"rita@{owner.slug}.example.com", "support", ["order_reader"]
    )
    order_id = new_order(team)
    added(owner, order_id, "Visible to readers.")

    assert [c["body"] for c in order_view(reader, order_id)["comments"]] == ["Visible to readers."]
    assert reader.client.error_codes(ADD, {"input": {"orderId": order_id, "body": "Hi"}}) == [
        "FORBIDDEN"
    ]
    followed = reader.client.data(FOLLOW, {"input": {"orderId": order_id}})["followOrder"]
    assert followed["following"] is True


def test_a_chinese_speaking_follower_is_told_in_chinese(team: Team, mailbox: Mailbox) -> None:
    owner = team.shop.owner
    chen = invite_and_join(owner, mailbox, f"chen@{owner.slug}.example.com", "finance")
    chen.client.data(SET_LOCALE, {"locale": "zh-CN"})
    order_id = new_order(team)
    number = order_view(owner, order_id)["number"]
    chen.client.data(FOLLOW, {"input": {"orderId": order_id}})

    acted(owner, order_id, "CANCEL")

    [notice] = wait_for_notices(chen, number, 1)
    assert notice["title"] == f"订单 {number} 已变为已取消"
    assert mailbox.wait_for(chen.email, f"订单 {number}")


PREFERENCES = "query { myNotificationPreferences { kind email } }"
SET_PREFERENCE = """mutation P($input: SetNotificationPreferenceInput!) {
  setMyNotificationPreference(input: $input) {
    preferences { kind email } userErrors { field code } } }"""


def prefer(session: TenantSession, kind: str, email: bool | None) -> dict[str, bool | None]:
    payload = session.client.data(SET_PREFERENCE, {"input": {"kind": kind, "email": email}})[
        "setMyNotificationPreference"
    ]
    assert payload["userErrors"] == []
    return {p["kind"]: p["email"] for p in payload["preferences"]}


def test_status_change_emails_reach_only_followers_who_asked_unless_they_chose_otherwise(
    team: Team, mailbox: Mailbox
) -> None:
    owner, wendy, fay = team.shop.owner, team.wendy, team.fay
    order_id = new_order(team)
    number = order_view(owner, order_id)["number"]
    fay.client.data(FOLLOW, {"input": {"orderId": order_id}})  # asked
    added(wendy, order_id, "Pallet booked.")  # follows by commenting, did not ask

    acted(owner, order_id, "SUBMIT")

    for session, count in ((wendy, 2), (fay, 3)):  # fay also heard of wendy's comment
        assert f"Order {number} is now confirmed" in titles(
            wait_for_notices(session, number, count)
        )
    assert mailbox.wait_for(fay.email, f"Order {number} is now confirmed")
    assert mailbox.matching(wendy.email, f"Order {number} is now") == []

    assert prefer(wendy, "ORDER_STATUS", True)["ORDER_STATUS"] is True  # every one by email
    assert prefer(fay, "ORDER_STATUS", False)["ORDER_STATUS"] is False  # in-app only
    acted(owner, order_id, "CANCEL")

    for session, count in ((wendy, 3), (fay, 4)):
        cancelled = titles(wait_for_notices(session, number, count))[0]
        assert cancelled == f"Order {number} is now cancelled"
    assert mailbox.wait_for(wendy.email, f"Order {number} is now cancelled")
    assert mailbox.matching(fay.email, f"Order {number} is now cancelled") == []
    assert prefer(fay, "ORDER_STATUS", None)["ORDER_STATUS"] is None  # back to the default


def test_every_emailed_kind_of_notice_has_a_preference_that_starts_at_its_default(
    team: Team,
) -> None:
    preferences = team.sam.client.data(PREFERENCES)["myNotificationPreferences"]
    kinds = {p["kind"] for p in preferences}
    assert {"ORDER_MENTION", "ORDER_STATUS", "APPROVAL_REQUESTED", "ORDER_CHANGE"} <= kinds
    assert {p["email"] for p in preferences} == {None}
