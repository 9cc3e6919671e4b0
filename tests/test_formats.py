"""The strict formats: what each reader takes and refuses."""
import pytest

from finder import formats


@pytest.mark.parametrize("value", [2, 2.0, 0, -7, 2**63 - 1])
def test_a_json_whole_number_is_an_integer_as_json_schema_counts_one(value):
    assert formats.json_whole(value) == int(value)
    assert type(formats.json_whole(value)) is int


@pytest.mark.parametrize("value", [True, False, 2.5, float("inf"), float("nan"), "2", None,
                                   2**63, -(2**63)])
def test_anything_else_is_not_a_whole_number(value):
    with pytest.raises(ValueError):
        formats.json_whole(value)
