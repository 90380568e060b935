"""The secretary's pages of the preparation and of the follow-up questionnaire, mounted under
/cycles/<year>/preparations/."""

from django.urls import path

from surveys import views_followup_secretary as followup
from surveys import views_secretary as views

app_name = "preparations"

urlpatterns = [
    path("", views.OverviewView.as_view(), name="overview"),
    path("export.xlsx", views.ExportView.as_view(), name="export"),
    path("send/", views.InviteSendView.as_view(), name="send"),
    path("<slug:slug>/reopen/", views.ReopenView.as_view(), name="reopen"),
    path("themes/", views.ThemeListView.as_view(), name="themes"),
    path("themes/new/", views.ThemeCreateView.as_view(), name="theme_create"),
    path("themes/<int:pk>/edit/", views.ThemeUpdateView.as_view(), name="theme_update"),
    path("themes/<int:pk>/delete/", views.ThemeDeleteView.as_view(), name="theme_delete"),
    path("themes/<int:pk>/move/", views.ThemeActionView.as_view(action="move"), name="theme_move"),
    path("themes/<int:pk>/retire/", views.ThemeActionView.as_view(action="retire"), name="theme_retire"),
    path("themes/<int:pk>/restore/", views.ThemeActionView.as_view(action="restore"), name="theme_restore"),
    # The follow-up questionnaire (October)
    path("follow-up/", followup.FollowUpOverviewView.as_view(), name="followup_overview"),
    path("follow-up/export.xlsx", followup.FollowUpExportView.as_view(), name="followup_export"),
    path("follow-up/settings/", followup.FollowUpSettingsView.as_view(), name="followup_settings"),
    path("follow-up/send/", followup.FollowUpSendView.as_view(), name="followup_send"),
    path("follow-up/<slug:slug>/reopen/", followup.FollowUpReopenView.as_view(), name="followup_reopen"),
    path("follow-up/action-points/", followup.ActionPointListView.as_view(), name="followup_action_points"),
    path(
        "follow-up/action-points/import/",
        followup.ActionPointImportView.as_view(),
        name="followup_action_point_import",
    ),
    path(
        "follow-up/action-points/<slug:slug>/new/",
        followup.ActionPointCreateView.as_view(),
        name="followup_action_point_create",
    ),
    path(
        "follow-up/action-points/<int:pk>/edit/",
        followup.ActionPointUpdateView.as_view(),
        name="followup_action_point_update",
    ),
    path(
        "follow-up/action-points/<int:pk>/delete/",
        followup.ActionPointDeleteView.as_view(),
        name="followup_action_point_delete",
    ),
]
