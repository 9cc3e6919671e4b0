"""flask moderator create|token|deactivate, as an operator runs them."""
import hashlib

from sqlalchemy import text

from tests.moderation.conftest import PASSWORD


def account(session, name):
    return session.execute(text(
        "SELECT password_hash, api_token_hash, active FROM moderators WHERE name = :n"),
        {"n": name}).one()


def test_create_reads_the_password_from_stdin_and_stores_an_argon2_hash(moderator, session):
    moderator.create("alice")
    row = account(session, "alice")
    assert row.password_hash.startswith("$argon2id$")
    assert PASSWORD not in row.password_hash
    assert row.active is True and row.api_token_hash is None


def test_create_refuses_a_taken_name_a_bad_name_and_a_short_password(moderator, runner):
    moderator.create("alice")
    for name, password, says in (("alice", PASSWORD, "already exists"),
                                 ("bad name!", PASSWORD, "a name is"),
                                 ("bob", "short", "at least 12")):
        result = runner.invoke(args=["moderator", "create", name, "--password-stdin"],
                               input=password + "\n")
        assert result.exit_code != 0
        assert says in result.output


def test_create_without_stdin_prompts_twice(runner, session):
    result = runner.invoke(args=["moderator", "create", "carol"],
                           input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert account(session, "carol").active


def test_token_prints_a_new_token_on_its_last_line_and_stores_its_hash(moderator, session):
    moderator.create("alice")
    first = moderator.token("alice")
    second = moderator.token("alice")
    assert first != second and len(second) >= 40
    assert account(session, "alice").api_token_hash == hashlib.sha256(second.encode()).hexdigest()


def test_only_the_newest_token_works(moderator, client):
    moderator.create("alice")
    old = moderator.token("alice")
    new = moderator.token("alice")
    assert client.get("/api/v1/moderation/queue", headers=moderator.api(old)).status_code == 401
    assert client.get("/api/v1/moderation/queue", headers=moderator.api(new)).status_code == 200


def test_token_for_an_unknown_moderator_fails(runner):
    result = runner.invoke(args=["moderator", "token", "nobody"])
    assert result.exit_code != 0 and "no moderator named 'nobody'" in result.output


def test_deactivate_ends_access(moderator, client, runner):
    moderator.create("alice")
    token = moderator.token("alice")
    moderator.sign_in("alice")
    assert runner.invoke(args=["moderator", "deactivate", "alice"]).exit_code == 0
    assert client.get("/api/v1/moderation/queue", headers=moderator.api(token)).status_code == 401
    assert client.get("/moderation/").status_code == 302
    assert moderator.sign_in("alice").status_code == 401


def test_commands_have_help(runner):
    for args in (["moderator", "create"], ["moderator", "token"], ["moderator", "deactivate"],
                 ["outbox", "send"]):
        result = runner.invoke(args=[*args, "--help"])
        assert result.exit_code == 0 and "Usage" in result.output
