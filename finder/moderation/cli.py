"""``flask moderator create|token|revoke|deactivate``: moderator accounts from the command line."""
import sys

import click
from flask.cli import AppGroup

from finder.database import get_session
from finder.moderation import auth

moderator_cli = AppGroup("moderator", help="Moderator accounts.")


@moderator_cli.command("create")
@click.argument("name")
@click.option("--password-stdin", is_flag=True,
              help="Read the password from standard input instead of asking for it.")
def create(name, password_stdin):
    """Create the moderator NAME (the password is stored as an Argon2id hash)."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    session = get_session()
    try:
        auth.create_moderator(session, name, password)
    except auth.AccountError as err:
        raise click.ClickException(str(err)) from None
    session.commit()
    click.echo(f"created moderator {name}")


@moderator_cli.command("token")
@click.argument("name")
def token(name):
    """Print a new API token for NAME on the last line; the previous one stops working."""
    session = get_session()
    try:
        secret = auth.issue_api_token(session, name)
    except auth.AccountError as err:
        raise click.ClickException(str(err)) from None
    session.commit()
    click.echo(f"API token for {name} (shown once; send it as 'Authorization: Bearer <token>'):")
    click.echo(secret)


@moderator_cli.command("revoke")
@click.argument("name")
@click.option("--sessions", is_flag=True,
              help="Also sign NAME out of every browser (the account stays active).")
def revoke(name, sessions):
    """Revoke NAME's API token: requests with it are refused (401) from now on."""
    session = get_session()
    try:
        had_token = auth.revoke_api_token(session, name)
        ended = auth.end_all_sessions(session, name) if sessions else None
    except auth.AccountError as err:
        raise click.ClickException(str(err)) from None
    session.commit()
    if had_token:
        click.echo(f"revoked the API token of {name}; requests with it now get 401 "
                   f"('flask moderator token {name}' issues a new one)")
    else:
        click.echo(f"{name} had no API token; nothing to revoke")
    if ended is not None:
        click.echo(f"ended {ended} sign-in session{'' if ended == 1 else 's'} of {name}")


@moderator_cli.command("deactivate")
@click.argument("name")
def deactivate(name):
    """Stop NAME from signing in or using the API, and end their sessions."""
    session = get_session()
    try:
        auth.deactivate(session, name)
    except auth.AccountError as err:
        raise click.ClickException(str(err)) from None
    session.commit()
    click.echo(f"deactivated moderator {name}")
