from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models


def validate_time_zone(name: str) -> None:
    if name and name not in available_timezones():
        raise ValidationError(f"“{name}” is not a time zone; use a name like “Europe/Paris” or “America/New_York”.")


class ProfileManager(models.Manager["Profile"]):
    def time_zone_of(self, user_id: int) -> str:
        """The user's time zone name, "" if they have none (or no profile yet).

        Read on every chat turn and every due-date filter, so in plain SQL:
        the ORM's ``values_list(...).first()`` compiled the same query each time
        for several times what the database takes to answer.
        """
        with connection.cursor() as cursor:
            cursor.execute(self._time_zone_sql(), [user_id])
            row = cursor.fetchone()
        return row[0] if row else ""

    def _time_zone_sql(self) -> str:
        meta = self.model._meta
        quote = connection.ops.quote_name
        return f"SELECT {quote(str(meta.get_field('time_zone').column))} FROM {quote(meta.db_table)} WHERE {quote(str(meta.pk.column))} = %s"  # noqa: S608,E501


class Profile(models.Model):
    """What the task list keeps per person besides their tasks: their time zone and their task numbering.

    Made on a person's first task (or first visit to their settings), not at sign-up.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        default="",
        validators=[validate_time_zone],
        help_text="Where “today” and “tomorrow” are for this person; empty means the server's TIME_ZONE.",
    )
    last_task_number = models.PositiveIntegerField(
        default=0, help_text="The number this person's latest task got; the next one gets the one after."
    )

    objects = ProfileManager()

    def __str__(self) -> str:
        return f"Profile of {self.user}"
