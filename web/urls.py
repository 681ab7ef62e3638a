from django.contrib.auth import views as auth_views
from django.urls import path

from .views import accounts, activity, chat, connect, landing, lists, notifications, tasks

app_name = "web"

urlpatterns = [
    path("", landing.landing, name="landing"),
    path("tasks/", tasks.tasks_page, name="tasks"),
    path("tasks/add/", tasks.add_task, name="add_task"),
    path("tasks/understand/", tasks.understand, name="understand"),
    path("tasks/<int:task_id>/toggle/", tasks.toggle_task, name="toggle_task"),
    path("tasks/<int:task_id>/edit/", tasks.edit_task, name="edit_task"),
    path("tasks/<int:task_id>/delete/", tasks.delete_task, name="delete_task"),
    path("tasks/<int:task_id>/move/", tasks.move_task, name="move_task"),
    path("tasks/<int:task_id>/steps/<int:step>/toggle/", tasks.toggle_step, name="toggle_step"),
    path("lists/", lists.lists_page, name="lists"),
    path("lists/<int:list_id>/", lists.change_list, name="change_list"),
    path("lists/<int:list_id>/delete/", lists.delete_list, name="delete_list"),
    path("labels/<int:label_id>/", lists.rename_label, name="rename_label"),
    path("labels/<int:label_id>/delete/", lists.delete_label, name="delete_label"),
    path("chat/", chat.send, name="chat"),
    path("activity/", activity.feed, name="activity"),
    path("activity/<int:activity_id>/undo/", activity.undo_activity, name="undo_activity"),
    path("activity/groups/<uuid:group_id>/undo/", activity.undo_group, name="undo_group"),
    path("notifications/", notifications.menu, name="notifications"),
    path("notifications/count/", notifications.count, name="notification_count"),
    path("notifications/read/", notifications.mark_read, name="read_notifications"),
    path("notifications/<int:notification_id>/", notifications.open_one, name="open_notification"),
    path("notifications/push/subscribe/", notifications.subscribe_push, name="subscribe_push"),
    path("notifications/push/unsubscribe/", notifications.unsubscribe_push, name="unsubscribe_push"),
    path("notifications/push/test/", notifications.test_push, name="test_push"),
    path("sw.js", notifications.service_worker, name="service_worker"),
    path("connect/", connect.connect_page, name="connect"),
    path("connect/tokens/", connect.create_token, name="create_token"),
    path("connect/tokens/<int:token_id>/revoke/", connect.revoke_token, name="revoke_token"),
    path("connect/apps/<int:app_id>/disconnect/", connect.disconnect_app, name="disconnect_app"),
    path("connect/calendar/on/", connect.turn_calendar_on, name="calendar_on"),
    path("connect/calendar/off/", connect.turn_calendar_off, name="calendar_off"),
    # The URL argument is named "token" so the request log masks it (todo_project/request_log.py).
    path("calendar/<str:token>.ics", connect.calendar_feed, name="calendar_feed"),
    path("accounts/signup/", accounts.sign_up, name="signup"),
    path("accounts/login/", accounts.SignInView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/settings/", accounts.settings_page, name="settings"),
    path("accounts/password/", accounts.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/reset/", accounts.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", accounts.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        accounts.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/delete/", accounts.delete_account, name="delete_account"),
    path("accounts/export/", accounts.export, name="export"),
    path("accounts/import/", accounts.import_page, name="import"),
]
