"""The document's component schemas and parameters, generated from the pydantic models.

Each request and response shape is declared once, as a model in ``finder.schemas``; this
module turns the models into OpenAPI 3.1 (whose schemas are JSON Schema 2020-12, the
dialect pydantic writes). A model's docstring is its description (its lines
joined: a docstring wraps where the description does not), a field's ``description`` its
own; pydantic's generated titles are left out (they repeat the names).
"""
from typing import Literal

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

REF = "#/components/schemas/{model}"
# Keywords whose value is one schema, a list of schemas, or a map of names to schemas.
ONE = ("items", "additionalProperties", "not", "contains", "propertyNames")
MANY = ("anyOf", "allOf", "oneOf", "prefixItems")
NAMED = ("properties", "$defs", "patternProperties")


def schemas(models: list[type[BaseModel]],
            mode: Literal["validation", "serialization"] = "serialization") -> dict:
    """Return the component schemas of ``models`` and of every model they refer to.

    ``mode``: ``validation`` for request bodies (what is accepted), ``serialization`` for
    answers (what is sent).
    """
    _, top = models_json_schema([(model, mode) for model in models], ref_template=REF)
    return {name: tidy(schema) for name, schema in top.get("$defs", {}).items()}


def ref(model: type[BaseModel]) -> dict:
    """Return a reference to ``model``'s component schema."""
    return {"$ref": REF.format(model=model.__name__)}


def query_parameters(model: type[BaseModel], examples: dict | None = None,
                     overrides: dict | None = None) -> list[dict]:
    """Return each field of ``model`` as an optional query parameter.

    A list field is a repeated parameter (``explode``); ``examples`` gives a parameter's
    example, ``overrides`` what its schema says beyond the model (a limit from a setting).
    """
    schema = model.model_json_schema(ref_template=REF, mode="validation")
    parameters = []
    for name, field in schema["properties"].items():
        field = tidy(field)
        # A query parameter is absent rather than null: its schema is the other branch.
        kinds = [branch for branch in field.get("anyOf", ()) if branch != {"type": "null"}]
        if len(kinds) == 1:
            field = {**{k: v for k, v in field.items() if k != "anyOf"}, **kinds[0]}
        description = field.pop("description", None)
        field.update((overrides or {}).get(name, {}))
        parameter = {"name": name, "in": "query", "required": False, "schema": field}
        if description:
            parameter["description"] = description
        if name in (examples or {}):
            parameter["example"] = examples[name]
        if field.get("type") == "array":
            parameter["explode"] = True
        parameters.append(parameter)
    return parameters


def tidy(schema):
    """Return ``schema`` without pydantic's titles or a ``null`` default, its descriptions
    on one line."""
    if isinstance(schema, list):
        return [tidy(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    tidied = {}
    for key, value in schema.items():
        if key == "title" or (key == "default" and value is None):
            continue
        if key == "description" and isinstance(value, str):
            value = " ".join(value.split())
        elif key in NAMED:
            value = {name: tidy(item) for name, item in value.items()}
        elif key in ONE or key in MANY:
            value = tidy(value)
        tidied[key] = value
    return tidied
