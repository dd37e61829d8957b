"""Notifications: the in-app inbox and outgoing email.

Other domains render their notices and emails with the shapes and helpers named here."""

from notifications.templates import RenderedEmail, RenderedNotice, is_chinese, simple_email

__all__ = ["RenderedEmail", "RenderedNotice", "is_chinese", "simple_email"]
