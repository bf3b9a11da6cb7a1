"""The funding round's forms, one module per stage."""
