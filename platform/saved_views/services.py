"""Saved order views: list the caller's own and the tenant's shared views, save (create or
rename/change) and delete them. Anyone with orders:read keeps views; only a view's owner
changes or deletes it; a private view is invisible to everyone else (NOT_FOUND)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Select, func, or_, select
from sqlalchemy.exc import IntegrityError

import audit.services as audit
from core import access
from core.context import Actor
from core.errors import BusinessRuleError, NotFound
from core.tenancy import Principal
from saved_views import rules
from saved_views.errors import SavedViewErrorCode
from saved_views.models import SavedView

ORDERS = "orders"


@dataclass(frozen=True)
class ViewInput:
    view_id: uuid.UUID | None
    name: str
    shared: bool
    filters: Any
    sort: str


async def _visible(actor: Actor) -> Select[SavedView]:
    """The caller's own order views and the shared ones (orders:read)."""
    principal = actor.require_principal()
    return (await access.restrict(actor, SavedView)).where(
        SavedView.list_key == ORDERS,
        or_(SavedView.owner_id == principal.subject_id, SavedView.shared.is_(True)),
    )


async def order_views(actor: Actor) -> list[SavedView]:
    """The caller's own views and the shared ones, by name."""
    statement = (await _visible(actor)).order_by(func.lower(SavedView.name), SavedView.id)
    return list((await actor.session.scalars(statement)).all())


async def views_by_id(actor: Actor, ids: list[uuid.UUID]) -> list[SavedView | None]:
    rows = (await actor.session.scalars((await _visible(actor)).where(SavedView.id.in_(ids)))).all()
    found = {view.id: view for view in rows}
    return [found.get(i) for i in ids]


async def _own_view(actor: Actor, principal: Principal, view_id: uuid.UUID) -> SavedView:
    view = await actor.session.scalar(
        (await _visible(actor)).where(SavedView.id == view_id).with_for_update()
    )
    if view is None:
        raise NotFound()
    if view.owner_id != principal.subject_id:
        raise BusinessRuleError.single(
            SavedViewErrorCode.NOT_VIEW_OWNER, "Only its owner changes this view.", "id"
        )
    return view


async def _check_unique(
    actor: Actor, principal: Principal, name: str, view_id: uuid.UUID | None
) -> None:
    taken = await actor.session.scalar(
        select(SavedView.id).where(
            SavedView.tenant_id == principal.tenant_id,
            SavedView.list_key == ORDERS,
            SavedView.owner_id == principal.subject_id,
            func.lower(SavedView.name) == name.lower(),
        )
    )
    if taken is not None and taken != view_id:
        raise _duplicate()


def _duplicate() -> BusinessRuleError:
    return BusinessRuleError.single(
        SavedViewErrorCode.DUPLICATE_NAME, "You already have a view with this name.", "name"
    )


def _summary(view: SavedView) -> dict[str, Any]:
    return {"name": view.name, "shared": view.shared, "filters": view.filters, "sort": view.sort}


async def save_order_view(actor: Actor, data: ViewInput) -> SavedView:
    """Create a view, or with `view_id` change one of the caller's own."""
    principal = await actor.require("orders", "read")
    name = rules.clean_name(data.name)
    errors = [
        *rules.check_name(name),
        *rules.check_order_filters(data.filters),
        *rules.check_order_sort(data.sort),
    ]
    if errors:
        raise BusinessRuleError(*errors)
    view = await _own_view(actor, principal, data.view_id) if data.view_id else None
    await _check_unique(actor, principal, name, data.view_id)
    before = _summary(view) if view else None
    if view is None:
        view = SavedView(
            tenant_id=principal.tenant_id,
            list_key=ORDERS,
            owner_id=principal.subject_id,
            owner_label=actor.actor_label,
        )
        actor.session.add(view)
    view.name, view.shared, view.sort = name, data.shared, data.sort
    view.filters = {k: v for k, v in data.filters.items() if v is not None}
    view.updated_at = datetime.now(UTC)
    try:
        await actor.session.flush()
    except IntegrityError as error:  # a concurrent save took the name first
        raise _duplicate() from error
    await audit.record(
        actor, "saved_views.save", "saved_view", view.id, before=before, after=_summary(view)
    )
    return view


async def delete_order_view(actor: Actor, view_id: uuid.UUID) -> uuid.UUID:
    principal = actor.require_principal()
    view = await _own_view(actor, principal, view_id)
    await audit.record(actor, "saved_views.delete", "saved_view", view.id, before=_summary(view))
    await actor.session.delete(view)
    await actor.session.flush()
    return view_id
