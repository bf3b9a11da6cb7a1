"""Accounts and roles: who uses the portal, and what each role may do."""
