from django.urls import path

from peerreview.reports import views

app_name = "reports"

urlpatterns = [
    path("preparations/<int:year>/<slug:slug>.pdf", views.PreparationPdfView.as_view(), name="preparation_pdf"),
]
