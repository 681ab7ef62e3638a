"""The browsable API's "Log in" and "Log out" links: the web app's throttled sign-in page, under the
names DRF looks for (the ``rest_framework`` namespace), mounted at /api/auth/session/."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .views.accounts import SignInView

app_name = "rest_framework"
urlpatterns = [
    path("login/", SignInView.as_view(template_name="rest_framework/login.html"), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
