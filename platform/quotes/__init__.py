"""Quotes: a priced offer to a customer before it is an order, in versions, with one-off
and recurring lines; accepted in the portal, it becomes an order, a subscription and a
contract in one transaction."""
