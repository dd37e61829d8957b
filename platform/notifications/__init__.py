"""Notifications: the in-app inbox and outgoing email."""
