"""Each listing field's length limit is declared once, and the form and the rules read it."""
import re

import pytest

from finder.providers import fields
from finder.schemas.listing import LIMITS
from finder.schemas.listing import form_limits
from tests.helpers import make_app


@pytest.fixture
def app(session):
    return make_app(session)


def test_the_form_limits_each_input_as_declared(client):
    page = client.get("/get-listed").text
    shown = dict(re.findall(r'name="([a-z_.]+)"[^>]*?maxlength="(\d+)"', page))
    # The country, and the default country's regions, are lists to choose from.
    lists = ("address.country", "address.region")
    assert {k: int(v) for k, v in shown.items()} == {
        k: v for k, v in form_limits().items() if k not in lists}
    assert '<select id="f-address-country" name="address.country"' in page
    assert '<select id="f-address-region" name="address.region"' in page


def test_the_lost_link_form_limits_the_email_as_declared(client):
    page = client.get("/get-listed/lost-link").text
    assert f'name="email" value="" autocomplete="email" required maxlength="{LIMITS["email"]}"' \
        in page


def test_the_field_rules_refuse_one_character_past_the_declared_limit():
    for field, limit in LIMITS.items():
        if field == "country":   # a code, checked by its pattern
            continue
        assert fields.clean_text(field, "x" * limit) == "x" * limit
        with pytest.raises(fields.FieldError, match=f"at most {limit} characters"):
            fields.clean_text(field, "x" * (limit + 1))
