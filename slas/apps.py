from django.apps import AppConfig


class SlasConfig(AppConfig):
    name = "slas"
    verbose_name = "Quarterly SLA returns"

    def ready(self) -> None:
        from slas import workflows  # noqa: F401  - registers the quarterly return's workflow
