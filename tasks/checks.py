"""System checks: what the tasks app needs from its surroundings."""

from django.core.checks import Error, register
from django.db import connections


@register("database")
def database_is_postgresql(app_configs, databases=None, **kwargs) -> list[Error]:
    """PostgreSQL is the only database: the task and chat writes are PostgreSQL statements."""
    connection = connections["default"]
    if connection.vendor == "postgresql":
        return []
    return [
        Error(
            f"The database is {connection.display_name}; this project runs on PostgreSQL only.",
            hint="Unset DATABASE_URL to use the bundled PostgreSQL, or point it at a PostgreSQL server.",
            id="tasks.E001",
        )
    ]
