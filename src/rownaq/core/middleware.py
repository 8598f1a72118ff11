from .actor import acting_as


class CurrentActorMiddleware:
    """Make the request's user the author of every change made while serving it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        with acting_as(user if user is not None and user.is_authenticated else None):
            return self.get_response(request)
