"""The public pages: the search page, provider profiles and the demo article."""
