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

echo "== gofmt"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change:"; echo "$unformatted"; exit 1
fi

echo "== go vet"
go vet ./...

echo "== go test"
go test -count=1 ./...
