"""Who may do what with accounts. The admin site checks the role itself (cpeg_portal/admin.py)."""
