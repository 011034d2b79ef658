from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = _("Assessments")

    def ready(self):
        from . import sessions  # noqa: F401  (connects the receiver that starts a session's lifetime)
        from .banks import structure  # noqa: F401  (connects the receivers that drop a changed bank's structure)
