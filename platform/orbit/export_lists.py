"""The lists exports read (exports.sources), registered here because each is another
domain's list function and filter: the composition root is the one place that knows them
all. Imported by the API (schema.py) and the worker (worker.py).

Columns are what each console list shows, as plain values: numbers and names rather than
ids, status codes, amounts as decimals beside their currency, dates in ISO 8601."""

from __future__ import annotations

from typing import Any

import audit.services as audit
import catalog.services as catalog
import customers.services as customers
import orders.services as orders
from core.context import Actor
from core.pagination import Page
from exports.sources import Column, ExportList, FilterReader, ListSource, iso, register
from payments import invoice_documents, invoices, receivables
from payments import services as payments

ORDER_STATUSES = tuple(status.value for status in orders.Status)
INVOICE_KINDS = tuple(kind.value for kind in invoice_documents.Kind)
INVOICE_STATUSES = tuple(status.value for status in invoice_documents.Status)
RECEIVABLE_STATUSES = tuple(status.value for status in receivables.ReceivableStatus)
AUDIT_ACTOR_TYPES = ("User", "ApiClient", "Contact")


# --- orders --------------------------------------------------------------------------------


def _order_filter(read: FilterReader) -> orders.OrderFilter:
    return orders.OrderFilter(
        status=read.choice("status", ORDER_STATUSES),
        statuses=tuple(read.choices("statuses", ORDER_STATUSES)),
        customer_id=read.node_id("customerId", "Customer"),
        priority=read.choice("priority", tuple(orders.PRIORITIES)),
        search=read.text("search"),
        created_from=read.moment("createdFrom"),
        created_to=read.moment("createdTo"),
        channel=read.choice("channel", tuple(orders.CHANNELS)),
        tag=read.text("tag"),
    )


async def _orders(actor: Actor, flt: Any, first: int, after: str | None) -> Page[Any]:
    return await orders.list_orders(actor, flt, first, after)


ORDERS = ListSource(
    filter_keys=(
        "status",
        "statuses",
        "customerId",
        "priority",
        "search",
        "createdFrom",
        "createdTo",
        "channel",
        "tag",
    ),
    parse=_order_filter,
    fetch=_orders,
    columns=(
        Column("Number", "订单号", lambda o: o.number),
        Column("Customer", "客户", lambda o: o.customer_name),
        Column("Status", "状态", lambda o: o.status),
        Column("Priority", "优先级", lambda o: o.priority),
        Column("Channel", "渠道", lambda o: o.channel),
        Column("External reference", "外部编号", lambda o: o.external_ref),
        Column("Total", "合计", lambda o: o.total),
        Column("Currency", "币种", lambda o: o.currency),
        Column("Payment status", "付款状态", lambda o: o.payment_status),
        Column("Requested delivery", "要求交货日期", lambda o: iso(o.requested_delivery_date)),
        Column("Created", "创建时间", lambda o: iso(o.created_at)),
    ),
)


# --- customers and products ----------------------------------------------------------------


def _customer_filter(read: FilterReader) -> tuple[str | None, customers.CustomerFilter]:
    criteria = customers.CustomerFilter(
        tier=read.text("tier"),
        tags=read.texts("tags"),
        region=read.text("region"),
        owner_id=read.node_id("ownerId", "User"),
    )
    return read.text("search"), criteria


async def _customers(actor: Actor, flt: Any, first: int, after: str | None) -> Page[Any]:
    search, criteria = flt
    return await customers.list_customers(actor, search, first, after, criteria)


CUSTOMERS = ListSource(
    filter_keys=("search", "tier", "tags", "region", "ownerId"),
    parse=_customer_filter,
    fetch=_customers,
    columns=(
        Column("Name", "名称", lambda c: c.name),
        Column("Status", "状态", lambda c: c.status),
        Column("Tier", "等级", lambda c: c.tier),
        Column("Region", "地区", lambda c: c.region),
        Column("Phone", "电话", lambda c: c.phone),
        Column("Email", "邮箱", lambda c: c.email),
        Column("External reference", "外部编号", lambda c: c.external_ref),
        Column("Credit limit", "信用额度", lambda c: c.credit_limit),
        Column("Currency", "币种", lambda c: c.credit_currency),
        Column("Created", "创建时间", lambda c: iso(c.created_at)),
    ),
)


def _product_filter(read: FilterReader) -> tuple[str | None, bool | None]:
    return read.text("search"), read.flag("active")


async def _products(actor: Actor, flt: Any, first: int, after: str | None) -> Page[Any]:
    search, active = flt
    return await catalog.list_products(actor, search, active, first, after)


PRODUCTS = ListSource(
    filter_keys=("search", "active"),
    parse=_product_filter,
    fetch=_products,
    columns=(
        Column("Code", "编码", lambda p: p.code),
        Column("Name", "名称", lambda p: p.name),
        Column("Unit", "单位", lambda p: p.unit),
        Column("Base price", "基础价格", lambda p: p.base_price),
        Column("Tax rate", "税率", lambda p: p.tax_rate),
        Column("Active", "启用", lambda p: p.active),
        Column("Created", "创建时间", lambda p: iso(p.created_at)),
    ),
)


# --- invoices, receivables and payments ----------------------------------------------------


