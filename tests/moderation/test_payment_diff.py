"""A change of payment facts shows in the moderators' diff, and is public only once approved."""
from tests.factories import listing_payload
from tests.moderation.test_revisions import setup_approved


def test_moderators_see_payment_in_the_diff_and_the_public_after_approval(client, moderator):
    listing_id, token, auth = setup_approved(client, moderator, payment=["medicaid"])
    client.put(f"/api/v1/listings/edit/{token}", json=listing_payload(
        payment=["medicaid", "sliding-fee"], price_min=90, price_currency="USD"))
    detail = client.get(f"/api/v1/moderation/listings/{listing_id}", headers=auth).json
    changes = detail["pending_revision"]["changes"]
    assert changes["payment"] == {"from": ["medicaid"], "to": ["medicaid", "sliding-fee"]}
    assert changes["price_currency"] == {"from": None, "to": "USD"}
    moderator.sign_in("alice")
    page = client.get(f"/moderation/listings/{listing_id}").text
    diff = page[page.index("What the change would do"):page.index("The listing as it is now")]
    assert "Payment" in diff and "sliding-fee" in diff and "Price currency" in diff
    assert client.get(f"/api/v1/providers/{listing_id}").json["payment"] == ["medicaid"]
    assert moderator.decide(listing_id, "approve").status_code == 302
    public = client.get(f"/api/v1/providers/{listing_id}").json
    assert public["payment"] == ["medicaid", "sliding-fee"]
    assert public["price"] == {"min": 90.0, "max": None, "currency": "USD"}
    profile = client.get(f"/providers/{public['slug']}").text
    assert "Medicaid" in profile and "Sliding fee scale" in profile
    assert "Self-pay price per session: from $90" in profile
