"""The Lists page: make, rename, recolour, archive and delete lists; rename and delete labels.

Plain forms that post and redirect back (no script needed); a deletion's toast
offers Undo, which brings the list back with its tasks where they were.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from tasks import organize

from ..forms import LabelForm, ListDeleteForm, ListForm
from .common import add_service_errors, toast, toast_errors, web_actor


def _page(request: HttpRequest, *, new_form: ListForm | None = None, status: int = 200) -> HttpResponse:
    lists = organize.lists(request.user, archived=True)
    return render(
        request,
        "web/lists/page.html",
        {
            "new_form": new_form or ListForm(auto_id="new-list_%s"),
            "inbox_count": organize.inbox_pending(request.user),
            "lists": [
                {
                    "list": found,
                    "form": ListForm(
                        auto_id=f"list-{found.pk}_%s", initial={"name": found.name, "colour": found.colour}
                    ),
                    "delete_form": ListDeleteForm(auto_id=f"delete-list-{found.pk}_%s"),
                    "url": reverse("web:tasks") + f"?list={found.pk}",
                }
                for found in lists
            ],
            "labels": [
                {"label": label, "form": LabelForm(auto_id=f"label-{label.pk}_%s", initial={"name": label.name})}
                for label in organize.labels(request.user)
            ],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def lists_page(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _page(request)
    form = ListForm(request.POST, auto_id="new-list_%s")
    if form.is_valid():
        try:
            made = organize.create_list(request.user, actor=web_actor(), **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            toast(request, f"Made the list “{made.name}”.")
            return redirect(f"{reverse('web:tasks')}?list={made.pk}")
    return _page(request, new_form=form, status=400)


@login_required
@require_POST
def change_list(request: HttpRequest, list_id: int) -> HttpResponse:
    """Rename or recolour a list (the name and colour fields), or archive or bring it back (``archived``)."""
    actor = web_actor()
    if "archived" in request.POST:
        archived = request.POST["archived"] == "1"
        changed = organize.update_list(request.user, list_id, actor=actor, archived=archived)
        toast(request, f"{'Archived' if archived else 'Brought back'} “{changed.name}”.", undo_group=actor.group_id)
        return redirect("web:lists")
    form = ListForm(request.POST)
    if form.is_valid():
        try:
            changed = organize.update_list(request.user, list_id, actor=actor, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            toast(request, f"Saved “{changed.name}”.", undo_group=actor.group_id)
            return redirect("web:lists")
    toast_errors(request, form)
    return redirect("web:lists")


@login_required
@require_POST
def delete_list(request: HttpRequest, list_id: int) -> HttpResponse:
    form = ListDeleteForm(request.POST)
    tasks = form.cleaned_data["tasks"] if form.is_valid() else "move"
    actor = web_actor()
    deleted = organize.delete_list(request.user, list_id, actor=actor, tasks=tasks)
    what = (
        f"its {deleted.moved} task{'s' if deleted.moved != 1 else ''} moved to the Inbox"
        if tasks == "move"
        else f"and its {deleted.deleted} task{'s' if deleted.deleted != 1 else ''}"
    )
    toast(request, f"Deleted the list “{deleted.task_list.name}”, {what}.", undo_group=actor.group_id)
    return redirect("web:lists")


@login_required
@require_POST
def rename_label(request: HttpRequest, label_id: int) -> HttpResponse:
    form = LabelForm(request.POST)
    actor = web_actor()
    if form.is_valid():
        try:
            label = organize.rename_label(request.user, label_id, actor=actor, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            toast(request, f"Renamed the label to “{label.name}” on every task.", undo_group=actor.group_id)
            return redirect("web:lists")
    toast_errors(request, form)
    return redirect("web:lists")


@login_required
@require_POST
def delete_label(request: HttpRequest, label_id: int) -> HttpResponse:
    actor = web_actor()
    label, count = organize.delete_label(request.user, label_id, actor=actor)
    toast(
        request,
        f"Deleted the label “{label.name}” (from {count} task{'s' if count != 1 else ''}).",
        undo_group=actor.group_id,
    )
    return redirect("web:lists")
