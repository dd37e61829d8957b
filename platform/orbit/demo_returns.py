"""The demo tenant's returns: Contoso sends back paper from its delivered order, one return in
each status from requested to closed (and one declined, one cancelled), asked for and
approved by support and received and inspected by the warehouse, through the returns
services like any return."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal

import orders.services as orders
import returns.services as returns
from orbit.demo_story import Demo
from returns.rules import Disposition, Grade, ReturnReason, ReturnWish

ONE = Decimal(1)


@dataclass(frozen=True)
class ReturnStory:
    reason: ReturnReason
    comment: str
    steps: tuple[str, ...]
    wish: ReturnWish = ReturnWish.REFUND
    disposition: Disposition = Disposition.RESTOCK


DEMO_RETURNS = (
    ReturnStory(ReturnReason.DAMAGED, "Box crushed in transit, sheets creased.", ()),
    ReturnStory(ReturnReason.NO_LONGER_NEEDED, "Ordered one ream too many.", ("approve",)),
    ReturnStory(
        ReturnReason.NO_LONGER_NEEDED,
        "Opened and partly used.",
        ("decline",),
        wish=ReturnWish.EXCHANGE,
    ),
    ReturnStory(ReturnReason.WRONG_ITEM, "80 g paper instead of 100 g.", ("approve", "receive")),
    ReturnStory(
        ReturnReason.DAMAGED,
        "Water damage on arrival.",
        ("approve", "receive", "inspect"),
        disposition=Disposition.SCRAP,
    ),
    # Resolved returns are exchanges: Contoso's order was marked paid without a recorded
    # payment, so there is no payment a refund could give back.
    ReturnStory(
        ReturnReason.NOT_AS_DESCRIBED,
        "Brighter white than described; send a ream from the new batch.",
        ("approve", "receive", "inspect", "resolve"),
        wish=ReturnWish.EXCHANGE,
    ),
    ReturnStory(
        ReturnReason.DAMAGED,
        "Ream torn at the edge; please replace it.",
        ("approve", "receive", "inspect", "resolve", "close"),
        wish=ReturnWish.EXCHANGE,
    ),
    ReturnStory(ReturnReason.NO_LONGER_NEEDED, "Changed our mind.", ("cancel",)),
)


async def _delivered_paper_line(demo: Demo) -> tuple[uuid.UUID, uuid.UUID, uuid.UUID]:
    """Contoso's delivered order and its paper line."""
    customer_id = demo.customers["contoso"]
    flt = orders.OrderFilter(customer_id=customer_id, status="delivered")
    order = (await orders.list_orders(demo.actor, flt, 1, None)).rows[0]
    line = next(
        line
        for line in await orders.lines_of_order(demo.actor, order)
        if line.sku_id == demo.skus["PAPER-A4"]
    )
    return customer_id, order.id, line.id


async def _play(demo: Demo, return_id: uuid.UUID, story: ReturnStory) -> None:
    for step in story.steps:
        if step in ("receive", "inspect"):
            actor = demo.act_as("warehouse")
        else:
            actor = demo.act_as("support")
        if step == "approve":
            await returns.approve_return(actor, return_id)
        elif step == "decline":
            await returns.decline_return(actor, return_id, "Opened paper cannot be resold.")
        elif step == "receive":
            [line] = (await returns.lines_of_returns(actor, [return_id]))[0]
            await returns.receive_return(actor, return_id, [returns.Receipt(line.id, ONE)])
        elif step == "inspect":
            [line] = (await returns.lines_of_returns(actor, [return_id]))[0]
            await returns.inspect_return_line(
                actor, returns.Inspection(line.id, ONE, Grade.A, story.disposition)
            )
        elif step == "resolve":
            await returns.resolve_return(actor, return_id)
        elif step == "close":
            await returns.close_return(actor, return_id)
        elif step == "cancel":
            await returns.cancel_return(actor, return_id)


async def seed_returns(demo: Demo) -> None:
    """Support asks for one return of one ream per story and plays it to its status."""
    customer_id, order_id, line_id = await _delivered_paper_line(demo)
    for story in DEMO_RETURNS:
        created = await returns.create_return(
            demo.act_as("support"),
            returns.NewReturn(
                customer_id=customer_id,
                order_id=order_id,
                wish=story.wish,
                lines=(returns.NewReturnLine(line_id, ONE, story.reason, story.comment),),
            ),
        )
        await _play(demo, created.id, story)
    demo.act_as(None)
