"""Notifications: messages written to the outbox with what they report, delivered later."""
