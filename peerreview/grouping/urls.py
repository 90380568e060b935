"""The grouping pages, under /grouping/."""

from django.urls import path

from peerreview.grouping import views

app_name = "grouping"

urlpatterns = [
    path("<int:year>/", views.ProposalsView.as_view(), name="proposals"),
    path("<int:year>/settings/", views.SettingsView.as_view(), name="settings"),
    path("<int:year>/proposals/<int:number>/", views.ProposalView.as_view(), name="proposal"),
    path("<int:year>/proposals/<int:number>/move/", views.MoveView.as_view(), name="move"),
    path("<int:year>/proposals/<int:number>/send/", views.SendView.as_view(), name="send"),
    path("<int:year>/proposals/<int:number>/fix/", views.FixView.as_view(), name="fix"),
    path("<int:year>/networks/<slug:slug>/", views.RespondView.as_view(), name="respond"),
]
