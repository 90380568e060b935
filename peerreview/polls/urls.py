"""Date polls: the secretary's pages per meeting of a cycle, and the personal link (no account)."""

from django.urls import path

from peerreview.polls import views

app_name = "polls"

urlpatterns = [
    path("answer/<str:token>/", views.AnswerView.as_view(), name="answer"),
    path("<int:year>/", views.OverviewView.as_view(), name="overview"),
    path("<int:year>/<int:pk>/", views.PollView.as_view(), name="poll"),
    path("<int:year>/<int:pk>/start/", views.PollCreateView.as_view(), name="create"),
    path(
        "<int:year>/<int:pk>/dates/<int:candidate>/remove/",
        views.CandidateRemoveView.as_view(),
        name="candidate_remove",
    ),
    path(
        "<int:year>/<int:pk>/participants/refresh/",
        views.ParticipantsRefreshView.as_view(),
        name="participants_refresh",
    ),
    path("<int:year>/<int:pk>/links/send/", views.LinksSendView.as_view(), name="links_send"),
    path("<int:year>/<int:pk>/links/<int:participant>/resend/", views.LinkResendView.as_view(), name="link_resend"),
    path("<int:year>/<int:pk>/results/", views.ResultsView.as_view(), name="results"),
    path("<int:year>/<int:pk>/close/", views.PollCloseView.as_view(), name="close"),
    path("<int:year>/<int:pk>/reopen/", views.PollReopenView.as_view(), name="reopen"),
    path("<int:year>/<int:pk>/fix/", views.FixDateView.as_view(), name="fix"),
    path("<int:year>/<int:pk>/invitations/send/", views.InvitationsSendView.as_view(), name="invitations_send"),
]
