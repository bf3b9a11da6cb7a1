"""The diversity app's services. Empty until the capability that fills it is built."""