def _invoice_filter(read: FilterReader) -> invoices.InvoiceFilter:
    kind = read.choice("kind", INVOICE_KINDS)
    status = read.choice("status", INVOICE_STATUSES)
    return invoices.InvoiceFilter(
        customer_id=read.node_id("customerId", "Customer"),
        order_id=read.node_id("orderId", "Order"),
        kind=invoice_documents.Kind(kind) if kind else None,
        status=invoice_documents.Status(status) if status else None,
        number=read.text("number"),
    )


async def _invoices(actor: Actor, flt: Any, first: int, after: str | None) -> Page[Any]:
    return await invoices.list_invoices(actor, flt, first, after)


INVOICES = ListSource(
    filter_keys=("customerId", "orderId", "kind", "status", "number"),
    parse=_invoice_filter,
    fetch=_invoices,
    columns=(
        Column("Number", "编号", lambda i: i.number),
        Column("Kind", "类型", lambda i: i.kind),
        Column("Status", "状态", lambda i: i.status),
        Column("Order", "订单号", lambda i: i.order_number),
        Column("Customer", "客户", lambda i: i.customer_name),
        Column("Total", "合计", lambda i: i.total),
        Column("Paid", "已付", lambda i: i.amount_paid),
        Column("Currency", "币种", lambda i: i.currency),
        Column("Issued", "开具日期", lambda i: iso(i.issued_on)),
        Column("Due", "到期日", lambda i: iso(i.due_date)),
    ),
)


def _receivable_filter(read: FilterReader) -> receivables.ReceivableFilter:
    status = read.choice("status", RECEIVABLE_STATUSES)
    return receivables.ReceivableFilter(
        customer_id=read.node_id("customerId", "Customer"),
        status=receivables.ReceivableStatus(status) if status else None,
        overdue_only=bool(read.flag("overdueOnly")),
    )


async def _receivables(actor: Actor, flt: Any, first: int, after: str | None) -> Page[Any]:
    return await receivables.list_receivables(actor, flt, first, after)


RECEIVABLES = ListSource(
    filter_keys=("customerId", "status", "overdueOnly"),
    parse=_receivable_filter,
    fetch=_receivables,
    columns=(
        Column("Order", "订单号", lambda r: r.order_number),
        Column("Customer", "客户", lambda r: r.customer_name),
        Column("Instalment", "分期", lambda r: r.label),
        Column("Status", "状态", lambda r: r.status),
        Column("Amount", "金额", lambda r: r.amount),
        Column("Paid", "已付", lambda r: r.amount_paid),
        Column("Currency", "币种", lambda r: r.currency),
        Column("Due", "到期日", lambda r: iso(r.due_date)),
    ),
)


def _payment_filter(read: FilterReader) -> Any:
    return read.node_id("customerId", "Customer")


async def _payments(actor: Actor, flt: Any, first: int, after: str | None) -> Page[Any]:
    return await payments.list_payments(actor, flt, first, after)


PAYMENTS = ListSource(
    filter_keys=("customerId",),
    parse=_payment_filter,
    fetch=_payments,
    columns=(
        Column("Number", "编号", lambda p: p.number),
        Column("Customer", "客户", lambda p: p.customer_name),
        Column("Method", "方式", lambda p: p.method),
        Column("Amount", "金额", lambda p: p.amount),
        Column("Allocated", "已分配", lambda p: p.amount_allocated),
        Column("Currency", "币种", lambda p: p.currency),
        Column("Received", "收款日期", lambda p: iso(p.received_on)),
        Column("Reference", "参考号", lambda p: p.reference),
    ),
)


# --- audit ---------------------------------------------------------------------------------


def _audit_filter(read: FilterReader) -> audit.AuditFilter:
    include_routine = read.flag("includeRoutine")
    return audit.AuditFilter(
        action=read.text("action"),
        include_routine=True if include_routine is None else include_routine,
        actor_id=read.node_id("actorId", *AUDIT_ACTOR_TYPES),
        target_type=read.text("targetType"),
        target_id=read.text("targetId"),
        since=read.moment("since"),
        until=read.moment("until"),
    )


async def _audit(actor: Actor, flt: Any, first: int, after: str | None) -> Page[Any]:
    return await audit.list_entries(actor, flt, first, after)


AUDIT = ListSource(
    filter_keys=(
        "action",
        "includeRoutine",
        "actorId",
        "targetType",
        "targetId",
        "since",
        "until",
    ),
    parse=_audit_filter,
    fetch=_audit,
    columns=(
        Column("When", "时间", lambda e: iso(e.created_at)),
        Column("Who", "操作人", lambda e: e.actor_label),
        Column("Action", "操作", lambda e: e.action),
        Column("Target type", "对象类型", lambda e: e.target_type),
        Column("Target", "对象", lambda e: e.target_id),
    ),
)


SOURCES = {
    ExportList.ORDERS: ORDERS,
    ExportList.CUSTOMERS: CUSTOMERS,
    ExportList.PRODUCTS: PRODUCTS,
    ExportList.INVOICES: INVOICES,
    ExportList.RECEIVABLES: RECEIVABLES,
    ExportList.PAYMENTS: PAYMENTS,
    ExportList.AUDIT: AUDIT,
}

for _kind, _source in SOURCES.items():
    register(_kind, _source)
