from django.urls import path

from peerreview.cycles import views

app_name = "cycles"

urlpatterns = [
    path("", views.CycleListView.as_view(), name="list"),
    path("new/", views.CycleCreateView.as_view(), name="create"),
    path("playbook/", views.PlaybookListView.as_view(), name="playbook"),
    path("playbook/new/", views.PlaybookStepFormView.as_view(), name="playbook_create"),
    path("playbook/install/", views.PlaybookInstallView.as_view(), name="playbook_install"),
    path("playbook/<int:pk>/edit/", views.PlaybookStepFormView.as_view(), name="playbook_update"),
    path("playbook/<int:pk>/retire/", views.PlaybookStepActionView.as_view(action="retire"), name="playbook_retire"),
    path("playbook/<int:pk>/restore/", views.PlaybookStepActionView.as_view(action="restore"), name="playbook_restore"),
    path("playbook/<int:pk>/move/", views.PlaybookStepActionView.as_view(action="move"), name="playbook_move"),
    path("<int:year>/", views.CycleDetailView.as_view(), name="detail"),
    path("<int:year>/edit/", views.CycleUpdateView.as_view(), name="update"),
    path("<int:year>/calendar.ics", views.CalendarView.as_view(), name="calendar"),
    path("<int:year>/meetings/new/", views.MeetingCreateView.as_view(), name="meeting_create"),
    path("<int:year>/meetings/<int:pk>/", views.MeetingUpdateView.as_view(), name="meeting"),
    path("<int:year>/meetings/<int:pk>/delete/", views.MeetingDeleteView.as_view(), name="meeting_delete"),
    path("<int:year>/tasks/new/", views.TaskCreateView.as_view(), name="task_create"),
    path("<int:year>/tasks/<int:pk>/edit/", views.TaskUpdateView.as_view(), name="task_update"),
    path("<int:year>/tasks/<int:pk>/delete/", views.TaskDeleteView.as_view(), name="task_delete"),
    path("<int:year>/tasks/<int:pk>/state/", views.TaskStateView.as_view(), name="task_state"),
]
