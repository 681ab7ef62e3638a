import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import tasks.models.profile

# Existing tasks are numbered per user in the order they were added; each user's counter starts after them.
NUMBER_EXISTING_TASKS = """
UPDATE tasks_task SET number = numbered.n
FROM (SELECT id, ROW_NUMBER() OVER (PARTITION BY user_id ORDER BY created_at, id) AS n FROM tasks_task) AS numbered
WHERE tasks_task.id = numbered.id
"""
START_COUNTERS = """
INSERT INTO tasks_profile (user_id, time_zone, last_task_number)
SELECT user_id, '', MAX(number) FROM tasks_task GROUP BY user_id
"""


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0002_activity_and_idempotency_keys"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="Profile",
            fields=[
                (
                    "user",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        serialize=False,
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
                (
                    "time_zone",
                    models.CharField(
                        blank=True,
                        default="",
                        help_text="Where “today” and “tomorrow” are for this person; empty means the server's TIME_ZONE.",
                        max_length=64,
                        validators=[tasks.models.profile.validate_time_zone],
                    ),
                ),
                (
                    "last_task_number",
                    models.PositiveIntegerField(
                        default=0,
                        help_text="The number this person's latest task got; the next one gets the one after.",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="task",
            name="number",
            field=models.PositiveIntegerField(editable=False, null=True),
        ),
        migrations.RunSQL(NUMBER_EXISTING_TASKS, migrations.RunSQL.noop),
        migrations.RunSQL(START_COUNTERS, migrations.RunSQL.noop),
        migrations.AlterField(
            model_name="task",
            name="number",
            field=models.PositiveIntegerField(
                editable=False,
                help_text="The task's number in its owner's list: 1, 2, 3… in order of adding, never reused.",
            ),
        ),
        migrations.AddConstraint(
            model_name="task",
            constraint=models.UniqueConstraint(fields=("user", "number"), name="task_number_per_user"),
        ),
    ]
