"""Sign-in backends: django-axes' lockout in front of Django's password check."""

from axes.attempts import get_cool_off_threshold
from axes.backends import AxesStandaloneBackend
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


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


def failure_limit(request, credentials):
    """``AXES_FAILURE_LIMIT``: the limit of whichever count decides this sign-in.

    Axes keeps two counts of recent failures (this username from this address, and
    this address over any username) and compares the larger with one limit. The
    address count is always the larger, so: once this username from this address
    has reached its own limit, that limit; until then, the address's higher one.
    """
    username = get_client_username(request, credentials)
    own = AccessAttempt.objects.filter(
        username=username,
        ip_address=request.axes_ip_address,
        attempt_time__gte=get_cool_off_threshold(request),
    ).aggregate(failures=Sum("failures_since_start"))["failures"]
    per_user = settings.MERIDIAN_LOGIN_FAILURE_LIMIT
    if (own or 0) >= per_user:
        return per_user
    return settings.MERIDIAN_LOGIN_ADDRESS_FAILURE_LIMIT
