from django.urls import path
from rest_framework.routers import SimpleRouter

from .activity_api import ActivityViewSet, GroupUndoView
from .api import TaskViewSet

router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="task")
router.register("activity", ActivityViewSet, basename="activity")

urlpatterns = [
    path("activity/groups/<uuid:group_id>/undo/", GroupUndoView.as_view(), name="activity-group-undo"),
    *router.urls,
]
