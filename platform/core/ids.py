"""Identifiers: time-ordered UUIDs for rows, opaque Relay global IDs for clients."""

from __future__ import annotations

import base64
import binascii
import uuid

import uuid_utils


def new_id() -> uuid.UUID:
    """A UUIDv7: unique, and ordered by creation time so keyset pagination by id is stable."""
    return uuid.UUID(bytes=uuid_utils.uuid7().bytes)


def to_global_id(type_name: str, row_id: uuid.UUID) -> str:
    return base64.urlsafe_b64encode(f"{type_name}:{row_id}".encode()).decode().rstrip("=")


def from_global_id(global_id: str) -> tuple[str, uuid.UUID] | None:
    """Decode a global ID; None when it is malformed (callers treat that as not found)."""
    try:
        padded = global_id + "=" * (-len(global_id) % 4)
        type_name, _, raw = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        return type_name, uuid.UUID(raw)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
