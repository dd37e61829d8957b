"""Invoices issued for orders."""

from __future__ import annotations

from typing import Any

from tests.support.graphql import TenantSession

INVOICE_FIELDS = """id number kind basis status orderId orderNumber customerId customerName
  receivableId shipmentId creditedInvoiceId creditedInvoiceNumber
  subtotal { amount currency } discountTotal { amount } taxTotal { amount } total { amount }
  amountPaid { amount } amountCredited { amount } amountDue { amount }
  taxBreakdown { rate taxable { amount } tax { amount } }
  lines { lineNo skuCode description quantity unitPrice { amount } taxRate
          subtotal { amount } discount { amount } tax { amount } total { amount } }
  issuedOn dueDate reason issuedByLabel voidedAt voidReason emailedTo emailedAt pdfUrl"""
ISSUE = f"""mutation I($input: IssueInvoiceInput!) {{ issueInvoice(input: $input) {{
  invoice {{ {INVOICE_FIELDS} }} userErrors {{ field code message }} }} }}"""


def issue(
    session: TenantSession, order_id: str, basis: str = "ORDER", **fields: Any
) -> dict[str, Any]:
    payload: dict[str, Any] = session.client.data(
        ISSUE, {"input": {"orderId": order_id, "basis": basis, **fields}}
    )["issueInvoice"]
    return payload


def issued(
    session: TenantSession, order_id: str, basis: str = "ORDER", **fields: Any
) -> dict[str, Any]:
    payload = issue(session, order_id, basis, **fields)
    assert payload["userErrors"] == [], payload["userErrors"]
    invoice: dict[str, Any] = payload["invoice"]
    return invoice
