#!/usr/bin/env bash
# End-to-end proof that Byline's CDN purge keeps Varnish fresh.
#
# In a temp dir: builds Byline (npm run build) and serves dist/src/server.js on a fresh SQLite
# file with the demo seeded; starts varnishd (no systemd) with scripts/varnish/byline.vcl in
# front of it; mints an admin key; registers Varnish as a `kind: "varnish"` webhook; reads the
# review of "Her" through Varnish twice (the second read must be a HIT); changes its dek with
# PATCH /v1/stories/{slug} (If-Match from the preview); then reads it through Varnish until the
# edit shows, which must happen within ~10 s (the cache TTL is 300 s, so only the purge can
# explain it) and on a MISS, with Byline's delivery log showing the PURGE answered.
#
# Prints "varnish-check: PASS: …" / "varnish-check: FAIL: …" lines and a final
# "varnish-check: PASSED" or "varnish-check: FAILED". Exit 0 on pass, 1 on fail; exit 0 with
# "varnish-check: SKIPPED: <reason>" when varnishd or vmod xkey is unavailable.
# Stops every process it started (by saved PID) and removes the temp dir however it ends;
# VARNISH_CHECK_KEEP=1 keeps the temp dir (logs, VCL, database) for a look afterwards.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
VCL_SOURCE=$ROOT/scripts/varnish/byline.vcl
PURGE_WAIT_SECONDS=${VARNISH_CHECK_PURGE_WAIT:-10}

say () { echo "varnish-check: $*"; }
skip () { say "SKIPPED: $*"; exit 0; }

# --- Is Varnish with vmod xkey here? -------------------------------------------------------
VARNISHD=$(command -v varnishd || true)
[ -z "$VARNISHD" ] && [ -x /usr/sbin/varnishd ] && VARNISHD=/usr/sbin/varnishd
[ -z "$VARNISHD" ] && skip "varnishd is not installed (Debian: apt-get install varnish varnish-modules)"
command -v curl >/dev/null || skip "curl is not installed"

TMP=$(mktemp -d "${TMPDIR:-/tmp}/varnish-check.XXXXXX")
# varnishd drops to its own users (varnish, vcache) when started as root: they must reach the
# workdir and the VCL in here.
chmod 755 "$TMP"
BYLINE_PID=
VARNISH_PID=
FAILED=0

