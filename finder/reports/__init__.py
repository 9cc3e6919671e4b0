"""Visitors report problems with a listing; moderators resolve them (finder.moderation)."""
