"""``/healthz``: is this app node able to serve? For load balancers' health probes.

It answers 200 ``ok`` when the node can reach its database, and 503 otherwise, with
no session, no cookie and nothing cacheable, so Varnish or a cloud load balancer can
take a node out of rotation within one probe interval.
"""

from django.db import connection
from django.db.utils import DatabaseError
from django.http import HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain"
        )
    return HttpResponse("ok\n", content_type="text/plain")
