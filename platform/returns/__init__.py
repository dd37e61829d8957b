"""Returns (RMA): a customer sends back items of a delivered order; staff approve, receive and
inspect them, and inspection alone moves stock."""
