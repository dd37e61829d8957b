"""Staff identity: users, departments, sessions, invitations, API clients and OAuth.

Other domains' schemas share the sign-in payload (`AuthPayload`) from here."""

from identity.auth_schema import (
    RETRY_AFTER_DESCRIPTION,
    AuthPayload,
    auth_payload,
    run_throttled_mutation,
    throttled_auth_payload,
)

__all__ = [
    "RETRY_AFTER_DESCRIPTION",
    "AuthPayload",
    "auth_payload",
    "run_throttled_mutation",
    "throttled_auth_payload",
]
