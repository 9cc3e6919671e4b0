"""The edit link by email: with the confirmation, and again through "Lost your link?"."""
import re

from sqlalchemy import text

from tests.helpers import csrf_token
from tests.helpers import make_app
from tests.listings.test_form import good_form

LINK = re.compile(r"http://localhost/get-listed/edit/[A-Za-z0-9_-]{43}")


def submit(client, **overrides):
    page = client.get("/get-listed")
    return client.post("/get-listed", data={"csrf_token": csrf_token(page.text),
                                            **good_form(**overrides)})


def ask(client, email):
    page = client.get("/get-listed/lost-link")
    return client.post("/get-listed/lost-link",
                       data={"csrf_token": csrf_token(page.text), "email": email})


def emails_to(session, address):
    return session.execute(text(
        "SELECT subject, body, purpose FROM outbox WHERE kind = 'email' "
        "AND lower(recipient) = :r ORDER BY id"), {"r": address}).all()


def without_csrf(html):
    return re.sub(r'name="csrf_token" value="[^"]+"', 'name="csrf_token" value=""', html)


def test_the_thanks_page_link_is_the_one_emailed(client, session):
    response = submit(client, email="linked@example.org")
    shown = LINK.search(response.text).group(0)
    [(subject, body, purpose)] = emails_to(session, "linked@example.org")
    assert (subject, purpose) == ("We received your listing", "submitted")
    assert LINK.search(body).group(0) == shown
    assert "We have also emailed it to you" in response.text
    assert client.get(shown).status_code == 200


def test_the_listing_remembers_the_language_it_was_submitted_in(client, session):
    page = client.get("/get-listed?lang=es")
    client.post("/get-listed?lang=es", data={"csrf_token": csrf_token(page.text),
                                              **good_form(email="es@example.org")})
    locale = session.scalar(text(
        "SELECT pp.locale FROM provider_private pp JOIN providers p ON p.id = pp.provider_id "
        "WHERE pp.email = 'es@example.org'"))
    assert locale == "es"
    [(_, body, _)] = emails_to(session, "es@example.org")
    assert "lang=es" in body   # the link opens the form in the language it was filled in


def test_the_form_links_to_lost_your_link(client):
    page = client.get("/get-listed").text
    assert 'href="/get-listed/lost-link"' in page and "Lost your link?" in page


def test_lost_your_link_answers_alike_for_known_and_unknown_addresses(client, session):
    submit(client, email="known@example.org")
    known = ask(client, "known@example.org")
    unknown = ask(client, "nobody@example.org")
    assert known.status_code == unknown.status_code == 200
    assert without_csrf(known.text) == without_csrf(unknown.text)
    assert known.headers.get("Content-Length") == unknown.headers.get("Content-Length")
    assert emails_to(session, "nobody@example.org") == []


def test_lost_your_link_emails_a_new_link_for_each_listing_and_retires_the_old(
        client, session):
    first = LINK.search(submit(client, email="two@example.org", name="Dr. One").text).group(0)
    second = LINK.search(submit(client, email="two@example.org", name="Dr. Two").text).group(0)
    ask(client, "TWO@example.org")
    mails = emails_to(session, "two@example.org")
    assert [m.purpose for m in mails] == ["submitted", "edit_link"]
    subject, body, _ = mails[-1]
    assert subject == "Your new edit links"
    links = LINK.findall(body)
    assert len(links) == 2 and not {first, second} & set(links)
    assert "Dr. One" not in body   # nothing the submitter chose goes to the address
    for old in (first, second):
        assert client.get(old).status_code == 404
    for new in links:
        assert client.get(new).status_code == 200


def test_lost_your_link_mails_an_address_at_most_once_a_day(client, session):
    submit(client, email="once@example.org")
    ask(client, "once@example.org")
    [link] = LINK.findall(emails_to(session, "once@example.org")[-1].body)
    again = ask(client, "once@example.org")
    assert again.status_code == 200
    assert [m.purpose for m in emails_to(session, "once@example.org")] == [
        "submitted", "edit_link"]
    assert client.get(link).status_code == 200   # not replaced by a link never sent


def test_lost_your_link_needs_an_email_address(client):
    response = ask(client, "not an address")
    assert response.status_code == 422
    assert "<title>Error: Lost your link?" in response.text
    assert 'value="not an address"' in response.text
    assert 'aria-invalid="true"' in response.text and 'href="#f-email"' in response.text


def test_lost_your_link_checks_csrf(client, session):
    response = client.post("/get-listed/lost-link", data={"email": "x@example.org"})
    assert response.status_code == 400
    assert "expired" in response.text and 'value="x@example.org"' in response.text


def test_lost_your_link_is_rate_limited(session):
    client = make_app(session, SUBMISSION_RATE_LIMIT="2 per minute").test_client()
    answers = [ask(client, f"r{n}@example.org").status_code for n in range(3)]
    assert answers == [200, 200, 429]
