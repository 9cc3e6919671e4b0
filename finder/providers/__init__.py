"""Providers as data: demo seeding, CSV import and export, shared field rules."""
