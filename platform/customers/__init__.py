"""Customers: the companies a tenant sells to, and their contact people.

Other domains' schemas show a customer and its payment terms with the types from here."""

from customers.inputs_schema import PaymentTermsInput
from customers.types_schema import CustomerType, PaymentTermsType

__all__ = ["CustomerType", "PaymentTermsInput", "PaymentTermsType"]
