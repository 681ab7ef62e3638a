"""Each tool's success and error paths through the SDK's in-memory client."""

from datetime import date

import pytest

from tasks.models import Activity, Task


def test_tools_publish_limits_output_schemas_and_annotations(mcp):
    tools = mcp.tools()

    assert set(tools) == {
        "add_task",
        "list_tasks",
        "complete_task",
        "delete_task",
        "update_task",
        "skip_task",
        "list_activity",
        "undo_activity",
        "add_list",
        "update_list",
        "delete_list",
        "list_lists",
        "rename_label",
        "delete_label",
        "move_task",
    }
    for tool in tools.values():
        assert tool.description and tool.output_schema is not None
        assert "user_id" not in tool.input_schema["properties"]
        assert tool.input_schema["additionalProperties"] is False
        assert tool.annotations.open_world_hint is False
    title = tools["add_task"].input_schema["properties"]["title"]
    assert (title["minLength"], title["maxLength"]) == (1, 200)
    assert tools["add_task"].input_schema["properties"]["priority"]["enum"] == ["low", "medium", "high"]
    limit = tools["list_tasks"].input_schema["properties"]["limit"]
    assert (limit["minimum"], limit["maximum"], limit["default"]) == (1, 200, 50)
    assert tools["list_tasks"].input_schema["properties"]["status"]["enum"] == ["all", "pending", "completed"]
    assert tools["update_task"].input_schema["required"] == ["task_id"]
    assert tools["list_tasks"].annotations.read_only_hint is True
    assert tools["delete_task"].annotations.destructive_hint is True
    assert tools["complete_task"].annotations.idempotent_hint is True
    assert tools["update_task"].annotations.idempotent_hint is True
    assert tools["add_task"].annotations.read_only_hint is False


def test_output_schemas_are_self_contained_and_still_strict(mcp, user, make_task):
    import jsonschema

    make_task(user, "With a date", due_date="2030-01-02")
    make_task(user, "Without one")
    schema = mcp.tools()["list_tasks"].output_schema
    assert "$ref" not in str(schema) and "$defs" not in schema
    page = mcp.call("list_tasks").structured_content
    jsonschema.validate(page, schema)
    assert [task["due_date"] for task in page["tasks"]] == [None, "2030-01-02"]
    bad_pages = [
        {"tasks": [page["tasks"][0] | {"due_date": 5}], "total": 1},
        {"tasks": [page["tasks"][0] | {"priority": "urgent"}], "total": 1},
        {"tasks": [{key: value for key, value in page["tasks"][0].items() if key != "title"}], "total": 1},
        {"tasks": page["tasks"]},
    ]
    for bad_page in bad_pages:
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(bad_page, schema)


def test_add_task_creates_the_users_task(mcp, user):
    result = mcp.ok("add_task", {"title": "  Buy milk ", "priority": "high", "due_date": "2030-01-31"})

    task = Task.objects.get(pk=result["task_id"])
    assert result == {
        "task_id": task.pk,
        "number": task.number,
        "status": "created",
        "title": "Buy milk",
        "due_date": "2030-01-31",
    }
    assert (task.user, task.priority, str(task.due_date)) == (user, "high", "2030-01-31")


def test_add_task_takes_a_time_a_repeat_and_reminders_and_says_them_back(mcp, user):
    result = mcp.ok(
        "add_task",
        {
            "title": "Standup",
            "due_date": "2030-01-07T09:30",
            "repeat": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
            "reminders": [{"minutes_before": 5}],
        },
    )
    assert {name: result[name] for name in ("due_date", "due_time", "repeat", "reminders")} == {
        "due_date": "2030-01-07",
        "due_time": "09:30:00",
        "repeat": "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR",
        "reminders": [{"minutes_before": 5}],
    }
    done = mcp.ok("complete_task", {"task_id": result["task_id"]})
    assert (done["status"], done["due_date"]) == ("completed", "2030-01-08")
    skipped = mcp.ok("skip_task", {"task_id": result["task_id"]})
    assert skipped["due_date"] == "2030-01-09"
    listed = mcp.ok("list_tasks", {"number": result["number"]})["tasks"][0]
    assert (listed["due_time"], listed["due_at"]) == ("09:30:00", "2030-01-09T09:30:00Z")
    plain = mcp.ok("add_task", {"title": "Once"})
    assert mcp.error("skip_task", {"task_id": plain["task_id"]}).startswith("task_id: ")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({}, "title"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"title": "   "}, "title"),
        ({"title": "Ok", "priority": "urgent"}, "priority"),
        ({"title": "Ok", "due_date": "next tuesday"}, "due_date"),
        ({"title": "Ok", "due_date": "2030-01-02T25:00"}, "due_date"),
        ({"title": "Ok", "due_time": "17:00"}, "due_time"),
        ({"title": "Ok", "due_date": "2030-01-02", "repeat": "FREQ=HOURLY"}, "repeat"),
        ({"title": "Ok", "reminders": [{"minutes_before": -5}]}, "reminders"),
        ({"title": "Ok", "reminders": [{"at": "2030-01-02T17:00"}]}, "reminders"),
        ({"title": "Ok", "reminders": [{"minutes_before": 5, "at": "2030-01-02T17:00Z"}]}, "reminders"),
        ({"title": "Ok", "description": "x" * 2001}, "description"),
    ],
)
def test_add_task_rejects_bad_arguments_naming_the_field_and_writes_nothing(mcp, arguments, field):
    message = mcp.error("add_task", arguments)

    assert message.startswith(f"{field}: ")
    assert "Traceback" not in message
    assert not Task.objects.exists()


