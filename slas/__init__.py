"""Quarterly SLA returns against each award's milestones, reviewed and rated Red/Amber/Green."""
