from django.apps import AppConfig


class DiversityConfig(AppConfig):
    name = "diversity"
    verbose_name = "Diversity returns"

    def ready(self) -> None:
        from diversity import workflows  # noqa: F401  - registers the diversity return's workflow
