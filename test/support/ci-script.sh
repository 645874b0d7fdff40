#!/usr/bin/env bash
# Use kr in CI: sign in with curl, run the tests, sign out for real with kr, check it worked.
# Needs: bash, curl, kr on PATH (npm install -g kr-shell, or `npx kr`).
#   APP_URL       the app, e.g. https://staging.example.com (required)
#   CI_USER       the test account (default: ci)
#   CI_PASSWORD   its password (default: empty)
set -euo pipefail

: "${APP_URL:?set APP_URL to the app under test, e.g. https://staging.example.com}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
jar="$work/cookies.txt"

# 1. Sign in. curl keeps the session cookies in a Netscape cookie jar (mode 0600 is wise).
curl --silent --show-error --fail --cookie-jar "$jar" \
  --data-urlencode "username=${CI_USER:-ci}" --data-urlencode "password=${CI_PASSWORD:-}" \
  "$APP_URL/Account/Login" --output /dev/null
chmod 600 "$jar"

# 2. The tests: anything that sends the jar's cookies (curl -b, or your test runner).
curl --silent --show-error --fail --cookie "$jar" "$APP_URL/me" --output /dev/null

# 3. Sign out. --follow makes kr the user agent: it follows the sign-out's redirects with
#    the jar, so the server (and an identity provider, for -AuthKind Oidc) sees the logout.
status=0
kr --follow --jar "$jar" --url "$APP_URL/" Invoke-KrCookieSignOut -Redirect || status=$?
if [ "$status" -ne 0 ]; then
  echo "sign-out failed: kr exited with $status" >&2
  exit "$status"
fi

# 4. Prove it by asking the app, not the jar: /me must no longer let the jar in.
#    (kr ... Invoke-KrCookieSignOut -Verify also replays the OLD cookie: an app without a
#    server-side ticket store still accepts it, and kr says so with SessionStillValid, exit 1.)
if ! kr --jar "$jar" Test-KrSession "$APP_URL/me" -Assert SignedOut; then
  echo "still signed in after the sign-out" >&2
  exit 1
fi
echo "signed out of $APP_URL"
