"""Postcodes and place names as people type them, mapped to what GeoNames holds."""
import pytest

from finder.geo.normalise import lookup_countries
from finder.geo.normalise import looks_like_postcode
from finder.geo.normalise import name_key
from finder.geo.normalise import place_candidates
from finder.geo.normalise import postcode_candidates


@pytest.mark.parametrize("country, typed, key", [
    ("US", "90210", "90210"),
    ("US", "  90210 ", "90210"),
    ("US", "90210-1234", "90210"),
    ("US", "902101234", "90210"),
    ("US", "2134", "02134"),
    ("PR", "00602", "00602"),
    ("GB", "SW1A 1AA", "SW1A"),
    ("GB", "sw1a1aa", "SW1A"),
    ("GB", "sw1a", "SW1A"),
    ("GB", "M1 1AE", "M1"),
    ("GB", "m11ae", "M1"),
    ("JE", "JE2 3AB", "JE2"),
    ("CA", "K1A 0B1", "K1A"),
    ("CA", "k1a0b1", "K1A"),
    ("CA", "k1a", "K1A"),
    ("NL", "1012 AB", "1012"),
    ("NL", "1012ab", "1012"),
    ("NL", "1012", "1012"),
    ("IE", "D02 X285", "D02"),
    ("IE", "d02x285", "D02"),
    ("IE", "D6W XY12", "D6W"),
    ("DE", "10115", "10115"),
    ("AU", "2000", "2000"),
    ("CZ", "10000", "100 00"),
    ("SE", "111 22", "111 22"),
    ("LU", "4968", "L-4968"),
    ("LU", "L-4968", "L-4968"),
    ("LV", "lv-1050", "LV-1050"),
    ("BR", "69935000", "69935-000"),
])
def test_postcode_candidates_start_with_the_geonames_key(country, typed, key):
    assert postcode_candidates(country, typed)[0] == key


def test_candidates_have_no_duplicates():
    candidates = postcode_candidates("DE", "10115")
    assert candidates == ["10115"]


def test_us_searches_also_consult_the_territories():
    assert lookup_countries("us") == ["US", "PR", "GU", "VI", "AS", "MP"]
    assert lookup_countries("GB") == ["GB"]


def test_a_territory_is_consulted_only_for_its_own_zip_codes():
    assert postcode_candidates("PR", "00901") == ["00901"]
    assert postcode_candidates("PR", "10001") == []
    assert postcode_candidates("GU", "96910-1234") == ["96910"]
    assert postcode_candidates("VI", "802") == []


def test_a_postcode_origin_knows_the_countries_it_can_be_in():
    from finder.geo.geocode import origin_for
    assert origin_for("US", "10001").countries == ("US",)
    assert origin_for("US", "00901").countries == ("US", "PR")
    assert origin_for("US", "Springfield").countries == ("US", "PR", "GU", "VI", "AS", "MP")
    assert origin_for("US", None, 40.7, -74.0).countries is None


@pytest.mark.parametrize("typed, expected", [
    ("90210", True), ("SW1A 1AA", True), ("Denver", False), ("Berlin", False),
    ("Saint-Étienne", False), ("1012 AB", True)])
def test_looks_like_postcode(typed, expected):
    assert looks_like_postcode(typed) is expected


@pytest.mark.parametrize("typed, key", [
    ("Zürich", "zurich"), ("  SÃO  Paulo ", "sao paulo"), ("Saint-Étienne", "saint etienne"),
    ("Köln", "koln"), ("Straße", "strasse"), ("Łódź", "lodz")])
def test_name_key_folds_accents_case_and_punctuation(typed, key):
    assert name_key(typed) == key


def test_place_candidates_split_place_and_region():
    assert place_candidates("Denver, CO") == [("denver", "co"), ("denver co", None)]
    assert place_candidates("Denver Colorado")[:2] == [("denver colorado", None),
                                                       ("denver", "colorado")]
    assert place_candidates("New York NY")[1] == ("new york", "ny")
    assert place_candidates("Berlin") == [("berlin", None)]
    assert place_candidates(" , ") == []
