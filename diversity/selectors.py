"""The diversity app's selectors. Empty until the capability that fills it is built."""
