"""``flask listings remind``: ask providers to confirm listings not confirmed for a while."""
import click
from flask import current_app
from flask import url_for
from flask.cli import AppGroup

from finder.database import get_session
from finder.listings import freshness

listings_cli = AppGroup("listings", help="Keep approved listings fresh.")
ENDPOINTS = {"confirm": "listings.confirm_form", "edit": "listings.edit_form"}


@listings_cli.command("remind")
def remind():
    """Write a reminder with a one-use confirm link to every listing's provider not
    confirmed for REMIND_AFTER_DAYS (180) days, at most one per REMIND_REPEAT_DAYS (30).

    The messages wait in the outbox for `flask outbox send`. Run it daily.
    """
    cfg = current_app.config
    base = cfg["PUBLIC_BASE_URL"] or f"http://127.0.0.1:{cfg['PORT']}"
    session = get_session()
    with current_app.test_request_context(base_url=base):
        def link(kind, token):
            return url_for(ENDPOINTS[kind], token=token, _external=True)
        count = sum(1 for row in freshness.due(session, cfg)
                    if freshness.remind(session, row, cfg, link))
    session.commit()
    click.echo(f"wrote {count} reminder{'s' if count != 1 else ''} to the outbox")
