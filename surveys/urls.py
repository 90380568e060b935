"""The coordinator's preparation page and the endpoints its forms post to, and the network's
follow-up questionnaire, under /preparations/."""

from django.urls import path

from surveys import views, views_actions, views_followup

app_name = "surveys"

urlpatterns = [
    path("<int:year>/<slug:slug>/", views.PreparationView.as_view(), name="preparation"),
    path("<int:year>/<slug:slug>/entries/<slug:kind>/", views_actions.EntrySaveView.as_view(), name="entry_create"),
    path(
        "<int:year>/<slug:slug>/entries/<slug:kind>/<int:pk>/",
        views_actions.EntrySaveView.as_view(),
        name="entry_update",
    ),
    path(
        "<int:year>/<slug:slug>/entries/<slug:kind>/<int:pk>/delete/",
        views_actions.EntryDeleteView.as_view(),
        name="entry_delete",
    ),
    path(
        "<int:year>/<slug:slug>/learning-questions/",
        views_actions.LearningQuestionsView.as_view(),
        name="learning_questions",
    ),
    path("<int:year>/<slug:slug>/own-theme/", views_actions.OwnThemeView.as_view(), name="own_theme"),
    path("<int:year>/<slug:slug>/submit/", views_actions.SubmitView.as_view(), name="submit"),
    path("<int:year>/<slug:slug>/follow-up/", views_followup.FollowUpView.as_view(), name="followup"),
]
