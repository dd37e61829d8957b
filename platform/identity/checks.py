"""What valid staff identity input looks like: emails, people's names, passwords (no I/O)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from core.errors import UserError
from core.security import (
    password_weakness,
)
from identity.errors import IdentityErrorCode
from identity.models import User

if TYPE_CHECKING:
    pass

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_NAME_LENGTH = 200


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_email(email: str, field: str = "email") -> UserError | None:
    if not EMAIL.match(email) or len(email) > 254:
        return UserError(IdentityErrorCode.INVALID_EMAIL, "Enter a valid email address.", (field,))
    return None


def check_person_name(name: str, field: str = "name") -> UserError | None:
    if not name.strip():
        return UserError(IdentityErrorCode.REQUIRED, "Enter the person's name.", (field,))
    if len(name.strip()) > MAX_NAME_LENGTH:
        return UserError(
            IdentityErrorCode.TOO_LONG, f"Use at most {MAX_NAME_LENGTH} characters.", (field,)
        )
    return None


def check_password(password: str, *context: str, field: str = "password") -> UserError | None:
    weakness = password_weakness(password, *context)
    return UserError(IdentityErrorCode.WEAK_PASSWORD, weakness, (field,)) if weakness else None


def user_summary(user: User) -> dict[str, object]:
    return {
        "email": user.email,
        "name": user.name,
        "status": user.status,
        "departmentId": str(user.department_id) if user.department_id else None,
    }
