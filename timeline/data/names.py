"""How the dashboard names a value: one label for a value of a column, from the vocabulary the
registry gives the column (the taxonomy's terms, countries, sources, what troops count)."""

from __future__ import annotations

from typing import Any

import pandas as pd

from timeline.data import fields
from timeline.data.model import Taxonomy


def label(column: str, value: Any, taxonomy: Taxonomy | None) -> str:
    """How the dashboard names one value of a column; a value no vocabulary knows, by itself.

    label("claimant_country", "UA", taxonomy) == "Ukraine (UA)"; label("alignment", "russia", ...) == "Russia"
    """
    field = fields.BY_COLUMN.get(column)
    vocabulary = field.vocabulary if field else None
    if vocabulary == "troops_kinds":
        kind = fields.TROOPS_KINDS.get(value)
        return kind.label if kind else str(value)
    if taxonomy is None:
        return str(value)
    if vocabulary == "countries":
        name = taxonomy.country_name(value)
        return f"{name} ({value})" if name and name != value else str(value)
    if vocabulary in ("alignments", "kinds", "statuses"):
        terms = getattr(taxonomy, vocabulary)
        return terms[value].label if value in terms else str(value)
    return str(value)


def labels(df: pd.DataFrame, column: str, taxonomy: Taxonomy | None) -> dict[str, str]:
    """Value -> label for every value of `column` in `df`, in the order lanes and legends show them.

    Values of a taxonomy vocabulary keep its order (values it lacks follow, sorted); countries sort
    by name; sources are named by their outlet, with the seed id where two seeds share an outlet.
    """
    present = set(df[column].dropna().unique())
    vocabulary = fields.BY_COLUMN[column].vocabulary
    if vocabulary == "sources":
        outlets = df.drop_duplicates(column).set_index(column)["outlet"]
        shared = outlets.duplicated(keep=False)
        return {
            value: f"{outlets[value]} ({value})" if shared[value] else str(outlets[value])
            for value in sorted(present)
        }
    if vocabulary in ("alignments", "kinds", "statuses") and taxonomy is not None:
        terms = getattr(taxonomy, vocabulary)
        known = [key for key in terms if key in present]
        return {key: terms[key].label for key in known} | {
            key: str(key) for key in sorted(present - set(terms))
        }
    named = {value: label(column, value, taxonomy) for value in present}
    return dict(sorted(named.items(), key=lambda item: item[1]))
