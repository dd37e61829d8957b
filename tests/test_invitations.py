"""A tenant admin invites staff by email; the invitee joins from the link the worker mailed;
admins resend invitations and deactivate or reactivate users."""

from __future__ import annotations

import secrets
import time
import uuid
from typing import Any

from tests.support.graphql import (
    ACCEPT,
    INVITE,
    LOG_IN,
    STRONG_PASSWORD,
    GraphQLClient,
    TenantSession,
    codes_of,
    invitation_token,
    invite_and_join,
    staff_email,
)
from tests.support.stack import Mailbox, Stack, body_text

VIEWER = """query { viewer { roles user { id email name department { key } } } }"""
RESEND = """mutation Resend($id: ID!) {
  resendInvitation(userId: $id) { user { id status } userErrors { code } }
}"""
DEACTIVATE = """mutation Deactivate($id: ID!) {
  deactivateUser(userId: $id) { user { status } userErrors { code } }
}"""
REACTIVATE = """mutation Reactivate($id: ID!) {
  reactivateUser(userId: $id) { user { status } userErrors { code } }
}"""
REFRESH = """mutation Refresh($token: String!) {
  refreshToken(refreshToken: $token) { accessToken userErrors { code } }
}"""
NOTIFICATIONS = """query { notifications { edges { node { title body read } } }
  unreadNotificationCount }"""


def invite(client: GraphQLClient, email: str, department: str = "sales") -> dict[str, Any]:
    result: dict[str, Any] = client.data(
        INVITE, {"input": {"email": email, "name": "Sam Seller", "departmentKey": department}}
    )["inviteUser"]
    return result


def accept(api: GraphQLClient, token: str, password: str = STRONG_PASSWORD) -> dict[str, Any]:
    result: dict[str, Any] = api.data(ACCEPT, {"input": {"token": token, "password": password}})[
        "acceptInvitation"
    ]
    return result


def log_in(api: GraphQLClient, session: TenantSession) -> dict[str, Any]:
    result: dict[str, Any] = api.data(
        LOG_IN,
        {
            "input": {
                "tenantSlug": session.slug,
                "email": session.email,
                "password": session.password,
            }
        },
    )
    return result["logIn"]


def test_invitee_joins_from_the_emailed_link_with_a_strong_password(
    api: GraphQLClient, mailbox: Mailbox, stack: Stack, tenant: TenantSession
) -> None:
    email = staff_email(tenant, "sam")
    assert codes_of(invite(tenant.client, email)) == []

    message = mailbox.wait_for(email, "invit")[-1]
    assert "Acme Trading" in str(message["Subject"])
    assert f"{stack.env['ORBIT_PUBLIC_URL']}/accept-invitation?token=" in body_text(message)
    token = invitation_token(mailbox, email)

    weak = accept(api, token, password="password1")
    assert codes_of(weak) == ["WEAK_PASSWORD"] and weak["accessToken"] is None
    joined = accept(api, token)
    assert codes_of(joined) == []
    viewer = api.data(VIEWER, token=joined["accessToken"])["viewer"]
    assert viewer["user"]["email"] == email
    assert viewer["user"]["department"]["key"] == "sales"
    assert viewer["roles"] == ["sales"]

    assert codes_of(accept(api, token)) == ["INVALID_INVITATION"]


def test_forged_and_malformed_tokens_are_invalid_invitations(
    api: GraphQLClient, tenant: TenantSession
) -> None:
    forged = [
        f"{uuid.uuid4().hex}.{secrets.token_urlsafe(32)}",
        "not-a-token",
        "",
        f"{uuid.uuid4().hex}.",
    ]
    for token in forged:
        assert codes_of(accept(api, token)) == ["INVALID_INVITATION"], token


def test_an_expired_invitation_link_is_refused(
    stack: Stack, mailbox: Mailbox, tenant: TenantSession
) -> None:
    ttl = 6
    with stack.another_api(
        "api-short-invitations", {"ORBIT_INVITATION_TTL_SECONDS": str(ttl)}
    ) as url:
        short_lived = GraphQLClient(url, tenant.access_token)
        email = staff_email(tenant, "late")
        invited_at = time.monotonic()
        assert codes_of(invite(short_lived, email)) == []
        token = invitation_token(mailbox, email)
        time.sleep(max(0.0, invited_at + ttl + 0.5 - time.monotonic()))

        assert codes_of(accept(short_lived, token)) == ["INVALID_INVITATION"]


