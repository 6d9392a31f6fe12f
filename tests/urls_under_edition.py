"""The whole site under /edition/: a URLconf for tests of addresses that follow the URLconf."""

from django.urls import include, path

urlpatterns = [path("edition/", include("newsroom.urls"))]
