"""The grants app's workflows (registered when the app is ready)."""

from grants.workflows import application  # noqa: F401
