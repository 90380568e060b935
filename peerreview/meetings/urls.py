"""Pages around the review meetings, under /meetings/."""

from django.urls import path

from peerreview.meetings import views

app_name = "meetings"

urlpatterns = [
    path("<int:year>/attendees/", views.AttendeeOverviewView.as_view(), name="attendee_overview"),
    path("<int:year>/<slug:slug>/attendees/", views.AttendeesView.as_view(), name="attendees"),
    path(
        "<int:year>/<slug:slug>/attendees/from-contacts/",
        views.AttendeeAddContactsView.as_view(),
        name="attendee_add_contacts",
    ),
    path("<int:year>/<slug:slug>/attendees/new/", views.AttendeeCreateView.as_view(), name="attendee_create"),
    path("<int:year>/<slug:slug>/attendees/<int:pk>/edit/", views.AttendeeUpdateView.as_view(), name="attendee_update"),
    path(
        "<int:year>/<slug:slug>/attendees/<int:pk>/remove/",
        views.AttendeeDeleteView.as_view(),
        name="attendee_delete",
    ),
    path("<int:year>/<slug:slug>/attendees/submit/", views.AttendeesSubmitView.as_view(), name="attendees_submit"),
    path(
        "<int:year>/<slug:slug>/attendees/exception/",
        views.AttendeesExceptionView.as_view(),
        name="attendees_exception",
    ),
]
