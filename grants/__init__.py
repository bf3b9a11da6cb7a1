"""Funding rounds, borough outlines, applications, reviews, committee decisions and awards."""
