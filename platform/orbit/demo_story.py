"""The demo tenant's business: customers of every tier and payment terms, with addresses;
products with a price book of tier, volume and promotional prices; two stocked warehouses;
and orders at every step of their lifecycle, each brought there by the services a colleague
would use (submitted, approved, paid by a recorded payment, invoiced, shipped, delivered,
refunded), so every order's status, payment status, receivables and invoices agree.

Every step acts as the colleague who would take it: the sales rep enters and submits, finance
approves credit, records payments, issues invoices and pays refunds out, the warehouse ships,
support asks for a refund (a refund is never executed by who asked for it).
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import approvals.services as approvals
import catalog.services as catalog
import customers.services as customers
import inventory.services as inventory
import orders.services as orders
import payments.services as payments
from approvals.rules import Decision
from catalog import price_books
from core.context import Actor
from core.tenancy import Principal, PrincipalKind
from orders.rules import Action
from payments import invoices, receivables, refunds
from payments.invoice_documents import Basis

Staff = dict[str, uuid.UUID]  # department key -> user id
CENT = Decimal("0.01")

DEMO_PRODUCTS = (
    catalog.NewProduct(
        code="PAPER-A4",
        name="A4 copy paper, 500 sheets",
        tax_rate=Decimal("0.13"),
        list_price=Decimal("32.00"),
        cost=Decimal("21.50"),
        unit="ream",
        pack_size=Decimal(5),
        min_order_quantity=Decimal(5),
    ),
    catalog.NewProduct(
        code="STAPLER-24",
        name="Desk stapler 24/6",
        tax_rate=Decimal("0.13"),
        list_price=Decimal("58.00"),
        cost=Decimal("31.00"),
    ),
    catalog.NewProduct(
        code="TONER-K",
        name="Black toner cartridge",
        tax_rate=Decimal("0.13"),
        list_price=Decimal("420.00"),
        cost=Decimal("265.00"),
    ),
)
# (code, name, regions served, opening stock per product code)
DEMO_WAREHOUSES = (
    ("MAIN", "Shanghai main warehouse", ["CN-SH"], {"PAPER-A4": 600, "STAPLER-24": 300}),
    ("SOUTH", "Shenzhen south warehouse", ["CN-GD"], {"PAPER-A4": 300, "TONER-K": 400}),
)


@dataclass(frozen=True)
class DemoCustomer:
    key: str
    name: str
    tier: str
    terms: customers.PaymentTerms
    city: str
    line1: str
    country: str = "CN"
    credit_limit: Decimal | None = None
    owner: str | None = "sales"  # the department whose colleague owns the account
    contacts: list[customers.ContactInput] = field(default_factory=list)


DEMO_CUSTOMERS = (
    DemoCustomer(
        "northwind",
        "Northwind Retail Ltd",
        "standard",
        customers.PaymentTerms(),
        "London",
        "12 Kingsway",
        country="GB",
    ),
    DemoCustomer(
        "contoso",
        "Contoso Wholesale Co.",
        "wholesale",
        customers.PaymentTerms(kind="net", net_days=30),
        "Shanghai",
        "88 Century Avenue",
        credit_limit=Decimal(20000),
        contacts=[customers.ContactInput(name="Chen Jie", email="chen.jie@contoso.example.com")],
    ),
    DemoCustomer(
        "fabrikam",
        "Fabrikam Holdings",
        "vip",
        customers.PaymentTerms(
            kind="instalments",
            instalments=(
                customers.Instalment(Decimal(50), "confirmation"),
                customers.Instalment(Decimal(50), "delivery", 30),
            ),
        ),
        "Shenzhen",
        "1 Science Park Road",
        credit_limit=Decimal(50000),
        owner="management",
    ),
    DemoCustomer(
        "tailspin",
        "Tailspin Toys",
        "standard",
        customers.PaymentTerms(),
        "Hangzhou",
        "5 West Lake Road",
        owner=None,
        contacts=[customers.ContactInput(name="Li Na", email="li.na@tailspin.example.com")],
    ),
    DemoCustomer(
        "adventure",
        "Adventure Works Trading",
        "wholesale",
        customers.PaymentTerms(kind="net", net_days=15),
        "Guangzhou",
        "200 Tianhe Road",
        credit_limit=Decimal(1000),
    ),
)


@dataclass
class Demo:
    """What the story has made so far, and who acts."""

    actor: Actor
    owner: Principal
    staff: Staff
    customers: dict[str, uuid.UUID] = field(default_factory=dict)
    skus: dict[str, uuid.UUID] = field(default_factory=dict)
    clerk: str = "sales"  # who enters, submits and cancels the order being played

    def act_as(self, department: str | None) -> Actor:
        """The actor, now acting as the department's colleague (the owner for None)."""
        self.actor.principal = (
            self.owner
            if department is None
            else Principal(
                kind=PrincipalKind.STAFF,
                tenant_id=self.owner.tenant_id,
                subject_id=self.staff[department],
            )
        )
        return self.actor


