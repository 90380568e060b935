from django.urls import path

from networks import views, views_io

app_name = "networks"

urlpatterns = [
    path("", views.NetworkListView.as_view(), name="list"),
    path("new/", views.NetworkCreateView.as_view(), name="create"),
    path("institutions/", views.InstitutionListView.as_view(), name="institutions"),
    path("institutions/new/", views.InstitutionFormView.as_view(), name="institution_create"),
    path("institutions/<int:pk>/edit/", views.InstitutionFormView.as_view(), name="institution_update"),
    path("schools/", views.SchoolListView.as_view(), name="schools"),
    path("schools/new/", views.SchoolFormView.as_view(), name="school_create"),
    path("schools/<int:pk>/edit/", views.SchoolFormView.as_view(), name="school_update"),
    path("<slug:slug>/", views.NetworkDetailView.as_view(), name="detail"),
    path("<slug:slug>/edit/", views.NetworkUpdateView.as_view(), name="update"),
    path("<slug:slug>/mail/", views.NetworkMailView.as_view(), name="mail"),
    path("<slug:slug>/contacts/", views.ContactListView.as_view(), name="contacts"),
    path("<slug:slug>/contacts/new/", views.ContactCreateView.as_view(), name="contact_create"),
    path("<slug:slug>/contacts/<int:pk>/edit/", views.ContactUpdateView.as_view(), name="contact_update"),
    path("<slug:slug>/contacts/<int:pk>/delete/", views.ContactDeleteView.as_view(), name="contact_delete"),
    path("<slug:slug>/partner-schools/", views.PartnerSchoolListView.as_view(), name="partner_schools"),
    path("<slug:slug>/partner-schools/new/", views.PartnerSchoolCreateView.as_view(), name="partner_school_create"),
    path(
        "<slug:slug>/partner-schools/<int:pk>/edit/",
        views.PartnerSchoolUpdateView.as_view(),
        name="partner_school_update",
    ),
    path(
        "<slug:slug>/partner-schools/<int:pk>/delete/",
        views.PartnerSchoolDeleteView.as_view(),
        name="partner_school_delete",
    ),
    path("<slug:slug>/<str:kind>/import/", views_io.RegistryImportView.as_view(), name="import"),
    path("<slug:slug>/<str:kind>/export.<str:fmt>", views_io.RegistryExportView.as_view(), name="export"),
]