def test_list_tasks_filters_searches_and_pages(mcp, user, other_user, make_task):
    make_task(user, "Pay bills", description="electricity")
    done = make_task(user, "Call mom")
    make_task(user, "Buy groceries")
    make_task(other_user, "Pay bills of bob")
    mcp.ok("complete_task", {"task_id": done.pk})

    everything = mcp.ok("list_tasks")
    assert everything["total"] == 3
    assert [task["title"] for task in everything["tasks"]] == ["Buy groceries", "Call mom", "Pay bills"]
    assert set(everything["tasks"][0]) == {
        "id",
        "number",
        "title",
        "description",
        "completed",
        "priority",
        "due_date",
        "due_time",
        "due_at",
        "repeat",
        "reminders",
        "list_id",
        "labels",
        "steps",
        "created_at",
    }
    assert [t["title"] for t in mcp.ok("list_tasks", {"status": "completed"})["tasks"]] == ["Call mom"]
    assert mcp.ok("list_tasks", {"status": "pending"})["total"] == 2
    assert [t["title"] for t in mcp.ok("list_tasks", {"search": "ELECTRIC"})["tasks"]] == ["Pay bills"]
    page = mcp.ok("list_tasks", {"limit": 1, "offset": 1})
    assert (page["total"], [t["title"] for t in page["tasks"]]) == (3, ["Call mom"])


@pytest.mark.parametrize(
    ("arguments", "field"),
    [({"status": "done"}, "status"), ({"limit": 0}, "limit"), ({"limit": 201}, "limit"), ({"offset": -1}, "offset")],
)
def test_list_tasks_rejects_out_of_range_arguments(mcp, arguments, field):
    assert mcp.error("list_tasks", arguments).startswith(f"{field}: ")


def test_complete_task_marks_done_and_is_idempotent(mcp, user, make_task):
    task = make_task(user, "Call mom")

    first = mcp.ok("complete_task", {"task_id": task.pk})
    again = mcp.ok("complete_task", {"task_id": task.pk})

    assert first == {"task_id": task.pk, "number": task.number, "status": "completed", "title": "Call mom"}
    assert again == first | {"status": "unchanged"}  # before: "completed", as if it had done something
    assert Task.objects.get(pk=task.pk).completed is True


def test_an_update_to_what_the_task_already_has_is_unchanged_and_recorded_nowhere(mcp, user, make_task):
    task = make_task(user, "Call mom", priority="low")
    recorded = Activity.objects.count()

    same = mcp.ok("update_task", {"task_id": task.pk, "title": "Call mom", "priority": "low"})
    nothing = mcp.ok("update_task", {"task_id": task.pk})

    assert same["status"] == nothing["status"] == "unchanged"
    assert Activity.objects.count() == recorded
    assert mcp.ok("update_task", {"task_id": task.pk, "priority": "high"})["status"] == "updated"


def test_update_task_changes_only_the_given_fields(mcp, user, make_task):
    task = make_task(user, "Call mom", description="about Sunday", priority="low", due_date="2030-05-01")

    result = mcp.ok("update_task", {"task_id": task.pk, "title": "Call mom tonight", "due_date": None})

    assert result == {"task_id": task.pk, "number": task.number, "status": "updated", "title": "Call mom tonight"}
    task.refresh_from_db()
    assert (task.title, task.description, task.priority, task.due_date) == (
        "Call mom tonight",
        "about Sunday",
        "low",
        None,
    )
    mcp.ok("update_task", {"task_id": task.pk, "completed": True, "priority": "high"})
    task.refresh_from_db()
    assert (task.completed, task.priority) == (True, "high")


@pytest.mark.parametrize(
    ("arguments", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "   "}, "title"),
        ({"priority": "urgent"}, "priority"),
        ({"title": None}, "title"),
        ({"completed": "perhaps"}, "completed"),
    ],
)
def test_update_task_rejects_bad_fields_and_changes_nothing(mcp, user, make_task, arguments, field):
    task = make_task(user, "Call mom")

    message = mcp.error("update_task", {"task_id": task.pk, **arguments})

    assert message.startswith(f"{field}: ")
    task.refresh_from_db()
    assert (task.title, task.priority, task.completed) == ("Call mom", "medium", False)


