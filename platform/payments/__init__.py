"""Payments: what customers owe and pay, what they are billed and credited, and what is given
back, with the tenant's Stripe connection: four areas, each a group of modules.

Shared ground
  models.py            every payments table, and its access rules (core.access.declare:
                       receivables, payments and invoices reach staff through the customer
                       and a portal contact their own customer's; refunds staff only)
  errors.py            the user-error codes, one enum per area
  events.py            the events payments emits (payment.recorded, invoice.*, refund.*,
                       reconciliation.mismatch, receivable.overdue)
  numbering.py         gapless document numbers (invoice, credit note, refund)
  order_facts.py       what invoicing reads of orders and shipments, through their services

Receivables and payments
  schedule.py          an order's payment schedule from its terms (pure rules)
  reminders.py         overdue reminders: when each receivable is looked at next
  receivables.py       the schedule written, due dates started, voided; lists and aging
  services.py          recording a payment and its allocations; payments and accounts read
  reconciliation.py    the nightly (or manual) check that the books agree
  receivables_schema.py  GraphQL: receivables, payments, aging, reconciliation

Invoices
  invoice_math.py      lines, totals and tax by rate (pure)
  invoice_documents.py kinds and statuses, writing and announcing a document, paid amounts
  invoices.py          issuing, voiding, emailing and reading invoices
  credit_notes.py      credit notes by hand and the one each executed refund writes
  invoice_pdf.py       the PDF; documents.py serves it at /documents/invoices/<id>.pdf
  invoices_schema.py   GraphQL: invoices, credit notes, the portal's invoice list

Refunds
  refunds.py           requesting, executing (manual or through Stripe) and rejecting
  refunds_schema.py    GraphQL: refunds and what may still be refunded

Stripe
  stripe_gateway.py    the Stripe SDK client and the connection test
  stripe_settings.py   the tenant's keys (encrypted) and payment methods
  stripe_payments.py   portal checkouts (PaymentIntents) and the webhook's processing
  webhooks.py          the webhook endpoint; schema.py: GraphQL for the Stripe settings
  portal_schema.py     GraphQL: the portal customer's account and paying online

Around them: schema_types.py holds the GraphQL types the schema modules share (the leaf of
their imports: schema_types <- invoices_schema <- refunds_schema <- receivables_schema);
notices.py and refund_notices.py the emails and in-app notices; handlers.py the event
handlers; jobs.py the worker's cron jobs. Other domains use payments through services.py,
events.py and errors.py.
"""
