"""Sign-in backends: django-axes' lockout in front of Django's password check."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """Axes' lockout for every sign-in that arrives with a request.

    A sign-in from the admin's login form always carries its request, so its username
    and address are counted and locked out. A call to ``authenticate()`` without one
    (a management command, the test client's ``login()``) has no address to lock, so
    this backend stands aside instead of raising, and the password check decides.
    """

    def authenticate(self, request=None, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
