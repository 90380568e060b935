from django.urls import path

from peerreview.mail import views

app_name = "mail"

urlpatterns = [
    path("outbox/", views.OutboxListView.as_view(), name="outbox"),
    path("outbox/<int:pk>/", views.OutboxDetailView.as_view(), name="detail"),
    path("outbox/<int:pk>/retry/", views.OutboxRetryView.as_view(), name="retry"),
]
