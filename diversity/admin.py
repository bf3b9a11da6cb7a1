"""The diversity app's admin. Empty until the capability that fills it is built."""