async def seed_business(
    actor: Actor, owner: Principal, staff: Staff, portal_customer_id: uuid.UUID
) -> Demo:
    """Customers, catalogue, prices, stock and the orders of the demo (what it made, for
    the stories told after it)."""
    demo = Demo(actor, owner, staff, customers={"northwind": portal_customer_id})
    await _add_addresses(demo, DEMO_CUSTOMERS[0], portal_customer_id)
    for customer in DEMO_CUSTOMERS[1:]:
        demo.customers[customer.key] = await _add_customer(demo, customer)
    await _seed_catalog(demo)
    for story in DEMO_ORDERS:
        await story.play(demo)
    demo.act_as(None)
    return demo


# --- customers ------------------------------------------------------------------------------


def _addresses(customer: DemoCustomer) -> list[customers.AddressFields]:
    return [
        customers.AddressFields(
            kind=kind,
            label=label,
            recipient=customer.name,
            line1=customer.line1,
            city=customer.city,
            country=customer.country,
            is_default=True,
        )
        for kind, label in (("ship_to", "Goods in"), ("bill_to", "Accounts payable"))
    ]


async def _add_addresses(demo: Demo, customer: DemoCustomer, customer_id: uuid.UUID) -> None:
    actor = demo.act_as(None)
    for address in _addresses(customer):
        await customers.add_address(actor, customer_id, address)


async def _add_customer(demo: Demo, customer: DemoCustomer) -> uuid.UUID:
    actor = demo.act_as(None)
    created = await customers.create_customer(
        actor,
        customers.NewCustomer(
            name=customer.name,
            tier=customer.tier,
            payment_terms=customer.terms,
            credit_limit=customer.credit_limit,
            owner_id=demo.staff[customer.owner] if customer.owner else None,
            contacts=customer.contacts,
            addresses=_addresses(customer),
        ),
    )
    return created.id


# --- catalogue, prices and stock ------------------------------------------------------------


async def _seed_catalog(demo: Demo) -> None:
    actor = demo.act_as(None)
    for product in DEMO_PRODUCTS:
        created = await catalog.create_product(actor, product)
        [[sku]] = await catalog.skus_of_products(actor, [created.id])
        demo.skus[product.code] = sku.id
    for code, name, regions, stock in DEMO_WAREHOUSES:
        warehouse = await inventory.create_warehouse(
            actor, inventory.WarehouseInput(code=code, name=name, regions=regions)
        )
        for product_code, quantity in stock.items():
            await inventory.receive_stock(
                actor, warehouse.id, demo.skus[product_code], Decimal(quantity), "Opening stock"
            )
    for book in _price_books(demo, await catalog.today(actor)):
        await price_books.create_price_book(actor, book)


def _price_books(demo: Demo, today: date) -> list[price_books.NewPriceBook]:
    def entry(code: str, price: str, from_quantity: int = 1) -> price_books.NewEntry:
        return price_books.NewEntry(demo.skus[code], Decimal(price), Decimal(from_quantity))

    return [
        price_books.NewPriceBook(
            name="Wholesale prices",
            kind="tier",
            customer_tier="wholesale",
            priority=10,
            entries=[entry("PAPER-A4", "28.00"), entry("TONER-K", "380.00")],
        ),
        price_books.NewPriceBook(
            name="VIP prices",
            kind="tier",
            customer_tier="vip",
            priority=10,
            entries=[entry("TONER-K", "365.00"), entry("STAPLER-24", "52.00")],
        ),
        price_books.NewPriceBook(
            name="Paper by the pallet",
            kind="volume",
            priority=20,
            entries=[entry("PAPER-A4", "27.00", 50), entry("PAPER-A4", "25.50", 100)],
        ),
        price_books.NewPriceBook(
            name="Back-to-office stapler offer",
            kind="promotion",
            valid_from=today - timedelta(days=7),
            valid_to=today + timedelta(days=60),
            priority=30,
            entries=[entry("STAPLER-24", "49.00")],
        ),
    ]