def test_inviting_an_existing_email_is_email_taken(tenant: TenantSession) -> None:
    email = staff_email(tenant, "twice")
    assert codes_of(invite(tenant.client, email)) == []

    assert codes_of(invite(tenant.client, email)) == ["EMAIL_TAKEN"]
    assert codes_of(invite(tenant.client, tenant.email.upper())) == ["EMAIL_TAKEN"]


def test_staff_without_the_invite_permission_cannot_invite(
    mailbox: Mailbox, tenant: TenantSession
) -> None:
    seller = invite_and_join(tenant, mailbox, staff_email(tenant, "seller"), "sales")

    errors = seller.client.error_codes(
        INVITE,
        {
            "input": {
                "email": staff_email(tenant, "friend"),
                "name": "Friend",
                "departmentKey": "sales",
            }
        },
    )
    assert errors == ["FORBIDDEN"]


def test_deactivated_user_is_locked_out_at_once_and_can_be_reactivated(
    api: GraphQLClient, mailbox: Mailbox, tenant: TenantSession
) -> None:
    seller = invite_and_join(tenant, mailbox, staff_email(tenant, "leaver"), "sales")
    user_id = seller.client.data(VIEWER)["viewer"]["user"]["id"]

    deactivated = tenant.client.data(DEACTIVATE, {"id": user_id})["deactivateUser"]
    assert deactivated["user"]["status"] == "DEACTIVATED"

    assert seller.client.error_codes(VIEWER) == ["UNAUTHENTICATED"]
    refreshed = api.data(REFRESH, {"token": seller.refresh_token})["refreshToken"]
    assert refreshed["accessToken"] is None and codes_of(refreshed) == ["INVALID_REFRESH_TOKEN"]
    assert codes_of(log_in(api, seller)) == ["ACCOUNT_DEACTIVATED"]

    reactivated = tenant.client.data(REACTIVATE, {"id": user_id})["reactivateUser"]
    assert reactivated["user"]["status"] == "ACTIVE"
    session = log_in(api, seller)
    assert codes_of(session) == []
    assert api.data(VIEWER, token=session["accessToken"])["viewer"]["user"]["id"] == user_id


def test_resending_an_invitation_mails_a_new_link_and_only_the_newest_works(
    api: GraphQLClient, mailbox: Mailbox, tenant: TenantSession
) -> None:
    email = staff_email(tenant, "slow")
    user_id = invite(tenant.client, email)["user"]["id"]
    first = invitation_token(mailbox, email)

    resent = tenant.client.data(RESEND, {"id": user_id})["resendInvitation"]
    assert codes_of(resent) == []
    messages = mailbox.wait_for(email, "invit", count=2)
    second = invitation_token(mailbox, email)
    assert len(messages) == 2 and second != first

    assert codes_of(accept(api, first)) == ["INVALID_INVITATION"]
    assert codes_of(accept(api, second)) == []
    assert codes_of(tenant.client.data(RESEND, {"id": user_id})["resendInvitation"]) == [
        "NOT_INVITED"
    ]


def wait_for_notifications(
    client: GraphQLClient, count: int, timeout: float = 20.0
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        data = client.data(NOTIFICATIONS)
        if len(data["notifications"]["edges"]) >= count or time.monotonic() > deadline:
            return data
        time.sleep(0.2)


def test_the_inviter_is_notified_in_app_when_the_invitee_joins(
    mailbox: Mailbox, tenant: TenantSession
) -> None:
    assert tenant.client.data(NOTIFICATIONS)["unreadNotificationCount"] == 0
    email = staff_email(tenant, "newbie")
    newbie = invite_and_join(tenant, mailbox, email, "warehouse")

    inbox = wait_for_notifications(tenant.client, 1)
    nodes = [edge["node"] for edge in inbox["notifications"]["edges"]]
    name = email.split("@")[0].title()
    assert nodes == [
        {
            "title": f"{name} joined",
            "body": f"{name} ({email}) accepted your invitation.",
            "read": False,
        }
    ]
    assert inbox["unreadNotificationCount"] == 1
    assert newbie.client.data(NOTIFICATIONS)["notifications"]["edges"] == []
