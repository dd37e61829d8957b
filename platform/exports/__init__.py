"""Exports: a console list (orders, customers, products, invoices, receivables, payments,
audit) written to CSV or XLSX by the worker with the list's filters, as the user who asked."""
