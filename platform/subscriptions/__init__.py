"""Subscriptions: plans, a customer's subscriptions and their periods, renewal orders,
automatic payment, changes and the recurring-revenue ledger."""
