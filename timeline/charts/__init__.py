"""The charts: one module per figure, each built from the data layer's frame and present's rules."""
