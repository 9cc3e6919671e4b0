"""The OpenAPI 3 document that describes the public JSON API, served at /api/v1/openapi.json."""
