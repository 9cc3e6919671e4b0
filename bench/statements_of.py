"""Write the search statements a checkout builds, for ``make bench-compare``'s SQL floors.

Run with the checkout to read as the working directory (``python <this file> <out.pickle>``,
the searches' arguments as JSON on standard input): it imports that checkout's ``finder``,
so an earlier commit's statements are its own. Written to work with the search code since
before the access rules (472a060), which had no ``service.plan``.
"""
import json
import os
import pickle
import sys

sys.path.insert(0, os.getcwd())   # the checkout's finder, not this file's

from werkzeug.datastructures import MultiDict   # noqa: E402

from finder import create_app   # noqa: E402
from finder.search import service   # noqa: E402


def statement(session, app, args: dict):
    """Return the checkout's statement for request ``args``."""
    if hasattr(service, "plan"):
        return service.plan(session, MultiDict(args), app.config).statement
    from finder.geo.geocode import origin_for
    from finder.search import params
    from finder.search import queries
    from finder.search import vocabulary
    checked = params.parse(MultiDict(args), vocabulary.get(session), app.config)
    origin = origin_for(checked.country, checked.near, checked.lat, checked.lon)
    return queries.search_statement(checked, origin)


def main() -> None:
    searches = json.load(sys.stdin)
    app = create_app({"DATABASE_URL": os.environ["DATABASE_URL"]})
    out = []
    with app.test_request_context():
        session = app.config["SESSION_FACTORY"]()
        for args in searches:
            found = statement(session, app, args)
            out.append((found.sql, found.params))
        session.close()
    with open(sys.argv[1], "wb") as kept:   # pickled: the values keep their types
        pickle.dump(out, kept)


if __name__ == "__main__":
    main()
