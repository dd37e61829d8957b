"""Customers: the companies a tenant sells to, and their contact people."""
