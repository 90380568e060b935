"""The agenda pages, under /agenda/."""

from django.urls import path

from peerreview.agenda import views

app_name = "agenda"

urlpatterns = [
    path("template/", views.TemplateEditView.as_view(), name="template"),
    path("presentation-format/", views.PresentationFormatView.as_view(), name="presentation_format"),
    path("<int:year>/", views.OverviewView.as_view(), name="overview"),
    path("meeting/<int:pk>/", views.DetailView.as_view(), name="detail"),
    path("meeting/<int:pk>/draft/", views.DraftView.as_view(), name="draft"),
    path("meeting/<int:pk>/items/new/", views.ItemAddView.as_view(), name="item_add"),
    path("meeting/<int:pk>/items/<int:item>/", views.ItemUpdateView.as_view(), name="item_update"),
    path("meeting/<int:pk>/items/<int:item>/delete/", views.ItemDeleteView.as_view(), name="item_delete"),
    path("meeting/<int:pk>/order/", views.ReorderView.as_view(), name="reorder"),
    path("meeting/<int:pk>/send/", views.SendToChairView.as_view(), name="send_to_chair"),
    path("meeting/<int:pk>/review/", views.ReviewView.as_view(), name="review"),
    path("meeting/<int:pk>/review/comment/", views.CommentView.as_view(), name="comment"),
    path("meeting/<int:pk>/review/decide/", views.DecideView.as_view(), name="decide"),
    path("meeting/<int:pk>/compare/", views.CompareView.as_view(), name="compare"),
    path("meeting/<int:pk>/agenda.pdf", views.AgendaPdfView.as_view(), name="agenda_pdf"),
    path("meeting/<int:pk>/print-pack.pdf", views.PrintPackView.as_view(), name="print_pack"),
    path("meeting/<int:pk>/pack/", views.PackSendView.as_view(), name="pack_send"),
]
