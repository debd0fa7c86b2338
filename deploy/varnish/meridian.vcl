# Meridian behind Varnish 7: cache the API and feeds as the app's Cache-Control
# allows, balance the app nodes round-robin with health probes, retry a failed
# GET/HEAD on another node, and drop every object of a path on `PURGE <path>`
# (of the whole cache with `Meridian-Purge: everything`).
#
#   varnishd -f deploy/varnish/meridian.vcl -p vcl_path=<dir with meridian-backends.vcl>:deploy/varnish
#
# The app nodes are declared in meridian-backends.vcl beside this file's caller
# (`make stack` writes one; deploy/varnish/meridian-backends.example.vcl shows its
# shape): each `backend` uses the `healthz` probe below and is added to `app`.
vcl 4.1;

import directors;

# GET /healthz answers 200 while a node reaches its database. Probed every 0.5 s;
# two failures in the last three take a node out, so a stopped node (its
# connections refused at once) leaves the rotation within about a second, and two
# successes bring it back. The timeout is long on purpose: a busy node's probe waits
# behind the requests its workers are serving, and a busy node is not a dead one.
probe healthz {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: localhost"
        "User-Agent: varnish-probe"
        "Connection: close";
    .interval = 0.5s;
    .timeout = 3s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

# Who may purge: the app nodes and task workers (loopback here; add the app
# network in production).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
}

include "meridian-backends.vcl";

sub vcl_recv {
    set req.backend_hint = app.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Purging is not allowed from this address"));
        }
        # `Meridian-Purge: everything` (a change that reaches the whole site, such
        # as new clinic settings): every object, in one ban.
        if (req.http.Meridian-Purge == "everything") {
            ban("obj.http.x-path ~ ^/");
            return (synth(200, "Purged everything"));
        }
        # Every object of this path, whatever its query string, host or variant.
        # A ban on obj.* only, so the ban lurker clears them in the background.
        ban("obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admins, and anything a user signs in for, are never cached.
    if (req.url ~ "^/(django-)?admin(/|$)" || req.http.Authorization) {
        return (pass);
    }
    # Drafts for headless preview: signed per editor, never stored.
    if (req.url ~ "[?&]preview_token=") {
        return (pass);
    }
    if (req.url ~ "^/api/") {
        # The API is anonymous (no session, no sign-in): a cookie changes nothing
        # it answers, so it must not split or bypass the cache.
        unset req.http.Cookie;
        return (hash);
    }
    # Everything else (pages, static files, /healthz): Varnish's built-in rules,
    # which pass any request with a cookie.
}

sub vcl_backend_fetch {
    # Kept on the object so a purge can find it by path (see vcl_recv).
    set bereq.http.x-path = regsub(bereq.url, "\?.*$", "");
}

sub vcl_backend_response {
    set beresp.http.x-path = bereq.http.x-path;
    unset bereq.http.x-path;
    # Which node answered (kept with a cached copy): for operators and the tests.
    set beresp.http.X-Served-By = beresp.backend.name;

    # A node that is going away may answer 502/503 for an idempotent request:
    # ask the next node instead.
    if (beresp.status >= 502 && beresp.status <= 504 && bereq.retries < 3
        && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
    if (bereq.url ~ "^/(django-)?admin(/|$)") {
        set beresp.uncacheable = true;
        set beresp.ttl = 0s;
        return (deliver);
    }
    # Only what the app marks cacheable: no private/no-store, no cookie being set.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(private|no-store|no-cache)"
        || !beresp.http.Cache-Control) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Serve a stale copy for a short while only when no node can answer.
    set beresp.grace = 10s;
}

sub vcl_backend_error {
    # No answer at all (connection refused, reset, timeout): the round-robin
    # director picks the next healthy node on the retry.
    if (bereq.retries < 3 && (bereq.method == "GET" || bereq.method == "HEAD")) {
        return (retry);
    }
}

sub vcl_deliver {
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
    unset resp.http.x-path;
}
