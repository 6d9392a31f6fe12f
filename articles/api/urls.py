"""The content API's routes, under the "api" namespace (newsroom/urls.py includes them deferred).

These are django-ninja's own patterns; its app name is "ninja" and its namespace "api", as
`api.urls` gives them, so reverse("api:…") works as ninja expects.
"""

from articles.api.views import api

urlpatterns, app_name, namespace = api.urls
