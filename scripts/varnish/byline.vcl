# Varnish in front of Byline, purged by surrogate key.
#
# Byline tags every public response with `Surrogate-Key: story/<id> section/<id> …` and
# `Cache-Control: public, …, s-maxage=300`. This VCL copies those keys into vmod xkey's
# index, caches the public GETs for their s-maxage, and answers Byline's purge webhook
# (`kind: "varnish"`): `PURGE /` with `xkey: <space-separated keys>` drops every object
# tagged with any of those keys, answering 200 with xkey's count (one per key and object:
# one story cached under its 7 keys is "purged 7 objects").
#
# Needs Varnish 7 and vmod xkey (Debian: apt-get install varnish varnish-modules).
#   varnishd -F -a 127.0.0.1:6081 -f "$PWD/scripts/varnish/byline.vcl" -s malloc,64m
# scripts/varnish-check.sh runs it against a throwaway Byline (it rewrites the backend port).
vcl 4.1;

import xkey;

backend byline {
    .host = "127.0.0.1";
    .port = "3000";    # BYLINE_PORT: scripts/varnish-check.sh rewrites this line
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# Who may purge: Byline's deliverer. Widen to the API hosts when Byline runs elsewhere
# (and list their network in Byline's WEBHOOK_ALLOWED_NETWORKS if it is private).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.http.xkey) {
            set req.http.x-purged = xkey.purge(req.http.xkey);
            return (synth(200, "Purged " + req.http.x-purged));
        }
        # A PURGE without keys drops the one URL it names.
        return (purge);
    }
    # Everything else takes the built-in path: GET and HEAD without Authorization or
    # Cookie are looked up in the cache; editorial calls (with a key) go straight through.
}

sub vcl_backend_response {
    # Tag the object with Byline's surrogate keys so xkey.purge finds it.
    if (beresp.http.Surrogate-Key) {
        set beresp.http.xkey = beresp.http.Surrogate-Key;
    }
    # Cache-Control (s-maxage, stale-while-revalidate) sets the TTL and grace; the
    # built-in logic refuses private and no-store responses.
}

sub vcl_synth {
    if (req.method == "PURGE" && req.http.x-purged) {
        set resp.http.Content-Type = "text/plain; charset=utf-8";
        set resp.http.X-Purged = req.http.x-purged;
        set resp.body = "purged " + req.http.x-purged + {" objects
"};
        return (deliver);
    }
}

sub vcl_deliver {
    # The keys are Varnish's business; Surrogate-Key stays for anyone debugging upstream.
    unset resp.http.xkey;
    if (obj.hits > 0) {
        set resp.http.X-Cache = "HIT";
    } else {
        set resp.http.X-Cache = "MISS";
    }
}
