"""finder: find a therapist or clinic near you for a specific treatment."""
import logging
from collections.abc import Mapping

from flask import Flask


def create_app(overrides: Mapping | None = None) -> Flask:
    """Build the app from environment settings, with ``overrides`` applied on top."""
    from finder import cli
    from finder import database
    from finder import errors
    from finder.config import check_config
    from finder.config import load_config
    from finder.jsonprovider import OrjsonProvider

    app = Flask(__name__)
    app.config.from_mapping(load_config())
    if overrides:
        app.config.from_mapping(overrides)
    check_config(app.config)
    app.json = OrjsonProvider(app)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
        from finder import redaction   # no location, token or password in what is logged
        redaction.install()

    database.init_app(app)
    from finder import i18n       # the visitor's language: ?lang=, then Accept-Language
    i18n.init_app(app)
    errors.register(app)
    cli.register(app)
    from finder import security   # CSP, framing, nosniff, referrers, Secure cookie: one place
    security.init_app(app)
    from finder import caching    # Cache-Control, ETag and 304 on public answers: one place
    caching.init_app(app)
    # CORS: other sites' pages calling the API (after_request runs newest first, so this
    # adds Vary: Origin before caching.py gathers Vary into one header)
    from finder import cors
    cors.init_app(app)

    from finder.health.views import bp as health_bp
    app.register_blueprint(health_bp)
    # -- listings and moderation: body cap before CSRF reads forms, then CSRF --
    from finder import csrf
    from finder.listings.views import bp as listings_bp
    from finder.blueprints import limit_body_size
    from finder.moderation.api import bp as moderation_bp   # views' blueprint, API routes added
    if app.config["PROXY_COUNT"]:   # behind a load balancer: see the client's address
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["PROXY_COUNT"],
                                x_proto=app.config["PROXY_COUNT"])
    app.before_request(limit_body_size)
    csrf.init_app(app)
    app.register_blueprint(listings_bp)
    app.register_blueprint(moderation_bp)
    from finder.reports.views import bp as reports_bp
    app.register_blueprint(reports_bp)
    # -- end listings and moderation --
    from finder.pages.views import bp as pages_bp
    app.register_blueprint(pages_bp)
    from finder.widget.views import bp as widget_bp
    app.register_blueprint(widget_bp)
    from finder.search.views import bp as search_bp
    app.register_blueprint(search_bp)
    from finder.openapi.views import bp as openapi_bp
    app.register_blueprint(openapi_bp)
    from finder.hsds.views import bp as hsds_bp
    app.register_blueprint(hsds_bp)
    from finder import ratelimit  # the limits the views declare, once every view is known
    ratelimit.init_app(app)
    return app
