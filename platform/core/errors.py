"""Errors: business errors are data (userErrors), access errors are GraphQL errors."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ErrorCode(str, Enum):
    """Base of every domain's user-error codes (an enum per domain, in its `errors.py`): a
    member's value is the code clients see, and GraphQL exposes each domain's codes as an
    enum (`OrderErrorCode`), so front ends and integrators get them from the schema."""


class CommonErrorCode(ErrorCode):
    """Codes the shared plumbing reports; every domain's GraphQL error enum includes them."""

    INVALID_CURSOR = "INVALID_CURSOR"
    INVALID_PAGE_SIZE = "INVALID_PAGE_SIZE"
    INVALID_NUMBER = "INVALID_NUMBER"
    TOO_MANY_DIGITS = "TOO_MANY_DIGITS"
    TOO_MANY_DECIMALS = "TOO_MANY_DECIMALS"
    TOO_MANY_ATTEMPTS = "TOO_MANY_ATTEMPTS"
    NOT_FOUND = "NOT_FOUND"


@dataclass(frozen=True)
class UserError:
    """One business-rule violation, reported in a mutation payload's `userErrors`."""

    code: ErrorCode
    message: str
    field: tuple[str, ...] | None = None
    # The facts the message states (quantities, names), so clients can say it in their
    # reader's language and act on it; values are plain text.
    params: dict[str, str] | None = None


class BusinessRuleError(Exception):
    """Raised by services to abort the unit of work and report `userErrors`."""

    def __init__(self, *errors: UserError) -> None:
        super().__init__("; ".join(e.message for e in errors))
        self.errors = list(errors)

    @classmethod
    def single(cls, code: ErrorCode, message: str, field: str | None = None) -> BusinessRuleError:
        return cls(UserError(code=code, message=message, field=(field,) if field else None))


class AccessError(Exception):
    """Base for errors that become a GraphQL error with a stable `extensions.code`."""

    code = "INTERNAL_SERVER_ERROR"
    default_message = "Internal server error."

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or self.default_message)


class Unauthenticated(AccessError):
    code = "UNAUTHENTICATED"
    default_message = "Authentication is required."


class Forbidden(AccessError):
    code = "FORBIDDEN"
    default_message = "You do not have permission to perform this action."


class NotFound(AccessError):
    """The same error whether the object does not exist or belongs to another tenant."""

    code = "NOT_FOUND"
    default_message = "The object does not exist."


class RateLimited(AccessError):
    code = "RATE_LIMITED"
    default_message = "Too many requests; slow down and retry shortly."

    def __init__(self, message: str | None = None, retry_after_seconds: int = 60) -> None:
        super().__init__(message)
        self.retry_after_seconds = retry_after_seconds


class BadRequest(AccessError):
    code = "BAD_REQUEST"
    default_message = "The request is malformed."
