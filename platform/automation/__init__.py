"""Automation: how events reach their handlers, as tenant admins see and steer it."""
