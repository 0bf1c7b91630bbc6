"""The data layer: the schema, the date grammar, loading and checking the record, filters and
counts. It never imports Plotly, kaleido or python-pptx (a test keeps it so)."""
