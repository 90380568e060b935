"""Pages around the review meetings, under /meetings/."""

from django.urls import path

from peerreview.meetings import views, views_hosts, views_panel

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
    # Chair and expert
    path("<int:year>/panel/", views_panel.PanelView.as_view(), name="panel"),
    path("<int:year>/panel/new/", views_panel.PanelMemberCreateView.as_view(), name="panel_member_create"),
    path("<int:year>/panel/<int:pk>/edit/", views_panel.PanelMemberUpdateView.as_view(), name="panel_member_update"),
    path("<int:year>/panel/<int:pk>/remove/", views_panel.PanelMemberDeleteView.as_view(), name="panel_member_delete"),
    path("<int:year>/panel/<int:pk>/declaration/", views_panel.DeclarationView.as_view(), name="declaration"),
    path("declarations/", views_panel.MyDeclarationsView.as_view(), name="my_declarations"),
    # Host checklists
    path("<int:year>/hosts/", views_hosts.HostOverviewView.as_view(), name="host_overview"),
    path("<int:year>/hosts/<int:pk>/", views_hosts.HostChecklistView.as_view(), name="host_checklist"),
    path("<int:year>/hosts/<int:pk>/venue/", views_hosts.HostVenueView.as_view(), name="host_venue"),
    path("<int:year>/hosts/<int:pk>/items/new/", views_hosts.HostItemCreateView.as_view(), name="host_item_create"),
    path(
        "<int:year>/hosts/<int:pk>/items/<int:item>/edit/",
        views_hosts.HostItemUpdateView.as_view(),
        name="host_item_update",
    ),
    path(
        "<int:year>/hosts/<int:pk>/items/<int:item>/done/",
        views_hosts.HostItemToggleView.as_view(),
        name="host_item_toggle",
    ),
    path(
        "<int:year>/hosts/<int:pk>/items/<int:item>/remove/",
        views_hosts.HostItemDeleteView.as_view(),
        name="host_item_delete",
    ),
]
