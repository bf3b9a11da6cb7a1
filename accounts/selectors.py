"""Reads about users. Empty until a page needs one."""
