from django.urls import path
from rest_framework.routers import SimpleRouter

from .activity_api import ActivityViewSet, GroupUndoView
from .api import TaskViewSet
from .notifications_api import NotificationsView, ReadNotificationsView
from .organize_api import ImportViewSet, LabelViewSet, ListViewSet

router = SimpleRouter()
router.register("tasks", TaskViewSet, basename="task")
router.register("activity", ActivityViewSet, basename="activity")
router.register("lists", ListViewSet, basename="list")
router.register("labels", LabelViewSet, basename="label")
router.register("imports", ImportViewSet, basename="import")

urlpatterns = [
    path("activity/groups/<uuid:group_id>/undo/", GroupUndoView.as_view(), name="activity-group-undo"),
    path("notifications/", NotificationsView.as_view(), name="notifications"),
    path("notifications/read/", ReadNotificationsView.as_view(), name="notifications-read"),
    *router.urls,
]
