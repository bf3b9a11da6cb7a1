"""A funding round's data for use outside the portal.

- ``tables``: applications and awards as rows, read in a fixed number of queries;
- ``cpeg_portal.writers`` (shared with diversity): those rows as CSV or as an Excel
  workbook, safe to open in a spreadsheet;
- ``giving360``: awards as 360Giving data, validated against the official schema in
  ``schemas/`` before anyone gets it.

Officers download them from the round's exports page; the funding manager also publishes the
360Giving file, or writes it with ``manage.py export_360giving``.
"""
