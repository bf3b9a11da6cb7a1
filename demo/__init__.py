"""The deterministic demo: people for all 32 boroughs (and, as capabilities land, their work)."""
