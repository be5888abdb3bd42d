"""Analyses built on the model: neighbourhood summaries (scenario analyses follow)."""
