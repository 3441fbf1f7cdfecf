#!/bin/sh
# npm test: build, then the lint and the type-check beside vitest. The tests leave part of the second core idle
# while they wait for their peers; the checks fill it instead of running before the tests. The checks' output is
# kept aside and printed after the tests' (a failing check's whole output, a passing one's last line); the exit
# status is the first failure's: build, lint, type-check, tests.
set -u
npm run --silent build || exit $?
dir=$(mktemp -d "${TMPDIR:-/tmp}/gnsskit-test-XXXXXX")
trap 'rm -rf "$dir"' EXIT
npm run --silent lint >"$dir/lint" 2>&1 &
lint=$!
npm run --silent typecheck >"$dir/typecheck" 2>&1 &
typecheck=$!
npx vitest run "$@"
tests=$?
status=0
for check in lint typecheck; do
  eval "pid=\$$check"
  wait "$pid"
  code=$?
  if [ "$code" -ne 0 ]; then
    echo "npm test: $check failed (exit $code):"
    cat "$dir/$check"
    [ "$status" -eq 0 ] && status=$code
  else
    echo "npm test: $check passed"
  fi
done
[ "$status" -ne 0 ] && exit "$status"
exit "$tests"
