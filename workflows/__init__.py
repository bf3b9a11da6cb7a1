"""The workflow engine: every lifecycle in the portal is a table of states and transitions
(``engine.Workflow``), and ``Workflow.move`` is the one way a status changes."""
