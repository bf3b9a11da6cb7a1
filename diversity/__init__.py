"""Diversity returns, London-wide aggregates and disclosure control."""
