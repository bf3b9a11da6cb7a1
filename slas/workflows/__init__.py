"""The slas app's workflows (registered when the app is ready)."""

from slas.workflows.quarterly_return import QUARTERLY_RETURN

__all__ = ["QUARTERLY_RETURN"]
