"""The JSON Schema of an events file, so a curator's editor checks YAML while it is typed."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from timeline.data import fields
from timeline.data.dates import PRECISIONS
from timeline.data.model import Event, Taxonomy


def events_schema(taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The JSON Schema of a list of events; with a taxonomy, its vocabularies become enums.

    events_schema(taxonomy)["$defs"]["Event"]["properties"]["alignment"]["enum"] == ["ukraine", ...]
    """
    schema = TypeAdapter(list[Event]).json_schema()
    schema["title"] = "Events file"
    schema["description"] = "A list of dated events and claims; see docs/data-format.md."
    if taxonomy is not None:
        properties = schema["$defs"]["Event"]["properties"]
        for column in fields.checked_columns("event"):
            vocabulary = fields.TAXONOMY_CHECKED[column]
            if vocabulary == "countries":
                properties[column]["anyOf"] = [
                    {
                        "type": "string",
                        "pattern": "^[A-Z]{2}$",
                        "description": "ISO 3166-1 alpha-2",
                    },
                    {"enum": list(taxonomy.bodies)},
                ]
            else:
                properties[column]["enum"] = list(getattr(taxonomy, vocabulary))
    properties = schema["$defs"]["Event"]["properties"]
    properties["precision"]["anyOf"][0]["enum"] = list(PRECISIONS)
    properties["troops_kind"]["anyOf"][0]["enum"] = list(fields.TROOPS_KINDS)
    return schema
