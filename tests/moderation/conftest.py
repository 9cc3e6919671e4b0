"""Moderation tests: moderators made with the CLI and signed in through the pages."""
import re

import pytest

from tests.factories import listing_payload
from tests.helpers import csrf_token
from tests.helpers import make_app

PASSWORD = "correct horse battery staple"


@pytest.fixture
def app(session):
    return make_app(session)


class ModeratorActions:
    """What a moderator does, through the CLI and HTTP (like flaskr's AuthActions)."""

    def __init__(self, client, runner):
        self.client = client
        self.runner = runner

    def create(self, name="alice", password=PASSWORD):
        result = self.runner.invoke(args=["moderator", "create", name, "--password-stdin"],
                                    input=password + "\n")
        assert result.exit_code == 0, result.output
        return name

    def token(self, name="alice") -> str:
        result = self.runner.invoke(args=["moderator", "token", name])
        assert result.exit_code == 0, result.output
        return result.output.strip().splitlines()[-1]

    def sign_in(self, name="alice", password=PASSWORD, next_url=None):
        page = self.client.get("/moderation/sign-in")
        data = {"csrf_token": csrf_token(page.text), "name": name, "password": password}
        if next_url:
            data["next"] = next_url
        return self.client.post("/moderation/sign-in", data=data)

    def decide(self, provider_id, action, **fields):
        page = self.client.get(f"/moderation/listings/{provider_id}")
        assert page.status_code == 200, page.text
        revision = re.search(r'name="revision" value="(\d*)"', page.text).group(1)
        data = {"csrf_token": csrf_token(page.text), "revision": revision, **fields}
        return self.client.post(f"/moderation/listings/{provider_id}/{action}", data=data)

    def api(self, token):
        return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def moderator(client, runner):
    return ModeratorActions(client, runner)


@pytest.fixture
def submit(client):
    """Submit a listing through the API and return its JSON answer."""
    def submit(**overrides):
        response = client.post("/api/v1/listings", json=listing_payload(**overrides))
        assert response.status_code == 201, response.text
        return response.json
    return submit
