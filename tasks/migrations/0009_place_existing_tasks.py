"""Give every task there is a place in its list's manual order: newest first, the order the lists showed."""

from django.db import migrations

from tasks import order

BATCH = 2000


def place(apps, schema_editor):
    Task = apps.get_model("tasks", "Task")
    users = Task.objects.filter(position="").values_list("user_id", flat=True).distinct().order_by()
    for user_id in users.iterator():
        tasks = list(Task.objects.filter(user_id=user_id).order_by("-created_at", "-id").only("pk"))
        for task, key in zip(tasks, order.keys(len(tasks)), strict=True):
            task.position = key
        Task.objects.bulk_update(tasks, ["position"], batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("tasks", "0008_lists_labels_steps_order")]

    operations = [migrations.RunPython(place, migrations.RunPython.noop, elidable=True)]
