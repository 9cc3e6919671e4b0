"""Moderation: moderators sign in, review the queue and approve or reject listings."""
