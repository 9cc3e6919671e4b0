"""Helpers that create rows for tests, like CTFd's gen_* functions."""
from sqlalchemy import text

_counter = iter(range(1, 10**9))


def make_provider(session, lat=39.7392, lon=-104.9903, **overrides) -> int:
    """Insert and commit a provider (approved, ketamine, Denver by default); return its id."""
    n = next(_counter)
    values = {"status": "approved", "source": "test", "external_id": f"t{n}",
              "name": f"Test Provider {n}", "provider_type": "therapist",
              "modalities": ["ketamine-assisted-therapy"], "telehealth": False,
              "accepting_new_clients": True, "languages": ["en"], "country": "US",
              "region": "CO", "city": "Denver", "postcode": "80202",
              "credentials": None, "practice_name": None, "phone": None, "website": None,
              "bio": None, "location_precision": "exact"}
    values.update(overrides)
    private = {k: values.pop(k) for k in ("email", "license_number", "license_region",
                                           "submitter_ip") if k in values}
    cols = ", ".join(values)
    params = ", ".join(f":{k}" for k in values)
    provider_id = session.execute(text(
        f"INSERT INTO providers ({cols}, location) VALUES ({params}, "
        "ST_SetSRID(ST_MakePoint(:lon, :lat), 4326)::geography) RETURNING id"),
        {**values, "lat": lat, "lon": lon}).scalar_one()
    if private:
        session.execute(text(
            f"INSERT INTO provider_private (provider_id, {', '.join(private)}) "
            f"VALUES (:id, {', '.join(':' + k for k in private)})"), {"id": provider_id, **private})
    # Commit (to the test's savepoint) as a real client would find the row already stored.
    session.commit()
    return provider_id


def listing_payload(**overrides) -> dict:
    """Return a valid ``POST /api/v1/listings`` body (a Denver psychiatrist), with overrides."""
    n = next(_counter)
    body = {"name": f"Dr. Listing {n}", "credentials": "MD", "practice_name": "Mile High Care",
            "provider_type": "psychiatrist", "email": f"listing{n}@example.org",
            "license_number": f"DR.{n:07d}", "license_region": "Colorado",
            "phone": "+1 303-555-0100", "website": "https://example.org",
            "modalities": ["ketamine-infusion"], "telehealth": True,
            "accepting_new_clients": True, "languages": ["en", "es"],
            "bio": "Calm rooms and careful screening.",
            "address": {"street": "1600 Glenarm Pl", "city": "Denver", "region": "CO",
                        "postcode": "80202", "country": "US"}}
    body.update(overrides)
    return body
