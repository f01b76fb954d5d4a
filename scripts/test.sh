#!/usr/bin/env bash
# The whole test suite, set-up included: what README's test command and
# .ci/run both call. It needs only Go on the PATH; anything else the tests
# need is installed here first.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== go version: $(go version)"
go mod download

echo "== versitygw (S3-compatible server for the s3:// tests)"
VERSITYGW="$PWD/.tools/bin/versitygw"
if [ ! -x "$VERSITYGW" ]; then
  # About 80 s the first time; cached in .tools/ afterwards.
  GOBIN="$PWD/.tools/bin" go install github.com/versity/versitygw/cmd/versitygw@v1.8.0
fi
export SIGHTLINE_VERSITYGW="$VERSITYGW"

echo "== chromium (headless browser for the report and review tests)"
# Debian's chromium; about 25 s to install on a fresh machine (apt-get
# update ~8 s, install ~16 s), nothing when it is there. The browser tests
# skip without SIGHTLINE_CHROMIUM only outside CI (CI unset); here it is
# always set, so they run, and fail if the browser cannot start.
if [ -z "${SIGHTLINE_CHROMIUM:-}" ]; then
  if ! command -v chromium >/dev/null; then
    SUDO=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then SUDO="sudo -n"; fi
    t0=$SECONDS
    if ! { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; }; then
      echo "could not install chromium (needs root or sudo and Debian's packages);"
      echo "install it, or set SIGHTLINE_CHROMIUM to a chromium binary, and run again"
      exit 1
    fi
    echo "installed chromium in $((SECONDS - t0)) s"
  fi
  SIGHTLINE_CHROMIUM=$(command -v chromium)
fi
export SIGHTLINE_CHROMIUM

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...

echo "== beam module (sightline-beam): go vet, go test on prism"
# Its own module, so the core build above never pulls Beam; gofmt above
# already covers its files. The first build compiles Beam's Go SDK.
(cd beam && go mod download && go vet ./... && go test -count=1 ./...)
