"""Staff identity: users, departments, sessions, invitations, API clients and OAuth.

Other domains' schemas share the sign-in payload (`AuthPayload`) and the staff user and
department types from here."""

from identity.auth_schema import (
    RETRY_AFTER_DESCRIPTION,
    AuthPayload,
    auth_payload,
    run_throttled_mutation,
    throttled_auth_payload,
)
from identity.user_types_schema import DepartmentType, UserType

__all__ = [
    "RETRY_AFTER_DESCRIPTION",
    "AuthPayload",
    "DepartmentType",
    "UserType",
    "auth_payload",
    "run_throttled_mutation",
    "throttled_auth_payload",
]
