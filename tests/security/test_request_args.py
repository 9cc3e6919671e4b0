"""The request's query values: werkzeug's rules, read without building an exception for
each absent key (finder.security.Args)."""
from finder.security import Args


def test_get_keeps_werkzeugs_rules():
    args = Args([("radius_km", "25"), ("modality", "ketamine"), ("modality", "psilocybin"),
                 ("limit", "many")])
    assert args.get("radius_km") == "25"
    assert args.get("modality") == "ketamine"           # the first of repeated values
    assert args.getlist("modality") == ["ketamine", "psilocybin"]
    assert args.get("near") is None
    assert args.get("near", "") == ""
    assert args.get("radius_km", type=int) == 25
    assert args.get("limit", 10, type=int) == 10        # a value that does not convert
    assert args.get("lat", 0.0, type=float) == 0.0


def test_a_search_request_reads_its_arguments_with_it(app):
    with app.test_request_context("/api/v1/search?lat=1&lon=2"):
        from flask import request
        assert isinstance(request.args, Args)
        assert request.args.get("lang") is None
        assert request.args.get("lat") == "1"