# --- orders ---------------------------------------------------------------------------------

Step = Callable[[Demo, uuid.UUID], Awaitable[None]]


@dataclass(frozen=True)
class OrderStory:
    """One demo order: whose, what, and the steps that bring it where it waits."""

    customer: str
    lines: tuple[tuple[str, int], ...]
    steps: tuple[str, ...] = ()  # names of STEPS

    async def play(self, demo: Demo) -> None:
        """Entered by the customer's sales rep (a manager for accounts sales does not own)."""
        owner = next(c.owner for c in DEMO_CUSTOMERS if c.key == self.customer)
        demo.clerk = "sales" if owner == "sales" else "management"
        actor = demo.act_as(demo.clerk)
        order = await orders.create_order(
            actor,
            orders.NewOrder(
                customer_id=demo.customers[self.customer],
                channel="console",
                lines=[orders.NewLine(demo.skus[code], Decimal(q)) for code, q in self.lines],
            ),
        )
        for step in self.steps:
            await STEPS[step](demo, order.id)


async def _transition(demo: Demo, department: str, order_id: uuid.UUID, action: Action) -> None:
    shipping_it = action is Action.SHIP
    await orders.transition_order(
        demo.act_as(department),
        orders.TransitionInput(
            order_id=order_id,
            action=action,
            carrier="SF Express" if shipping_it else None,
            tracking_number=f"SF{str(order_id.int)[-10:]}" if shipping_it else None,
        ),
    )


async def _submit(demo: Demo, order_id: uuid.UUID) -> None:
    """Submitted by who entered it; confirmed at once, or waiting for approval when a rule asks. A
    confirmed order's receivables are written as the worker writes them on confirmation."""
    await _transition(demo, demo.clerk, order_id, Action.SUBMIT)
    await receivables.schedule_order(demo.act_as(None), order_id)


async def _approve(demo: Demo, order_id: uuid.UUID) -> None:
    """Finance approves the credit the order needs; the order is confirmed."""
    actor = demo.act_as("finance")
    [request] = await approvals.latest_requests_of_orders(actor, [order_id])
    assert request is not None  # the order was submitted over its customer's credit limit
    [steps] = await approvals.steps_of_requests(actor, [request.id])
    for step in steps:
        await approvals.decide(
            actor,
            approvals.DecisionInput(step.id, Decision.APPROVE, "Long-standing customer."),
        )
    await receivables.schedule_order(demo.act_as(None), order_id)


async def _open_receivables(demo: Demo, order_id: uuid.UUID) -> list[tuple[uuid.UUID, Decimal]]:
    rows = await receivables.schedule_order(demo.act_as(None), order_id)
    return [(r.id, r.amount - r.amount_paid) for r in rows if r.status == "open"]


async def _pay(demo: Demo, order_id: uuid.UUID, share: Decimal) -> None:
    """Finance records a bank transfer for `share` of what is open on the order, oldest
    receivable first (a prepaid order paid in full moves on to Paid)."""
    open_parts = await _open_receivables(demo, order_id)
    wanted = sum((amount for _, amount in open_parts), Decimal(0)) * share
    allocations: list[payments.AllocationInput] = []
    for receivable_id, amount in open_parts:
        taken = min(amount, wanted - sum((a.amount for a in allocations), Decimal(0)))
        if taken > 0:
            allocations.append(payments.AllocationInput(receivable_id, taken.quantize(CENT)))
    actor = demo.act_as("finance")
    [order] = await orders.orders_by_id(actor, [order_id])
    assert order is not None
    await payments.record_payment(
        actor,
        payments.NewPayment(
            customer_id=order.customer_id,
            method=payments.Method.BANK_TRANSFER,
            amount=sum((a.amount for a in allocations), Decimal(0)),
            currency=order.currency,
            received_on=datetime.now(UTC).date(),
            reference=f"Bank transfer for {order.number}",
            allocations=allocations,
        ),
    )


async def _pay_in_full(demo: Demo, order_id: uuid.UUID) -> None:
    await _pay(demo, order_id, Decimal(1))


