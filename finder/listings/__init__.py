"""Listings: providers submit and later edit their own listing, by form or JSON API."""
