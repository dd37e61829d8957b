"""The return label a customer prints once their return is approved: staff read it with
returns:read within their data scope, a portal contact for their own customer's returns;
anything else (another customer's, another tenant's, a return not approved) is NOT_FOUND."""

from __future__ import annotations

import uuid

import orders.services as orders
from core import access
from core.context import Actor
from core.errors import NotFound
from core.tenancy import PrincipalKind
from returns.label_pdf import Label, address_lines, has_label
from returns.models import Return
from returns.reading import lines_for_change
from returns.settings import return_address
from tenants import read_branding, read_logo, seller_details


async def _reached(actor: Actor, return_id: uuid.UUID) -> Return:
    if actor.require_principal().kind is PrincipalKind.PORTAL:
        return await access.get_scoped(actor, Return, return_id, access.PORTAL)
    if not await actor.can("returns", "read"):
        raise NotFound()
    return await access.get_scoped(actor, Return, return_id, "read")


def ship_to_lines(address: dict[str, str] | None, seller: dict[str, str]) -> list[str]:
    """The tenant's returns address, else the seller's own name and address."""
    if address:
        return address_lines(address)
    lines = [seller["legalName"]] if seller.get("legalName") else []
    return lines + [x for x in seller.get("address", "").splitlines() if x.strip()]


async def return_label(actor: Actor, return_id: uuid.UUID) -> Label:
    row = await _reached(actor, return_id)
    if not has_label(row):
        raise NotFound()
    [order] = await orders.orders_for_system(actor, [row.order_id])
    seller = seller_details(await read_branding(actor))
    return Label(
        row=row,
        lines=await lines_for_change(actor, row.id),
        order_number=order.number,
        customer_name=order.customer_name,
        ship_from=order.ship_to,
        ship_to=ship_to_lines(await return_address(actor), seller),
        seller=seller,
        logo=await read_logo(actor),
    )
