"""Gapless per-tenant numbers for money documents: INV-000001, CN-000001, RF-000001.

The counter row is locked by the UPDATE until the transaction ends, so concurrent documents
of one kind queue here and a rolled-back one gives its number back."""

from __future__ import annotations

from typing import Literal

from sqlalchemy import text

from core.context import Actor

DocumentKind = Literal["invoice", "credit_note", "refund"]
PREFIXES: dict[DocumentKind, str] = {"invoice": "INV", "credit_note": "CN", "refund": "RF"}

_NEXT = text("""
    INSERT INTO document_counters (tenant_id, kind, last_value) VALUES (:tenant_id, :kind, 1)
    ON CONFLICT (tenant_id, kind) DO UPDATE SET last_value = document_counters.last_value + 1
    RETURNING last_value""")


async def next_number(actor: Actor, kind: DocumentKind) -> str:
    """The next number of `kind` in the actor's tenant, e.g. INV-000042."""
    value = await actor.session.scalar(_NEXT, {"tenant_id": actor.tenant_id, "kind": kind})
    return f"{PREFIXES[kind]}-{int(value or 0):06d}"
