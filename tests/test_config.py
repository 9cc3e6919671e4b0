"""Settings come from the environment, with defaults, and refuse unsafe production values."""
import pytest

from finder import create_app
from finder.config import ConfigError
from finder.config import load_config


def test_defaults_work_without_any_variable():
    config = load_config({})
    assert config["DATABASE_URL"].startswith("postgresql+psycopg://")
    assert config["DEMO_PROVIDERS"] == 20000
    assert config["PORT"] == 5000


def test_plain_postgres_urls_use_psycopg():
    config = load_config({"DATABASE_URL": "postgres://u:p@db/x"})
    assert config["DATABASE_URL"] == "postgresql+psycopg://u:p@db/x"


def test_countries_are_a_comma_list():
    assert load_config({"POSTCODE_COUNTRIES": "us, gb"})["POSTCODE_COUNTRIES"] == ["US", "GB"]


def test_bad_numbers_are_reported_by_name():
    with pytest.raises(ConfigError, match="DEMO_PROVIDERS"):
        load_config({"DEMO_PROVIDERS": "many"})


def test_production_refuses_the_development_secret(monkeypatch):
    monkeypatch.setenv("FINDER_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "s3cret-for-production")
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://finder.example")
    assert create_app().config["SHOW_DEMO_PROVIDERS"] is False
