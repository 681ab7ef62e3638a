from django.contrib.admin.apps import AdminConfig as DjangoAdminConfig


class AdminConfig(DjangoAdminConfig):
    """``django.contrib.admin`` with this project's site: its sign-in shares the sign-in limit."""

    default_site = "todo_project.sign_in.AdminSite"
