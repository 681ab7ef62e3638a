from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models

TIME_ZONES = sorted(name for name in available_timezones() if "/" in name and not name.startswith(("Etc/", "SystemV/")))
"""The zones a person picks from (the IANA names of places), for the settings page and the profile API."""


def validate_time_zone(name: str) -> None:
    if name and name not in available_timezones():
        raise ValidationError(f"“{name}” is not a time zone; use a name like “Europe/Paris” or “America/New_York”.")


class ProfileManager(models.Manager["Profile"]):
    def recount(self) -> int:
        """Set every person's profile from their tasks as they are: their counts, and a numbering past their
        highest number (a profile is made for a person who has tasks and none). How many profiles changed.

        ``tasks.store`` keeps these with each change; this is for tasks written around it, as the
        benchmark's seed writes a million at once.
        """
        from .task import Task

        profiles = connection.ops.quote_name(self.model._meta.db_table)
        tasks = connection.ops.quote_name(Task._meta.db_table)
        with connection.cursor() as cursor:
            cursor.execute(
                f"""
                WITH counted AS (
                    SELECT user_id, COUNT(*) AS total, COUNT(*) FILTER (WHERE completed) AS done, MAX(number) AS last
                    FROM {tasks} GROUP BY user_id
                ), emptied AS (
                    UPDATE {profiles} SET task_count = 0, completed_count = 0
                    WHERE (task_count > 0 OR completed_count > 0)
                      AND NOT EXISTS (SELECT FROM counted WHERE counted.user_id = {profiles}.user_id)
                    RETURNING 1
                ), kept AS (
                    INSERT INTO {profiles} (user_id, time_zone, last_task_number, task_count, completed_count)
                    SELECT user_id, '', last, total, done FROM counted
                    ON CONFLICT (user_id) DO UPDATE SET
                        last_task_number = GREATEST({profiles}.last_task_number, EXCLUDED.last_task_number),
                        task_count = EXCLUDED.task_count, completed_count = EXCLUDED.completed_count
                    RETURNING 1
                )
                SELECT (SELECT COUNT(*) FROM emptied) + (SELECT COUNT(*) FROM kept)
                """  # noqa: S608  (the models' own tables)
            )
            return cursor.fetchone()[0]

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
    """What the task list keeps per person besides their tasks: their time zone, their task numbering, and how
    many tasks they have (all, and done), so a list's counts need not count a long list on every page.

    Made on a person's first task (or first visit to their settings), not at sign-up. The numbering
    and the counts are kept by ``tasks.store``, in the statement of each change.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True)
    time_zone = models.CharField(
        max_length=64,
        blank=True,
        default="",
        validators=[validate_time_zone],
        help_text="Where “today” and “tomorrow” are for this person; empty means the server's TIME_ZONE.",
    )
    remind_by_default = models.BooleanField(
        default=True, db_default=True, help_text="A task given a time is reminded at that time unless told otherwise."
    )
    email_reminders = models.BooleanField(
        default=True, db_default=True, help_text="Reminders also go to the person's email address, if they gave one."
    )
    last_task_number = models.PositiveIntegerField(
        default=0, help_text="The number this person's latest task got; the next one gets the one after."
    )
    task_count = models.PositiveIntegerField(default=0, db_default=0, help_text="How many tasks this person has.")
    completed_count = models.PositiveIntegerField(
        default=0, db_default=0, help_text="How many of this person's tasks are done."
    )

    objects = ProfileManager()

    def __str__(self) -> str:
        return f"Profile of {self.user}"
