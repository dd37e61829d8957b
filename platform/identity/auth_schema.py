"""The GraphQL payload of every sign-in (staff log-in, invitations, refresh, the portal's
magic links and passwords, sign-up), shared through `identity.__all__`: the session's
tokens, or why none was issued."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

import strawberry
from strawberry.types import Info

from core.context import Actor
from core.gql.types import (
    Outcome,
    UserErrorType,
    error_list_field,
    run_mutation,
    user_error_type,
)
from core.ratelimit import Throttled
from identity.errors import IdentityErrorCode, SignInErrorCode
from identity.tokens import IssuedSession

T = TypeVar("T")
RETRY_AFTER_DESCRIPTION = (
    "Seconds until a throttled caller may try again; null unless "
    "userErrors holds TOO_MANY_ATTEMPTS."
)

AuthError = user_error_type(
    "AuthError",
    SignInErrorCode,
    IdentityErrorCode,
    description="Why no session was issued.",
)


@strawberry.type(description="Tokens of a new session, or the reasons none was issued.")
class AuthPayload:
    access_token: str | None = strawberry.field(description="Bearer token for /graphql.")
    refresh_token: str | None = strawberry.field(description="Exchange it with refreshToken.")
    expires_in: int | None = strawberry.field(description="Seconds the access token lives.")
    user_errors: list[UserErrorType] = error_list_field(
        AuthError, description="Why no session was issued."
    )
    retry_after_seconds: int | None = strawberry.field(
        default=None, description=RETRY_AFTER_DESCRIPTION
    )


def auth_payload(
    issued: IssuedSession | None,
    errors: list[UserErrorType],
    retry_after_seconds: int | None = None,
) -> AuthPayload:
    if issued is None:
        return AuthPayload(
            access_token=None,
            refresh_token=None,
            expires_in=None,
            user_errors=errors,
            retry_after_seconds=retry_after_seconds,
        )
    return AuthPayload(
        access_token=issued.access_token,
        refresh_token=issued.refresh_token,
        expires_in=issued.expires_in,
        user_errors=errors,
    )


async def run_throttled_mutation(
    info: Info, operation: Callable[[Actor], Awaitable[T]]
) -> tuple[Outcome[T], int | None]:
    """run_mutation for operations a throttle guards; also the seconds a throttled caller
    must wait (None when it was not throttled)."""
    throttled: list[Throttled] = []

    async def attempt(actor: Actor) -> T:
        try:
            return await operation(actor)
        except Throttled as refusal:
            throttled.append(refusal)
            raise

    outcome = await run_mutation(info, attempt)
    return outcome, throttled[0].retry_after_seconds if throttled else None


async def throttled_auth_payload(
    info: Info, sign_in: Callable[[Actor], Awaitable[IssuedSession]]
) -> AuthPayload:
    """The payload of a sign-in a throttle guards (logIn, portalLogIn)."""
    outcome, retry_after_seconds = await run_throttled_mutation(info, sign_in)
    return auth_payload(outcome.value, outcome.user_errors, retry_after_seconds)
