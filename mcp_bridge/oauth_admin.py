"""django-oauth-toolkit's admin, with each token's and app's user picked by username, not typed as an id.

Named in ``OAUTH2_PROVIDER`` (``*_ADMIN_CLASS``), which the toolkit's own
admin module reads when it registers its models: its classes are already
defined by then, so subclassing them here is safe.
"""

from oauth2_provider import admin as toolkit


class ApplicationAdmin(toolkit.ApplicationAdmin):
    raw_id_fields = ()
    autocomplete_fields = ("user",)


class AccessTokenAdmin(toolkit.AccessTokenAdmin):
    raw_id_fields = ("source_refresh_token",)
    autocomplete_fields = ("user",)


class RefreshTokenAdmin(toolkit.RefreshTokenAdmin):
    raw_id_fields = ("access_token",)
    autocomplete_fields = ("user",)


class GrantAdmin(toolkit.GrantAdmin):
    raw_id_fields = ()
    autocomplete_fields = ("user",)


class IDTokenAdmin(toolkit.IDTokenAdmin):
    raw_id_fields = ()
    autocomplete_fields = ("user",)
