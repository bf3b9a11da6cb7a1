"""The grants app's forms. Empty until the capability that fills it is built."""
