from . import services


def unread_notifications(request):
    """The bell's count: only the signed-in person's own unread notifications."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": services.unread_count(user)}