stop_pid () { # pid name: TERM, up to 5 s, then KILL
  local pid=$1 name=$2 i
  [ -n "$pid" ] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  for i in $(seq 50); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  if kill -0 "$pid" 2>/dev/null; then
    echo "varnish-check: $name (pid $pid) ignored SIGTERM; sending SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null
  fi
  wait "$pid" 2>/dev/null
}
cleanup () {
  trap '' INT TERM # a signal now must not cut the cleanup short
  stop_pid "$VARNISH_PID" varnishd
  stop_pid "$BYLINE_PID" byline
  if [ "${VARNISH_CHECK_KEEP:-0}" = 1 ]; then say "kept $TMP"; else rm -rf "$TMP"; fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Compiling a VCL that imports xkey loads the vmod: the surest test that it is usable.
printf 'vcl 4.1;\nimport xkey;\nbackend default none;\n' > "$TMP/probe.vcl"
if ! "$VARNISHD" -C -n "$TMP/probe" -f "$TMP/probe.vcl" >/dev/null 2>"$TMP/probe.err"; then
  reason=$(grep -m1 -iE 'xkey|error|could not' "$TMP/probe.err" || head -n 1 "$TMP/probe.err")
  skip "vmod xkey does not load (Debian: apt-get install varnish-modules): ${reason:-varnishd -C failed}"
fi

fail () { say "FAIL: $*"; FAILED=1; }
pass () { say "PASS: $*"; }
finish () {
  if [ "$FAILED" -ne 0 ]; then
    echo "--- byline log (last 40 lines) ---"; tail -n 40 "$TMP/byline.log" 2>/dev/null
    echo "--- varnishd log (last 20 lines) ---"; tail -n 20 "$TMP/varnishd.log" 2>/dev/null
    if [ -n "${KEY:-}" ] && [ -n "${BYLINE_PORT:-}" ]; then
      echo "--- GET /v1/webhooks ---"
      curl -sS -m 5 -H "Authorization: Bearer $KEY" "http://127.0.0.1:$BYLINE_PORT/v1/webhooks" 2>&1 | head -c 3000; echo
      if [ -n "${ENDPOINT_ID:-}" ]; then
        echo "--- GET /v1/webhooks/$ENDPOINT_ID/attempts ---"
        curl -sS -m 5 -H "Authorization: Bearer $KEY" "http://127.0.0.1:$BYLINE_PORT/v1/webhooks/$ENDPOINT_ID/attempts" 2>&1 | head -c 3000; echo
      fi
    fi
    say FAILED
    exit 1
  fi
  say PASSED
  exit 0
}
abort () { fail "$*"; finish; }

free_port () {
  node -e "const s = require('node:net').createServer(); s.listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close() })"
}
# get <url> <name> [curl args…]: the status in $STATUS, headers in $TMP/<name>.h, body in $TMP/<name>.b
get () {
  local url=$1 name=$2; shift 2
  STATUS=$(curl -sS -m 10 -o "$TMP/$name.b" -D "$TMP/$name.h" -w '%{http_code}' "$@" "$url" 2>"$TMP/$name.err") || STATUS=000
}
header () { # header <name> <file>: the (last) value of a response header
  tr -d '\r' < "$2" | sed -n "s/^$1: *//Ip" | tail -n 1
}

# --- Byline --------------------------------------------------------------------------------
say "building Byline (npm run build)"
npm run --silent build > "$TMP/build.log" 2>&1 || { cat "$TMP/build.log"; abort "npm run build failed"; }

BYLINE_PORT=$(free_port)
VARNISH_PORT=$(free_port)
while [ "$VARNISH_PORT" = "$BYLINE_PORT" ]; do VARNISH_PORT=$(free_port); done
BYLINE=http://127.0.0.1:$BYLINE_PORT
VARNISH=http://127.0.0.1:$VARNISH_PORT

# A clean environment for the server: SQLite in $TMP whatever the caller's DATABASE_URL says.
byline_env=(env -u DATABASE_URL -u DATABASE_REPLICA_URLS
  DATABASE_PATH="$TMP/byline.db" HOST=127.0.0.1 PORT="$BYLINE_PORT" WORKERS=1 SEED_DEMO=true
  LOG_LEVEL=info WEBHOOK_DISPATCH=true WEBHOOK_ALLOWED_NETWORKS=127.0.0.1 WEBHOOK_POLL_MS=500)

"${byline_env[@]}" node dist/src/server.js > "$TMP/byline.log" 2>&1 &
BYLINE_PID=$!
say "byline pid $BYLINE_PID on $BYLINE (database $TMP/byline.db)"
ready=0
for _ in $(seq 300); do
  kill -0 "$BYLINE_PID" 2>/dev/null || abort "byline exited during start"
  if curl -sf -m 2 -o /dev/null "$BYLINE/readyz"; then ready=1; break; fi
  sleep 0.2
done
[ "$ready" = 1 ] || abort "byline not ready on $BYLINE/readyz after 60 s"

# --- Varnish -------------------------------------------------------------------------------
# The committed VCL with its backend port rewritten to this Byline's.
sed -E "s/^([[:space:]]*\.port = )\"[0-9]+\";(.*BYLINE_PORT.*)$/\1\"$BYLINE_PORT\";\2/" "$VCL_SOURCE" > "$TMP/byline.vcl"
grep -q "\.port = \"$BYLINE_PORT\";" "$TMP/byline.vcl" || abort "could not set the backend port in $TMP/byline.vcl (the BYLINE_PORT line of $VCL_SOURCE)"
chmod 644 "$TMP/byline.vcl"
"$VARNISHD" -C -n "$TMP/varnish" -f "$TMP/byline.vcl" >/dev/null 2>"$TMP/vcl-compile.log" || { cat "$TMP/vcl-compile.log"; abort "scripts/varnish/byline.vcl does not compile"; }

"$VARNISHD" -F -n "$TMP/varnish" -a "127.0.0.1:$VARNISH_PORT" -T none -f "$TMP/byline.vcl" -s malloc,64m > "$TMP/varnishd.log" 2>&1 &
VARNISH_PID=$!
say "varnishd pid $VARNISH_PID on $VARNISH ($("$VARNISHD" -V 2>&1 | head -n 1))"
ready=0
for _ in $(seq 100); do
  kill -0 "$VARNISH_PID" 2>/dev/null || abort "varnishd exited during start"
  code=$(curl -s -m 2 -o /dev/null -w '%{http_code}' "$VARNISH/readyz" || true)
  if [ "$code" = 200 ]; then ready=1; break; fi
  sleep 0.2
done
[ "$ready" = 1 ] || abort "varnishd not answering on $VARNISH after 20 s"

# --- An admin key and the purge endpoint ---------------------------------------------------
KEY=$("${byline_env[@]}" node dist/src/cli/keys.js create --role admin --name "varnish-check" 2>"$TMP/keys.err" | grep -m1 '^byl_')
[ -n "$KEY" ] || { cat "$TMP/keys.err"; abort "could not mint an admin key (node dist/src/cli/keys.js create --role admin)"; }
AUTH="Authorization: Bearer $KEY"
pass "minted an admin key"

printf '{"kind":"varnish","url":"%s/","description":"varnish-check: Varnish on 127.0.0.1"}' "$VARNISH" > "$TMP/webhook.json"
get "$BYLINE/v1/webhooks" webhook -X POST -H "$AUTH" -H 'Content-Type: application/json' --data-binary "@$TMP/webhook.json"
ENDPOINT_ID=$(node -e 'console.log(JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8")).endpoint?.id ?? "")' "$TMP/webhook.b" 2>/dev/null)
if [ "$STATUS" = 201 ]; then
  pass "POST /v1/webhooks kind=varnish url=$VARNISH/ -> 201 (endpoint ${ENDPOINT_ID:-?})"
else
  abort "POST /v1/webhooks kind=varnish -> $STATUS: $(head -c 500 "$TMP/webhook.b")"
fi

# --- The review of "Her" -------------------------------------------------------------------
SLUG=$(BASE=$BYLINE node --input-type=module -e '
  const base = process.env.BASE
  let url = `${base}/v1/reviews?subjectKind=film&limit=100`
  for (let page = 0; page < 100 && url; page++) {
    const res = await fetch(url)
    if (!res.ok) { console.error(`GET ${url}: ${res.status}`); process.exit(1) }
    const { data, meta } = await res.json()
    const her = data.find((r) => r.subject?.title === "Her")
    if (her) { console.log(her.slug); process.exit(0) }
    url = meta.nextCursor ? `${base}/v1/reviews?subjectKind=film&limit=100&cursor=${encodeURIComponent(meta.nextCursor)}` : null
  }
  process.exit(1)
' 2>"$TMP/slug.err")
[ -n "$SLUG" ] || { cat "$TMP/slug.err"; abort "no review of \"Her\" in GET /v1/reviews?subjectKind=film"; }
URL=$VARNISH/v1/reviews/$SLUG
say "the review of Her: /v1/reviews/$SLUG"

get "$URL" first
first_cache=$(header X-Cache "$TMP/first.h")
[ "$STATUS" = 200 ] || abort "GET $URL (1st) -> $STATUS"
keys=$(header Surrogate-Key "$TMP/first.h")
[ -n "$keys" ] || fail "GET $URL carries no Surrogate-Key"
say "1st GET: 200 X-Cache: $first_cache; Surrogate-Key: $keys"
[ "$first_cache" = MISS ] || fail "1st GET through a fresh Varnish should be a MISS, got '$first_cache'"

get "$URL" second
second_cache=$(header X-Cache "$TMP/second.h")
if [ "$STATUS" = 200 ] && [ "$second_cache" = HIT ]; then
  pass "2nd GET: 200 X-Cache: HIT (Age: $(header Age "$TMP/second.h"))"
else
  abort "2nd GET should be a 200 HIT, got $STATUS X-Cache: '$second_cache' (Cache-Control: $(header Cache-Control "$TMP/second.h"))"
fi

# --- The edit ------------------------------------------------------------------------------
get "$BYLINE/v1/preview/stories/$SLUG" preview -H "$AUTH"
ETAG=$(header ETag "$TMP/preview.h")
[ "$STATUS" = 200 ] && [ -n "$ETAG" ] || abort "GET /v1/preview/stories/$SLUG -> $STATUS, ETag '$ETAG'"
NEW_DEK="Varnish check $(date +%s)-$$: a purge reached the cache"
printf '{"dek":"%s"}' "$NEW_DEK" > "$TMP/patch.json"
grep -qF "$NEW_DEK" "$TMP/second.b" && abort "the cached body already has the new dek"
get "$BYLINE/v1/stories/$SLUG" patch -X PATCH -H "$AUTH" -H "If-Match: $ETAG" -H 'Content-Type: application/json' --data-binary "@$TMP/patch.json"
[ "$STATUS" = 200 ] || abort "PATCH /v1/stories/$SLUG (If-Match $ETAG) -> $STATUS: $(head -c 500 "$TMP/patch.b")"
patched_at=$(date +%s%N)
pass "PATCH /v1/stories/$SLUG {\"dek\": \"$NEW_DEK\"} -> 200"

# --- Through Varnish until the edit shows --------------------------------------------------
stale=0
seen=0
n=0
deadline=$(( $(date +%s%N) + PURGE_WAIT_SECONDS * 1000000000 ))
while [ "$(date +%s%N)" -lt "$deadline" ]; do
  n=$((n + 1))
  get "$URL" poll
  cache=$(header X-Cache "$TMP/poll.h")
  if [ "$STATUS" = 200 ] && grep -qF "$NEW_DEK" "$TMP/poll.b"; then
    seen=1
    ms=$(( ($(date +%s%N) - patched_at) / 1000000 ))
    break
  fi
  [ "$cache" = HIT ] && stale=$((stale + 1))
  sleep 0.1
done
if [ "$seen" = 1 ]; then
  say "the edit showed through Varnish on read $n, ${ms} ms after the PATCH ($stale stale HITs before it)"
  if [ "$cache" = MISS ]; then
    pass "the edited review came through Varnish as a MISS (purged, fetched again)"
  else
    fail "the first read showing the edit should be a MISS, got X-Cache: '$cache'"
  fi
  get "$URL" after
  after_cache=$(header X-Cache "$TMP/after.h")
  if [ "$after_cache" = HIT ] && grep -qF "$NEW_DEK" "$TMP/after.b"; then
    pass "the next read is a HIT with the edit (cached again)"
  else
    fail "the read after the refetch should be a HIT with the edit, got X-Cache: '$after_cache'"
  fi
  # Byline's side of it: the delivery log holds the PURGE and Varnish's answer.
  attempt=
  for _ in $(seq 25); do
    get "$BYLINE/v1/webhooks/$ENDPOINT_ID/attempts" attempts -H "$AUTH"
    attempt=$(node -e '
      const { data } = JSON.parse(require("node:fs").readFileSync(process.argv[1], "utf8"))
      const a = (data ?? []).find((x) => x.ok)
      if (a) console.log(`attempt ${a.attempt} of message ${a.messageSeq}: ${a.status} in ${a.durationMs} ms, ${JSON.stringify(a.responseBody.trim())}`)
    ' "$TMP/attempts.b" 2>/dev/null)
    [ -n "$attempt" ] && break
    sleep 0.2
  done
  if [ -n "$attempt" ]; then
    pass "Byline's delivery log for the endpoint: $attempt"
  else
    fail "GET /v1/webhooks/$ENDPOINT_ID/attempts shows no successful delivery ($STATUS: $(head -c 500 "$TMP/attempts.b"))"
  fi
else
  fail "Varnish still served the old review ${PURGE_WAIT_SECONDS} s after the PATCH ($n reads, last X-Cache: '$cache'): no purge arrived"
fi
finish
