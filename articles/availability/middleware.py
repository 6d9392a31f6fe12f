"""Placeholder replaced by the availability work (see the brief); passes every request through."""


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)
