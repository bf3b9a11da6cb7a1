"""The diversity app's workflows (registered when the app is ready)."""

from diversity.workflows.diversity_return import DIVERSITY_RETURN

__all__ = ["DIVERSITY_RETURN"]
