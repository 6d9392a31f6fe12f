from django.urls import path

from articles.security import views

app_name = "security"

urlpatterns = [
    path("csp-reports/", views.csp_reports, name="csp-reports"),
]
