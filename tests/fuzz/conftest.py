"""Fuzzing: each test runs on the rolled-back test session, with seeded rows to aim at."""
import pytest

from tests.fuzz import stats
from tests.fuzz.target import TARGET


def pytest_terminal_summary(terminalreporter):
    """Print how many cases each operation got and which statuses came back."""
    lines = stats.summary()
    if lines:
        terminalreporter.section("schemathesis fuzzing")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def target(session):
    """Point the fuzzed app at this test's session; forget it afterwards."""
    yield TARGET
    TARGET.session = None
