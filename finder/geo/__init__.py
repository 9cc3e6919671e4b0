"""Geocoding: postcodes, place names and coordinates to a point. Only this package knows pgeocode."""
