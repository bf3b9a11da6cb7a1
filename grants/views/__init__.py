"""The funding round's pages, one module per stage."""
