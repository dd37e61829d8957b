"""What test modules share, so that none imports another: the stack (stack, database,
services), the GraphQL client and what every answer carries (graphql), waiting and
concurrency, and one module per domain with its documents and factories (catalog,
inventory, customers, orders, portal, payments, invoices, shipments, stripe, rbac,
api_clients). tests/test_test_layout.py keeps test modules from importing each other."""
