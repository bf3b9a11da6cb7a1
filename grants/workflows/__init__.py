"""The grants app's workflows (registered when the app is ready): one module per stateful
model, each its states and transitions as data behind ``workflows.engine``."""

from grants.workflows.application import APPLICATION
from grants.workflows.instalment import INSTALMENT
from grants.workflows.outline import OUTLINE
from grants.workflows.round import ROUND

__all__ = ["APPLICATION", "INSTALMENT", "OUTLINE", "ROUND"]
