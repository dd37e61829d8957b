"""The demo tenant's support tickets: a few customers' questions and problems, opened and
worked by the support colleague through the tickets services, one in each status from new
to closed, two about the orders of the story; the solved one's satisfaction survey has been
answered, the closed one's sent and not answered yet."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import time

import orders.services as orders
import tenants.services as tenants
import tickets.services as tickets
from core.context import Actor
from orbit.demo_story import Demo
from tickets import sla_settings, survey_answers, surveys
from tickets.rules import MessageKind, ResolutionCode, TicketPriority, TicketStatus
from tickets.survey_answers import AnswerInput


@dataclass(frozen=True)
class TicketStory:
    customer: str
    category: str
    priority: TicketPriority
    subject: str
    description: str
    order_status: str | None = None  # the ticket concerns the customer's order in this status
    note: str | None = None
    reply: str | None = None
    status: TicketStatus = TicketStatus.NEW
    resolution: ResolutionCode | None = None
    assign: bool = True
    survey_answer: AnswerInput | None = None


DEMO_TICKETS = (
    TicketStory(
        "northwind",
        "quality",
        TicketPriority.HIGH,
        "Toner cartridge arrived damaged",
        "One of the two black toner cartridges was cracked and leaked in the box.",
        order_status="completed",
        note="Photos checked: transport damage. Refund for one unit requested.",
        reply="We are sorry about the damaged cartridge; we have refunded one unit.",
        status=TicketStatus.SOLVED,
        resolution=ResolutionCode.FIXED,
        survey_answer=AnswerInput("GOOD", comment="Quick refund, thank you."),
    ),
    TicketStory(
        "northwind",
        "delivery",
        TicketPriority.NORMAL,
        "When will our paper arrive?",
        "The order was shipped but we have no delivery date yet.",
        order_status="shipped",
        note="Carrier says two more days.",
        reply="Your order left our warehouse; could you confirm the delivery address is open "
        "on Saturdays?",
        status=TicketStatus.PENDING_CUSTOMER,
    ),
    TicketStory(
        "contoso",
        "how_to",
        TicketPriority.LOW,
        "How do we download our invoices?",
        "Our accountant needs the PDFs of last month's invoices.",
        assign=False,
    ),
    TicketStory(
        "fabrikam",
        "billing",
        TicketPriority.NORMAL,
        "Please change our invoice address",
        "We moved our accounts department to the 3rd floor.",
        status=TicketStatus.OPEN,
    ),
    TicketStory(
        "tailspin",
        "other",
        TicketPriority.URGENT,
        "Need a quote for 200 staplers",
        "Can you quote 200 desk staplers by Friday?",
        reply="Our sales colleague has sent you the quote.",
        status=TicketStatus.CLOSED,
        resolution=ResolutionCode.ANSWERED,
    ),
)


async def _order_of(demo: Demo, customer_id: uuid.UUID, status: str | None) -> uuid.UUID | None:
    if status is None:
        return None
    flt = orders.OrderFilter(customer_id=customer_id, status=status)
    page = await orders.list_orders(demo.actor, flt, 1, None)
    return page.rows[0].id if page.rows else None


async def _work(demo: Demo, ticket_id: uuid.UUID, story: TicketStory) -> None:
    actor = demo.actor
    if story.note:
        await tickets.reply_to_ticket(actor, ticket_id, story.note, MessageKind.INTERNAL_NOTE)
    if story.reply:
        await tickets.reply_to_ticket(actor, ticket_id, story.reply, MessageKind.PUBLIC_REPLY)
    target = story.status
    path = {
        TicketStatus.CLOSED: (TicketStatus.SOLVED, TicketStatus.CLOSED),
        TicketStatus.NEW: (),
    }.get(target, (target,))
    for status in path:
        resolution = story.resolution if status is TicketStatus.SOLVED else None
        await tickets.change_status(actor, ticket_id, status, resolution)


DEMO_POLICIES = (
    sla_settings.PolicyInput(
        name="Urgent and high",
        position=1,
        priorities=(TicketPriority.URGENT, TicketPriority.HIGH),
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=8 * 60,
    ),
    sla_settings.PolicyInput(
        name="Standard",
        position=9,
        fallback=True,
        first_response_minutes=4 * 60,
        next_response_minutes=8 * 60,
        resolution_minutes=5 * 9 * 60,
    ),
)


async def _set_up_slas(demo: Demo) -> None:
    """Support's week (Monday to Friday, 09:00-12:00 and 13:00-18:00, with the country's
    public holidays) and two SLA policies, set by the owner before any ticket is opened."""
    actor = demo.act_as(None)
    hours = [
        (weekday, opens, closes)
        for weekday in range(5)
        for opens, closes in ((time(9), time(12)), (time(13), time(18)))
    ]
    zone = (await tenants.current_tenant(actor)).time_zone
    await sla_settings.save_calendar(actor, zone, hours, "CN", None, [])
    for policy in DEMO_POLICIES:
        await sla_settings.save_policy(actor, policy)


async def seed_tickets(demo: Demo) -> None:
    """The owner sets up support's SLAs; the support colleague opens and works the demo's
    tickets."""
    await _set_up_slas(demo)
    actor = demo.act_as("support")
    support_id = demo.staff["support"]
    for story in DEMO_TICKETS:
        customer_id = demo.customers[story.customer]
        ticket = await tickets.create_ticket(
            actor,
            tickets.NewTicket(
                customer_id=customer_id,
                subject=story.subject,
                description=story.description,
                category=story.category,
                priority=story.priority,
                order_id=await _order_of(demo, customer_id, story.order_status),
                owner_id=support_id if story.assign else None,
            ),
        )
        await _work(demo, ticket.id, story)
        if story.status in (TicketStatus.SOLVED, TicketStatus.CLOSED):
            await _survey(demo, ticket.id, story.survey_answer)
    demo.act_as(None)


async def _survey(demo: Demo, ticket_id: uuid.UUID, answer: AnswerInput | None) -> None:
    """The solved ticket's survey, out already (without an email: the demo's customers have
    no mailboxes) and, when the story says so, answered through its link by the customer."""
    token = await surveys.send_now_without_email(demo.actor, ticket_id)
    if token is None or answer is None:
        return
    customer = Actor(services=demo.actor.services, session=demo.actor.session)
    await survey_answers.answer_by_token(customer, token, answer)
