"""Contracts: a customer's agreements with their versions (rendered or uploaded documents
in the files storage), signatures, terms, renewals and reminders."""
