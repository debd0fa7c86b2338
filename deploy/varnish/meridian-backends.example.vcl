# The app nodes behind Varnish: one `backend` per gunicorn node, each probed with
# `healthz` (meridian.vcl) and added to the `app` round-robin director.
# `make stack` writes its own copy with the ports it chose (deploy/stack.py).

backend node_a {
    .host = "10.0.0.11";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 0.5s;
    .first_byte_timeout = 30s;
}

backend node_b {
    .host = "10.0.0.12";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 0.5s;
    .first_byte_timeout = 30s;
}

sub vcl_init {
    app.add_backend(node_a);
    app.add_backend(node_b);
}
