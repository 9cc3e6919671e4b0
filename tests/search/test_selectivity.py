"""Choosing between walking the spatial index and fetching by rare facets."""
from finder.search.selectivity import Stats
from finder.search.selectivity import fetch_facets

STATS = Stats(rows=1_000_000, floor=0.001, common={
    "tele:true": 0.40, "acc:false": 0.20, "t:facilitator": 0.077, "t:therapist": 0.30,
    "l:en": 1.0, "l:es": 0.058, "l:fi": 0.0037, "m:mdma-assisted-therapy": 0.05,
    "m:ketamine-infusion": 0.18, "m:esketamine": 0.12, "src:demo": 0.99})


def test_common_filters_walk():
    assert fetch_facets(STATS, ["tele:true", "l:en"], ["m:ketamine-infusion"]) == ([], [])


def test_a_value_no_statistics_list_is_fetched():
    assert fetch_facets(STATS, ["l:zu"], []) == (["l:zu"], [])
    assert fetch_facets(STATS, ["src:none"], []) == (["src:none"], [])


def test_values_rare_together_are_fetched_without_the_common_ones():
    every, some = fetch_facets(STATS, ["tele:true", "acc:false", "t:facilitator", "l:es"],
                               ["m:mdma-assisted-therapy"])
    assert every == ["t:facilitator", "l:es"]
    assert some == ["m:mdma-assisted-therapy"]


def test_one_uncommon_value_alone_is_not_rare_enough():
    assert fetch_facets(STATS, ["t:facilitator"], []) == ([], [])


def test_never_analysed_tables_walk():
    assert fetch_facets(Stats(rows=0, common={}, floor=0.0), ["l:zu"], []) == ([], [])
