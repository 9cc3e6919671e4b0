"""The search page and profiles claim only what the data supports, per source."""
from tests.factories import make_provider

BOISE = (43.6322, -116.2052)


def facility(session, i=0, **kw):
    """A mental health facility as SAMHSA lists it: no finder therapy, acceptance unknown."""
    kw = {"source": "samhsa-2022", "provider_type": "clinic", "modalities": [],
          "accepting_new_clients": None, "location_precision": "postcode", "city": "Boise",
          "region": "ID", "postcode": "83702", "name": f"Boise Family Services {i}", **kw}
    return make_provider(session, lat=BOISE[0] + 0.002 * i, lon=BOISE[1], **kw)


def test_home_page_says_what_is_checked_per_source(client):
    html = client.get("/").text
    assert "Every listing is checked by a moderator" not in html
    assert "Listings submitted here are reviewed by a moderator" in html
    assert "SAMHSA's 2022 directory are shown as published" in html


def test_other_care_has_a_section_of_its_own(client, session):
    ids = [facility(session, i) for i in range(2)]
    html = client.get("/?near=83702").text
    assert "Other mental health care nearby" in html
    section = html[html.index('id="other-care"'):]
    assert all(f'id="provider-{i}"' in section for i in ids)
    assert 'id="provider-list"' not in html


def test_a_facility_profile_shows_unknown_as_unknown(client, session):
    pid = facility(session)
    html = client.get(f"/providers/{pid}", follow_redirects=True).text
    assert "New clients: unknown" in html
    assert "Accepting new clients</li>" not in html
    assert "None of the treatments this directory covers" in html


def test_a_card_of_unknown_acceptance_claims_nothing(client, session):
    facility(session, modalities=["ketamine-infusion"])
    html = client.get("/?near=83702").text
    assert "Not accepting new clients" not in html


def test_demo_listings_carry_a_badge(client, session):
    pid = make_provider(session, lat=BOISE[0], lon=BOISE[1], source="demo",
                        name="Avery Chen (demo)")
    assert "Demo listing — not a real provider" in client.get("/?near=83702").text
    profile = client.get(f"/providers/{pid}", follow_redirects=True).text
    assert "Demo listing — not a real provider" in profile


def test_a_fuzzy_place_says_so_and_links_the_others(client, session):
    html = client.get("/?near=Pheonix").text
    assert "Showing results for Phoenix, Arizona, US" in html
    assert 'href="?near=Phenix%2C+Virginia&amp;country=US' in html


def test_an_unsure_place_asks(client):
    response = client.get("/?near=Sacramentoooooooooo")
    assert response.status_code == 404
    assert "Which place did you mean?" in response.text
    assert 'href="?near=Sacramento%2C+California&amp;country=US' in response.text


def test_a_uk_postcode_in_the_us_is_offered_in_the_uk(client):
    html = client.get("/?near=SW1A+1AA&country=US&radius_km=40.2").text
    assert "SW1A 1AA looks like a UK postcode: search in the United Kingdom?" in html
    assert 'href="?near=SW1A+1AA&amp;country=GB"' in html


def test_a_mile_radius_becomes_the_nearest_km_choice(client):
    html = client.get("/?near=Toronto&country=CA&radius_km=40.2").text
    assert "Within 40 km" not in html
    assert '<option value="50" selected>Within 50 km</option>' in html
    assert "within 50 km" in html


def test_a_located_search_names_the_nearest_place(client):
    html = client.get("/?lat=43.63&lon=-116.21").text
    assert "Providers near Boise, Idaho, US</h2>" in html
    assert "43.63, -116.21" not in html


def test_telehealth_results_say_what_happens_by_video(client, session):
    make_provider(session, lat=47.6777, lon=-116.7805, telehealth=True, region="ID",
                  postcode="83814", city="Coeur d'Alene", modalities=["psilocybin"])
    html = client.get("/?near=83702&modality=psilocybin&radius_km=40.2&telehealth=true").text
    assert "beyond your 25 mi radius: by telehealth" in html
    assert "dosing is in person where the law requires it" in html
    assert "widens the search to providers in your state or region" in html
