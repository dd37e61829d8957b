"""Paths of console pages that notifications and staff emails link to. The console shows an
order at its number (/orders/SO-2026-000123), escaped as one path segment, since a tenant's
number format may hold a slash; the page still accepts the older global-id paths."""

from __future__ import annotations

from urllib.parse import quote


def order_path(number: str) -> str:
    """The console path of the order numbered `number`."""
    return f"/orders/{quote(number, safe='')}"


def ticket_path(number: str) -> str:
    """The console path of the ticket numbered `number` (T-000042)."""
    return f"/tickets/{quote(number, safe='')}"
