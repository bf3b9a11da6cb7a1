"""The diversity app's tasks. Empty until the capability that fills it is built."""
