"""Support tickets: a customer's question or problem, with its conversation between staff and the customer's contact."""
