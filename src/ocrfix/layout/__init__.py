"""Layout stages: they work on the page model, not on strings."""
