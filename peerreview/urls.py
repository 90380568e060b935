from django.urls import include, path

from peerreview import views

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("networks/", include("networks.urls")),
    path("mail/", include("peerreview.mail.urls")),
    path("cycles/", include("peerreview.cycles.urls")),
    path("cycles/<int:year>/preparations/", include("surveys.urls_secretary")),
    path("preparations/", include("surveys.urls")),
    path("meetings/", include("peerreview.meetings.urls")),
    path("grouping/", include("peerreview.grouping.urls")),
    path("polls/", include("peerreview.polls.urls")),
    path("agenda/", include("peerreview.agenda.urls")),
    path("reports/", include("peerreview.reports.urls")),
]
