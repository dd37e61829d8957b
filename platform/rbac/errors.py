"""The codes of access control's user errors: roles, their permissions and assignments."""

from __future__ import annotations

from core.errors import ErrorCode


class RbacErrorCode(ErrorCode):
    UNKNOWN_ROLE = "UNKNOWN_ROLE"
    CANNOT_REMOVE_OWN_ADMIN = "CANNOT_REMOVE_OWN_ADMIN"
    LAST_ADMIN = "LAST_ADMIN"
    INVALID_NAME = "INVALID_NAME"
    INVALID_DESCRIPTION = "INVALID_DESCRIPTION"
    UNKNOWN_PERMISSION = "UNKNOWN_PERMISSION"
    ADMIN_ROLE_LOCKED = "ADMIN_ROLE_LOCKED"
    INVALID_KEY = "INVALID_KEY"
    ROLE_KEY_TAKEN = "ROLE_KEY_TAKEN"
    ROLE_LOCKED = "ROLE_LOCKED"
    ROLE_IN_USE = "ROLE_IN_USE"
