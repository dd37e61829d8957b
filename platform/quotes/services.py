"""Quote use cases, the one module other domains import: drafting, editing, revising and
withdrawing quotes (`drafting`), live pricing for the form (`pricing`), sending
(`sending`), the customer's answer and its conversion into an order, a subscription and a
contract (`accepting`), expiry (`expiry`), reading (`reading`) and the conversion figure
(`report`).

Permissions: quotes:read, quotes:write (pricing also needs orders:write, as the order
form does); a portal contact reaches their own customer's sent quotes and answers them.
"""

from __future__ import annotations

from quotes.accepting import (
    Answer,
    Conversion,
    accept_quote_for_customer,
    portal_accept_quote,
    portal_decline_quote,
)
from quotes.drafting import (
    ContractRequest,
    QuoteDraft,
    create_quote,
    revise_quote,
    update_quote,
    withdraw_quote,
)
from quotes.expiry import expire_due_quotes
from quotes.pricing import PricedLine, QuoteLineInput, QuotePricing, price_quote
from quotes.reading import (
    QuoteFilter,
    lines_of_versions,
    list_quotes,
    portal_quote,
    portal_quotes,
    quotes_by_id,
    quotes_of_orders,
    versions_of_quotes,
)
from quotes.report import QuoteConversion, quote_conversion
from quotes.sending import send_quote

__all__ = [
    "Answer",
    "ContractRequest",
    "Conversion",
    "PricedLine",
    "QuoteConversion",
    "QuoteDraft",
    "QuoteFilter",
    "QuoteLineInput",
    "QuotePricing",
    "accept_quote_for_customer",
    "create_quote",
    "expire_due_quotes",
    "lines_of_versions",
    "list_quotes",
    "portal_accept_quote",
    "portal_decline_quote",
    "portal_quote",
    "portal_quotes",
    "price_quote",
    "quote_conversion",
    "quotes_by_id",
    "quotes_of_orders",
    "revise_quote",
    "send_quote",
    "update_quote",
    "versions_of_quotes",
    "withdraw_quote",
]
