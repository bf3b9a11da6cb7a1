"""The slas app's pages, one module per part (returns, review, instalments, dashboards)."""
