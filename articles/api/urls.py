from django.urls import path

from articles.api.views import api

urlpatterns = [path("", api.urls)]
