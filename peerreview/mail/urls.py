from django.urls import path

from peerreview.mail import views

app_name = "mail"

urlpatterns = [
    path("outbox/", views.OutboxListView.as_view(), name="outbox"),
    path("outbox/send-waiting/", views.DraftSendAllView.as_view(), name="send_all"),
    path("outbox/<int:pk>/", views.OutboxDetailView.as_view(), name="detail"),
    path("outbox/<int:pk>/retry/", views.OutboxRetryView.as_view(), name="retry"),
    path("outbox/<int:pk>/send/", views.DraftSendView.as_view(), name="send"),
    path("outbox/<int:pk>/discard/", views.DraftDiscardView.as_view(), name="discard"),
    path(
        "outbox/<int:pk>/attachments/<int:attachment_pk>/",
        views.AttachmentDownloadView.as_view(),
        name="attachment",
    ),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/<str:key>/", views.TemplateEditView.as_view(), name="template_edit"),
    path("templates/<str:key>/reset/", views.TemplateResetView.as_view(), name="template_reset"),
    path("templates/<str:key>/auto-send/", views.TemplateAutoSendView.as_view(), name="template_auto_send"),
]
