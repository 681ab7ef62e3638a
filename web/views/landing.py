from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET


@require_GET
def landing(request: HttpRequest) -> HttpResponse:
    """What this is, for a visitor; a signed-in person goes straight to their tasks."""
    if request.user.is_authenticated:
        return redirect("web:tasks")
    return render(request, "web/landing.html")
