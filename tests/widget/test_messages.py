"""GET /widget/messages/<lang>.json: the widget's messages in a language."""
import re

import pytest
from flask_babel import force_locale
from flask_babel import gettext

from finder import i18n
from finder.widget import views
from finder.widget.views import SCRIPT

PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def marked_in_script() -> tuple[set, set]:
    """Return the messages the script marks, read with plain patterns rather than Babel:
    (messages, singulars of the plural ones)."""
    source = SCRIPT.read_text(encoding="utf-8")
    singular = set(re.findall(r"(?<![\w$])(?:_|N_)\('((?:[^'\\]|\\.)*)'", source))
    plurals = re.findall(r"(?<![\w$])ngettext\('((?:[^'\\]|\\.)*)',\s*'((?:[^'\\]|\\.)*)'", source)
    return singular | {one for one, _other in plurals}, {one for one, _other in plurals}


def test_the_messages_are_the_ones_the_script_uses(client):
    body = client.get("/widget/messages/en.json").json
    messages, plurals = marked_in_script()
    assert set(body) == messages
    assert "Load more results" in body
    assert {key for key, value in body.items() if isinstance(value, list)} == plurals


def test_english_is_the_messages_as_written(client):
    body = client.get("/widget/messages/en.json").json
    for key, value in body.items():
        if isinstance(value, list):
            assert len(value) == 2 and value[0] == key, key
        else:
            assert value == key
    assert body["%(num)s provider found near %(place)s."] == [
        "%(num)s provider found near %(place)s.", "%(num)s providers found near %(place)s."]


def test_spanish_answers_every_message_keeping_its_placeholders(client):
    english = client.get("/widget/messages/en.json").json
    body = client.get("/widget/messages/es.json").json
    assert set(body) == set(english)
    for key, value in body.items():
        # The widget fills in what the English names; a translation names the same (a
        # plural form may leave out the count: "uno más").
        if isinstance(value, list):
            named = set(PLACEHOLDER.findall(" ".join(english[key])))
            assert len(value) == 2 and all(set(PLACEHOLDER.findall(v)) <= named and v
                                           for v in value), (key, value)
        else:
            assert value and set(PLACEHOLDER.findall(value)) == set(PLACEHOLDER.findall(key)), \
                (key, value)


def test_the_answer_is_the_catalogs_translation(app, monkeypatch):
    class Spanish:
        def gettext(self, message):
            return f"es: {message}"

        def ngettext(self, singular, plural, n):
            return f"es {n}: {singular if n == 1 else plural}"

    monkeypatch.setattr(i18n, "get_translations", Spanish)
    body = app.test_client().get("/widget/messages/es.json").json
    assert body["Load more results"] == "es: Load more results"
    assert body["%(num)s telehealth option shown."] == [
        "es 1: %(num)s telehealth option shown.", "es 2: %(num)s telehealth options shown."]


def test_placeholders_are_left_for_the_widget(client):
    # flask_babel.gettext would fill in %(name)s from keyword arguments; the catalog's own
    # gettext leaves them, as the widget needs.
    body = client.get("/widget/messages/es.json").json
    assert "%(distance)s" in body["Within %(distance)s"]


@pytest.mark.parametrize("lang", ["fr", "EN", "es-MX", "x" * 60])
def test_an_unsupported_language_is_a_json_404(client, lang):
    response = client.get(f"/widget/messages/{lang}.json")
    assert response.status_code == 404
    assert response.mimetype == "application/json"
    error = response.json["error"]
    assert error["code"] == "not_found"
    assert error["field"] == "lang"
    assert all(code in error["message"] for code in i18n.LOCALES)
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Cache-Control" not in response.headers or \
        "public" not in response.headers["Cache-Control"]


@pytest.mark.parametrize("lang", i18n.LOCALES)
def test_the_messages_are_public_and_cacheable_like_the_script(client, app, lang):
    path = f"/widget/messages/{lang}.json"
    response = client.get(path, headers={"Origin": "https://publisher.example",
                                         "Accept-Language": "de"})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert response.headers["Cache-Control"] == app.extensions["finder.cache_control"]
    etag = response.headers["ETag"]
    assert re.fullmatch(r'"[^"]+"', etag)
    assert "Set-Cookie" not in response.headers
    # The language is in the path: nothing in the request changes the answer.
    assert "Vary" not in response.headers
    again = client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.headers["ETag"] == etag


def test_the_script_is_read_once_per_process(client):

    i18n.script_messages.cache_clear()
    client.get("/widget/messages/en.json")
    client.get("/widget/messages/es.json")
    assert i18n.script_messages.cache_info().misses == 1


def test_the_spanish_catalog_translates_the_widget_once_it_has_spanish(app):
    with app.test_request_context(), force_locale("es"):
        spanish = gettext("Load more results")
    if spanish == "Load more results":
        pytest.skip("the Spanish catalog has no widget messages yet")
    body = app.test_client().get("/widget/messages/es.json").json
    assert body["Load more results"] == spanish
