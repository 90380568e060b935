"""The secretary's pages of the preparation, mounted under /cycles/<year>/preparations/."""

from django.urls import path

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
]
