"""Reads for the funding round: exactly what each page needs, one module per stage."""
