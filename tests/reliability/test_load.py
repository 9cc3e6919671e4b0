"""Mixed traffic against gunicorn: no 5xx, and nothing answered as done is lost or doubled.

90 % searches, 5 % listings submitted, 5 % moderation decisions, from 16 connections for
15 s (``make load`` runs longer), on a database of its own (finder_load) with US, GB and DE
postcodes and 20,000 demo providers; the rate limits count in Redis, shared by both workers.
"""
import pytest

pytestmark = pytest.mark.slow


def test_no_request_fails(load_figures):
    assert load_figures["errors"] == {}   # no 5xx, no connection dropped or timed out
    # Every search is answered, every listing accepted, every decision made: the limits
    # are lifted for the run and every listing is decided once, so nothing else is due.
    assert set(load_figures["by_status"]) <= {200, 201}
    kinds = load_figures["by_kind"]
    assert kinds["search"] > 0.8 * load_figures["requests"]
    assert kinds["submit"] > 0 and kinds["decide"] > 0


def test_every_listing_answered_201_is_stored_exactly_once(load_figures):
    assert load_figures["lost"] == [] and load_figures["duplicated"] == []
    assert load_figures["submissions_201"] > 0
    assert load_figures["submissions_stored_once"] == load_figures["submissions_201"]


def test_every_decision_answered_200_shows_exactly_once(load_figures):
    assert load_figures["wrong"] == []
    assert load_figures["decisions_200"] == load_figures["by_kind"]["decide"]
    assert load_figures["decisions_reflected_once"] == load_figures["decisions_200"]
