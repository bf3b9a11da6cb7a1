"""Diversity pages: the group's return (returns.py) and the London-wide views (london.py)."""
