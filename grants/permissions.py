"""The grants app's permissions. Empty until the capability that fills it is built."""
