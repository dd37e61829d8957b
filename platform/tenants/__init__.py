"""Tenants: the companies that sign up, their profile and settings."""
