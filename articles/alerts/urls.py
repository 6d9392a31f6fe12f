from django.urls import path

from articles.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.AlertsSignupView.as_view(), name="signup"),
    path("confirm/<str:token>/", views.AlertsConfirmView.as_view(), name="confirm"),
    path("unsubscribe/<str:token>/", views.AlertsUnsubscribeView.as_view(), name="unsubscribe"),
    path("manage/<str:token>/", views.AlertsManageView.as_view(), name="manage"),
    path("manage/<str:token>/browsers/", views.AlertsPushView.as_view(), name="push"),
]
