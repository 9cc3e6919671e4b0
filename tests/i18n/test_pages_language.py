"""Pages choose their language from ``?lang=``, then ``Accept-Language``, and keep it."""
import re


def page(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_the_language_comes_from_the_url_then_the_browser_then_english(client):
    assert '<html lang="es">' in page(client, "/?lang=es")
    assert '<html lang="es' in page(client, "/", **{"Accept-Language": "es-MX,es;q=0.8"})
    assert '<html lang="en' in page(client, "/?lang=en", **{"Accept-Language": "es"})
    assert '<html lang="en' in page(client, "/", **{"Accept-Language": "fr, de"})
    assert '<html lang="en' in page(client, "/?lang=xx")   # not one finder speaks: ignored


def test_alternates_are_absolute_and_the_switch_names_each_language_in_itself(client):
    html = page(client, "/?lang=es&near=80203")
    assert re.search(r'<link rel="alternate" hreflang="en" href="http://[^"]+/\?[^"]*lang=en',
                     html)
    assert re.search(r'<link rel="alternate" hreflang="es" href="http://[^"]+/\?[^"]*lang=es',
                     html)
    assert 'lang="en">English</a>' in html and 'aria-current="true">Español</a>' in html


def test_every_link_and_the_search_form_keep_the_language(client):
    html = page(client, "/?lang=es&near=80203&modality=ketamine")
    assert 'href="/get-listed?lang=es"' in html
    assert '<input type="hidden" name="lang" value="es">' in html
    for href in re.findall(r'href="(/providers/[^"]+)"', html):
        assert "lang=es" in href, href


def test_a_spanish_page_formats_dates_and_numbers_for_spanish(client):
    html = page(client, "/?lang=es&near=83702&country=US&modality=psilocybin")
    assert re.search(r"\d{1,2} de [a-z]+ de \d{4}", html)
    assert "Estados Unidos" in html
