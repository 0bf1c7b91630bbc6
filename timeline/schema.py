"""The JSON Schema of an events file, so a curator's editor checks YAML while it is typed."""

from __future__ import annotations

from typing import Any

from pydantic import TypeAdapter

from timeline.model import Event, Taxonomy


def events_schema(taxonomy: Taxonomy | None = None) -> dict[str, Any]:
    """The JSON Schema of a list of events; with a taxonomy, its vocabularies become enums.

    events_schema(taxonomy)["$defs"]["Event"]["properties"]["alignment"]["enum"] == ["ukraine", ...]
    """
    schema = TypeAdapter(list[Event]).json_schema()
    schema["title"] = "Events file"
    schema["description"] = "A list of dated events and claims; see the README's data format."
    if taxonomy is not None:
        properties = schema["$defs"]["Event"]["properties"]
        for field, vocabulary in (
            ("alignment", taxonomy.alignments),
            ("kind", taxonomy.kinds),
            ("status", taxonomy.statuses),
        ):
            properties[field]["enum"] = list(vocabulary)
        properties["claimant_country"]["anyOf"] = [
            {"type": "string", "pattern": "^[A-Z]{2}$", "description": "ISO 3166-1 alpha-2"},
            {"enum": list(taxonomy.bodies)},
        ]
    return schema
