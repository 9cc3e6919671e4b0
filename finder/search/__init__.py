"""Search: the nearest approved providers to a point, and the public read API."""
