"""Writes for the funding round, one module per stage. Each change is atomic and audited."""
