"""The diversity app's models. Empty until the capability that fills it is built."""
