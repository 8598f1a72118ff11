import time

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed

from .actor import acting_as


class CurrentActorMiddleware:
    """Make the request's user the author of every change made while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with acting_as(user if user is not None and user.is_authenticated else None):
            return self.get_response(request)


class ServerTimingMiddleware:
    """With SERVER_TIMING on (the month-end benchmark turns it on), every response says in a Server-Timing header
    how much CPU its thread spent in Django on it, so the load test reads each request kind's cost under load.
    Off by default: how long a request computed is nobody else's business."""

    def __init__(self, get_response):
        if not getattr(settings, "SERVER_TIMING", False):
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        started = time.thread_time()
        response = self.get_response(request)
        response["Server-Timing"] = f"app;dur={(time.thread_time() - started) * 1000:.2f}"
        return response
