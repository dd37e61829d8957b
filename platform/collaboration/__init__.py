"""Collaboration on orders: comments with @mentions, followers and their notifications."""
