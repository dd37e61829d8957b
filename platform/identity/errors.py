"""The codes of staff identity's user errors: signing in, sessions, invitations, users and
API clients. Sign-in codes are shared by every way of signing in (the portal's too), since
one payload type (AuthPayload) reports them all."""

from __future__ import annotations

from core.errors import ErrorCode


class IdentityErrorCode(ErrorCode):
    INVALID_EMAIL = "INVALID_EMAIL"
    REQUIRED = "REQUIRED"
    TOO_LONG = "TOO_LONG"
    WEAK_PASSWORD = "WEAK_PASSWORD"
    UNKNOWN_DEPARTMENT = "UNKNOWN_DEPARTMENT"
    UNSUPPORTED_LOCALE = "UNSUPPORTED_LOCALE"
    CANNOT_ASSIGN_ROLES = "CANNOT_ASSIGN_ROLES"
    EMAIL_TAKEN = "EMAIL_TAKEN"
    NOT_INVITED = "NOT_INVITED"
    CANNOT_CHANGE_SELF = "CANNOT_CHANGE_SELF"
    NOT_JOINED = "NOT_JOINED"
    NAME_TOO_LONG = "NAME_TOO_LONG"
    ROLE_REQUIRED = "ROLE_REQUIRED"
    ALREADY_REVOKED = "ALREADY_REVOKED"
    CLIENT_REVOKED = "CLIENT_REVOKED"


class SignInErrorCode(ErrorCode):
    """Why no session was issued, whoever signs in (staff, portal contacts)."""

    INVALID_CREDENTIALS = "INVALID_CREDENTIALS"
    ACCOUNT_DEACTIVATED = "ACCOUNT_DEACTIVATED"
    TENANT_SUSPENDED = "TENANT_SUSPENDED"
    INVALID_REFRESH_TOKEN = "INVALID_REFRESH_TOKEN"
    INVALID_INVITATION = "INVALID_INVITATION"
    INVALID_MAGIC_LINK = "INVALID_MAGIC_LINK"
