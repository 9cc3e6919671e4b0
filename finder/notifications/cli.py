"""``flask outbox send``: deliver the notifications waiting in the outbox."""
import click
from flask import current_app
from flask.cli import AppGroup

from finder.database import get_session
from finder.notifications import sending

outbox_cli = AppGroup("outbox", help="Notifications waiting to be sent.")


@outbox_cli.command("send")
@click.option("--include-today", is_flag=True,
              help="Also send today's digest lines (normally held until the UTC day is over).")
@click.pass_context
def send(ctx, include_today):
    """Deliver waiting emails and the moderators' daily digest.

    Sends over SMTP when SMTP_URL is set, otherwise writes them to the log. A message
    that fails stays in the outbox and is tried again next time; the exit status is 1
    when any failed. Run it from cron, e.g. every five minutes.
    """
    cfg = current_app.config
    transport = sending.transport_for(cfg["SMTP_URL"])
    session = get_session()
    report, after = sending.SendReport(), 0
    while (message := sending.claim_email(session, after)) is not None:
        after = message.id
        report.count(sending.deliver_email(message, transport, cfg["MAIL_FROM"]))
        session.commit()
    for day in sending.digest_days(session, include_today):
        report.count(sending.deliver_digest(session, day, transport, cfg["MAIL_FROM"],
                                            cfg["MODERATION_DIGEST_TO"]))
        session.commit()
    how = "over SMTP" if cfg["SMTP_URL"] else "to the log (SMTP_URL is not set)"
    click.echo(f"sent {report.sent} messages {how}, {report.failed} failed (kept for retry)")
    if report.failed:
        ctx.exit(1)
