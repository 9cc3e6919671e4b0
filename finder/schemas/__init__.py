"""The shapes finder's JSON API, form and CSV import take, each declared once as a model."""
