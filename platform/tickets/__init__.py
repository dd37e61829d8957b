"""Support tickets: a customer's question or problem, and its conversation between staff
and the customer's contact."""
