from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """Django's admin, whose ``admin.site`` asks staff for a second factor (``CXM_ADMIN_2FA``)."""

    default_site = "assessments.admin_site.SecondFactorAdminSite"
