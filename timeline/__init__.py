"""A timeline of dated claims about a contested story, read from YAML and checked against its sources."""

from timeline.data.load import Dataset, InvalidData, Problem, load_dataset, load_events

__all__ = ["Dataset", "InvalidData", "Problem", "load_dataset", "load_events"]