async def _pay_first_part(demo: Demo, order_id: uuid.UUID) -> None:
    """The first instalment only (the oldest receivable)."""
    open_parts = await _open_receivables(demo, order_id)
    total = sum((amount for _, amount in open_parts), Decimal(0))
    await _pay(demo, order_id, open_parts[0][1] / total)


async def _pay_half(demo: Demo, order_id: uuid.UUID) -> None:
    await _pay(demo, order_id, Decimal("0.5"))


async def _invoice(demo: Demo, order_id: uuid.UUID) -> None:
    await invoices.issue_invoice(
        demo.act_as("finance"),
        invoices.NewInvoice(order_id=order_id, basis=Basis.ORDER, send_email=False),
    )


async def _refund_one_unit(demo: Demo, order_id: uuid.UUID) -> None:
    """Support asks to give back one damaged unit's price; finance pays it out by transfer."""
    actor = demo.act_as("support")
    [option] = await refunds.refundable_payments(actor, order_id)
    lines = await orders.lines_of_orders(actor, [order_id])
    amount = min(lines[0][0].line_total / lines[0][0].quantity, option.amount_refundable)
    refund = await refunds.request_refund(
        actor,
        refunds.RefundRequest(
            payment_id=option.payment.id,
            order_id=order_id,
            amount=amount.quantize(CENT),
            reason=refunds.RefundReason.RETURN,
            note="One cartridge arrived damaged.",
        ),
    )
    await refunds.prepare_execution(
        demo.act_as("finance"),
        refunds.RefundDecision(refund.id, external_reference="Transfer REF-DEMO-0001"),
    )


async def _cancel(demo: Demo, order_id: uuid.UUID) -> None:
    await _transition(demo, demo.clerk, order_id, Action.CANCEL)


def _by(department: str, action: Action) -> Step:
    async def step(demo: Demo, order_id: uuid.UUID) -> None:
        await _transition(demo, department, order_id, action)

    return step


STEPS: dict[str, Step] = {
    "submit": _submit,
    "approve": _approve,
    "request payment": _by("finance", Action.REQUEST_PAYMENT),
    "pay": _pay_in_full,
    "pay half": _pay_half,
    "pay first instalment": _pay_first_part,
    "invoice": _invoice,
    "ready": _by("warehouse", Action.MARK_READY_TO_SHIP),
    "ship": _by("warehouse", Action.SHIP),
    "deliver": _by("warehouse", Action.MARK_DELIVERED),
    "complete": _by("finance", Action.COMPLETE),
    "cancel": _cancel,
    "refund one unit": _refund_one_unit,
}

# Every column of the order board gets a card, and the money behind each agrees with it.
DEMO_ORDERS = (
    OrderStory("northwind", (("PAPER-A4", 20), ("STAPLER-24", 2))),
    OrderStory("northwind", (("TONER-K", 3),), ("submit",)),
    OrderStory(
        "northwind",
        (("PAPER-A4", 40), ("TONER-K", 1)),
        ("submit", "request payment", "pay half"),
    ),
    OrderStory("tailspin", (("PAPER-A4", 25),), ("submit", "pay", "invoice")),
    OrderStory(
        "northwind", (("STAPLER-24", 6),), ("submit", "request payment", "pay", "invoice", "ready")
    ),
    OrderStory(
        "northwind",
        (("PAPER-A4", 10), ("STAPLER-24", 1)),
        ("submit", "pay", "invoice", "ready", "ship"),
    ),
    OrderStory(
        "northwind",
        (("TONER-K", 2),),
        ("submit", "pay", "invoice", "ready", "ship", "deliver", "complete", "refund one unit"),
    ),
    OrderStory(
        "contoso",
        (("PAPER-A4", 100), ("STAPLER-24", 4)),
        ("submit", "ready", "ship", "deliver", "invoice"),
    ),
    OrderStory("contoso", (("TONER-K", 50),), ("submit",)),
    OrderStory(
        "fabrikam",
        (("TONER-K", 5), ("STAPLER-24", 10)),
        ("submit", "pay first instalment", "ready", "ship"),
    ),
    OrderStory("adventure", (("TONER-K", 4),), ("submit", "approve")),
    OrderStory("tailspin", (("STAPLER-24", 3),), ("submit", "cancel")),
)
