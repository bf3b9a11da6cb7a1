"""The diversity app's views. Empty until the capability that fills it is built."""