def test_delete_task_removes_it_and_answers_with_its_title(mcp, user, make_task):
    task = make_task(user, "Old meeting")

    assert mcp.ok("delete_task", {"task_id": task.pk}) == {
        "task_id": task.pk,
        "number": task.number,
        "status": "deleted",
        "title": "Old meeting",
    }
    assert not Task.objects.filter(pk=task.pk).exists()
    assert mcp.error("delete_task", {"task_id": task.pk}) == f"Task {task.pk} not found"


@pytest.mark.parametrize(
    ("tool", "arguments"),
    [
        ("complete_task", {}),
        ("delete_task", {}),
        ("skip_task", {}),
        ("update_task", {"title": "mine now"}),
        ("update_task", {"due_date": "2030-02-02T10:00", "reminders": [{"minutes_before": 5}]}),
    ],
)
def test_missing_and_other_users_tasks_give_the_same_error_and_change_nothing(
    mcp, other_user, make_task, tool, arguments
):
    foreign = make_task(other_user, "Bob's secret", due_date=date(2030, 1, 1), repeat="FREQ=DAILY")
    missing_id = foreign.pk + 1000

    foreign_message = mcp.error(tool, {"task_id": foreign.pk, **arguments})
    missing_message = mcp.error(tool, {"task_id": missing_id, **arguments})

    assert foreign_message == f"Task {foreign.pk} not found"
    assert missing_message == f"Task {missing_id} not found"
    foreign.refresh_from_db()
    assert (foreign.title, foreign.completed, foreign.due_date, foreign.reminders) == (
        "Bob's secret",
        False,
        date(2030, 1, 1),
        [],
    )


def test_list_tasks_never_shows_another_users_tasks(mcp, other_user, make_task):
    make_task(other_user, "Bob's secret")

    assert mcp.ok("list_tasks", {"search": "secret"}) == {"tasks": [], "total": 0}


@pytest.mark.parametrize("task_id", [0, -3, "abc", 2**70])
def test_task_ids_out_of_range_are_argument_errors(mcp, task_id):
    assert mcp.error("complete_task", {"task_id": task_id}).startswith("task_id: ")


def test_unknown_arguments_are_refused_by_name_and_write_nothing(mcp):
    assert mcp.error("add_task", {"title": "Buy milk", "priorty": "high"}) == "priorty: Extra inputs are not permitted"
    assert not Task.objects.exists()


def test_unknown_tool_is_a_tool_error(mcp):
    assert mcp.error("drop_tables", {}) == "Unknown tool: drop_tables"


def test_a_crashing_service_gives_a_generic_error_without_a_traceback(mcp, monkeypatch, caplog):
    from tasks import services

    def explode(*args, **kwargs):
        raise RuntimeError("secret connection string")

    monkeypatch.setattr(services, "add_task", explode)

    message = mcp.error("add_task", {"title": "Boom"})

    assert message == "Internal error in add_task; the details are in the server log."
    assert "secret" not in message
    assert "secret connection string" in caplog.text  # the traceback went to the log


def _type_lists(schema) -> list:
    """Every ``type`` given as a list anywhere in a schema (``[X, "null"]``), which some checkers refuse."""
    if isinstance(schema, list):
        return [found for item in schema for found in _type_lists(item)]
    if not isinstance(schema, dict):
        return []
    own = [schema["type"]] if isinstance(schema.get("type"), list) else []
    return own + [found for value in schema.values() for found in _type_lists(value)]


def test_every_published_schema_spells_nullables_with_any_of(mcp):
    """Before: output fields such as ``due_date`` were ``type: ["string", "null"]``, which the Inspector's strict
    mode flags for some model vendors."""
    tools = mcp.tools()
    assert {name: _type_lists([tool.input_schema, tool.output_schema]) for name, tool in tools.items()} == {
        name: [] for name in tools
    }
    due = tools["list_tasks"].output_schema["properties"]["tasks"]["items"]["properties"]["due_date"]
    assert due["anyOf"] == [{"type": "string", "format": "date"}, {"type": "null"}]


def test_add_task_reads_text_as_the_add_box_and_the_assistant_do(mcp, user):
    result = mcp.ok("add_task", {"text": "pay rent every month on the 1st !high"})
    rent = Task.objects.get(pk=result["task_id"])
    assert (rent.title, rent.priority, rent.repeat) == ("Pay rent", "high", "FREQ=MONTHLY;BYMONTHDAY=1")
    assert rent.due_date is not None and rent.due_date.day == 1

    beside = mcp.ok("add_task", {"text": "call mom at 5pm !high", "priority": "low", "title": "Ring mum"})
    mum = Task.objects.get(pk=beside["task_id"])
    assert (mum.title, mum.priority, mum.due_time.hour) == ("Ring mum", "low", 17)

    assert mcp.error("add_task", {"text": "tomorrow"}).startswith("text: ")
    assert mcp.error("add_task", {"text": "feb 30 pay rent"}).startswith("text: ")
    assert Task.objects.count() == 2
