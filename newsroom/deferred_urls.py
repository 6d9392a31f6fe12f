"""A URLconf include that imports its module only when a request or a reverse() first needs it.

Django's include() imports the module at once, and populating the root resolver (the first
reverse() of any page) populates every include in it. The content API's module brings in
django-ninja, pydantic and, through ninja.conf, django.test: 14 MiB in every gunicorn worker,
though reader and admin requests never reach it. Included with `deferred_include()`, the API is
imported by the first request under its prefix, or the first reverse() of one of its names.
The include must be namespaced: the root resolver reverses an un-namespaced include's names
itself, which would import it.
"""

from __future__ import annotations

from django.urls import URLResolver
from django.urls.resolvers import RoutePattern


class DeferredURLResolver(URLResolver):
    """A namespaced URLResolver whose module is imported, and patterns read, on first use.

    The parent's populate calls `_populate()` on every child: here that does nothing until the
    module has been imported. Resolving under the prefix reads `url_patterns`, which imports it;
    reversing one of its names reads the dictionaries below, which import it and then populate.
    """

    def _populate(self):
        if "urlconf_module" in self.__dict__:  # the cached_property has imported it
            super()._populate()

    @property
    def reverse_dict(self):
        self.urlconf_module  # noqa: B018 - imports the module, so populating reads its patterns
        return super().reverse_dict

    @property
    def namespace_dict(self):
        self.urlconf_module  # noqa: B018
        return super().namespace_dict

    @property
    def app_dict(self):
        self.urlconf_module  # noqa: B018
        return super().app_dict


def deferred_include(route: str, module: str, *, app_name: str, namespace: str) -> DeferredURLResolver:
    """`path(route, include((module, app_name), namespace))`, importing `module` on first use."""
    pattern = RoutePattern(route, is_endpoint=False)
    return DeferredURLResolver(pattern, module, app_name=app_name, namespace=namespace)
