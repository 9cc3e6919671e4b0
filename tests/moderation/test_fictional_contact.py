"""Moderators are warned of contact details reserved for fiction (555-01xx, example.org)."""
import pytest

from finder.providers.fictional import demo_phone
from finder.providers.fictional import fictional_contact


@pytest.mark.parametrize("phone, website, warned", [
    ("+1 303-555-0142", None, ["phone"]),
    ("(303) 555 0199", "https://www.example.com/", ["phone", "website"]),
    ("+44 20 7946 0123", None, ["phone"]),
    ("+1 303-555-0200", "https://clinic.example.org", ["website"]),
    ("+1 303-555-0200", "https://examples.org", []),
    ("+1 720-555-1234", "https://mile-high-care.com", []),
    (None, "http://demo.test/", ["website"]),
])
def test_reserved_numbers_and_example_domains_are_named(phone, website, warned):
    warnings = fictional_contact({"phone": phone, "website": website})
    assert [w.split()[1] for w in warnings] == [{"phone": "phone", "website": "website"}[k]
                                               for k in warned]


@pytest.mark.parametrize("country", ["US", "CA", "GB", "AU", "PR"])
def test_demo_phones_are_fictional_for_their_country(country):
    phone = demo_phone(country, 7)
    assert fictional_contact({"phone": phone}), phone


def test_no_demo_phone_where_no_range_is_reserved():
    assert demo_phone("DE", 7) is None


def test_the_listing_page_warns_of_fictional_contact(client, moderator, submit):
    fictional = submit(name="Dr. Fiction", phone="+1 303-555-0142",
                       website="https://example.org/demo")["id"]
    real = submit(name="Dr. Real", phone="+1 720-555-1234",
                  website="https://mile-high-care.com")["id"]
    moderator.create("alice")
    moderator.sign_in("alice")
    page = client.get(f"/moderation/listings/{fictional}").text
    assert "contact details reserved for fiction" in page
    assert "+13035550142" in page and "example.org is an example domain" in page
    assert "reserved for fiction" not in client.get(f"/moderation/listings/{real}").text
