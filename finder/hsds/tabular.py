"""Write approved public providers in HSDS 3.0's tabular form: one CSV file per table and
a ``datapackage.json`` describing them (Frictionless Data's tabular data package), as the
specification describes it.
"""
import csv
import json
from pathlib import Path

from finder.hsds import mapping
from finder.hsds import queries

# Table -> its file, in the order the specification lists them.
FILES = {"organization": "organizations.csv", "service": "services.csv",
         "location": "locations.csv", "address": "addresses.csv",
         "service_at_location": "service_at_location.csv", "phone": "phones.csv",
         "language": "languages.csv", "cost_option": "cost_options.csv",
         "attribute": "attributes.csv", "taxonomy": "taxonomies.csv",
         "taxonomy_term": "taxonomy_terms.csv"}
NESTED = {"service": ("organization", "phones", "languages", "cost_options", "attributes"),
          "location": ("addresses",), "service_at_location": ("service", "location")}


def flat(record: dict) -> dict:
    """Return a record's own fields: nested records and lists are tables of their own."""
    return {k: v for k, v in record.items() if not isinstance(v, (dict, list))}


def tables(records) -> dict[str, list[dict]]:
    """Split ``service_at_location`` records into the specification's tables."""
    out = {name: [] for name in FILES}
    terms = {}
    for sal in records:
        service, location = sal["service"], sal["location"]
        out["service_at_location"].append(flat(sal))
        out["service"].append(flat(service))
        out["organization"].append(flat(service["organization"]))
        out["location"].append(flat(location))
        out["address"] += [flat(a) for a in location.get("addresses", [])]
        out["phone"] += [flat(p) for p in service.get("phones", [])]
        out["phone"] += [flat(p) for p in service["organization"].get("phones", [])]
        out["language"] += [flat(x) for x in service.get("languages", [])]
        out["cost_option"] += [flat(x) for x in service.get("cost_options", [])]
        for attribute in service.get("attributes", []):
            out["attribute"].append(flat(attribute))
            if "taxonomy_term" in attribute:
                terms[attribute["taxonomy_term"]["id"]] = flat(attribute["taxonomy_term"])
    out["taxonomy_term"] = list(terms.values())
    out["taxonomy"] = [flat(mapping.compact(mapping.taxonomy(s))) for s in mapping.TAXONOMIES]
    return out


def field_type(values) -> str:
    """Return the Table Schema type of a column's values."""
    kinds = {type(v) for v in values if v is not None}
    if kinds == {bool}:
        return "boolean"
    if kinds and kinds <= {int}:
        return "integer"
    if kinds and kinds <= {int, float}:
        return "number"
    return "string"


def write(db, hidden: tuple, folder, confirmed_since=None) -> dict[str, int]:
    """Write every table and ``datapackage.json`` into ``folder``; return rows per table
    (``confirmed_since``: listings last confirmed before it are stale and left out)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    labels, tags = queries.context(db)
    q = queries.Query(hidden=hidden, confirmed_since=confirmed_since, per_page=None)
    records = (queries.build("service_at_location", row, labels, tags)
               for row in queries.rows(db, q))
    split = tables(records)
    resources = []
    for name, path in FILES.items():
        rows = split[name]
        columns = list(dict.fromkeys(k for row in rows for k in row)) or ["id"]
        with open(folder / path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, columns)
            writer.writeheader()
            for row in rows:
                writer.writerow({k: str(v).lower() if isinstance(v, bool) else v
                                 for k, v in row.items()})
        fields = [{"name": c, "type": field_type(r.get(c) for r in rows)} for c in columns]
        resources.append({"name": name, "path": path, "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": {"fields": fields, "primaryKey": "id"}})
    package = {"name": "finder-hsds", "title": "finder: approved providers in HSDS 3.0",
               "profile": "tabular-data-package", "resources": resources,
               "licenses": [{"name": "CC-BY-SA-4.0",
                             "path": "https://creativecommons.org/licenses/by-sa/4.0/",
                             "title": "HSDS 3.0 by Open Referral"}],
               "sources": [{"title": "Source: SAMHSA National Directories, 2022"},
                           {"title": "Postcode data © GeoNames, CC BY 4.0",
                            "path": "https://www.geonames.org/"}]}
    (folder / "datapackage.json").write_text(json.dumps(package, indent=1, ensure_ascii=False))
    return {name: len(rows) for name, rows in split.items()}
