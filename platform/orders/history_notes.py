"""What the system says in an order's status history, as a code and its facts: clients word
it in the reader's language. The actor's own words (a transition note, a rejection reason,
a change request's reason) stay text beside it. `english` words it for the deprecated
`note` field integrators read before codes existed. Pure, no I/O."""

from __future__ import annotations

from enum import Enum
from typing import Any


class NoteCode(str, Enum):
    # {"payment": payment number}
    PAID_IN_FULL = "paid_in_full"
    # {"lines": [{"sku", "before", "after"}], "delivery": {"before", "after"},
    #  "shipTo": {"recipient", "city"}}; each key only when that part changed
    ORDER_CHANGED = "order_changed"


def _change_parts(params: dict[str, Any]) -> list[str]:
    lines = params.get("lines", [])
    parts = [f"{line['sku']} {line['before']} → {line['after']}" for line in lines]
    if delivery := params.get("delivery"):
        parts.append(f"delivery {delivery.get('before') or '-'} → {delivery['after']}")
    if ship_to := params.get("shipTo"):
        parts.append(f"ship to {ship_to['recipient']}, {ship_to['city']}")
    return parts


def english(code: str | None, params: dict[str, Any] | None, comment: str | None) -> str | None:
    """The history entry as one English sentence, the actor's words in brackets after the
    system's (as the API sent it before codes existed)."""
    facts = params or {}
    if code == NoteCode.PAID_IN_FULL.value:
        return f"Paid in full ({facts.get('payment', '')})"
    if code == NoteCode.ORDER_CHANGED.value:
        text = "Change: " + "; ".join(_change_parts(facts))
        return f"{text} ({comment})" if comment else text
    return comment
