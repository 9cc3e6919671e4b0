"""Listing tests: an app whose submission limit stays out of the way unless a test sets one."""
import pytest

from tests.helpers import make_app


@pytest.fixture
def app(session):
    return make_app(session)
