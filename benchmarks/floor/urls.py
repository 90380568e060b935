from django.urls import path

from benchmarks.floor import views

urlpatterns = [
    path("<int:size>/", views.page_of_size),
]
