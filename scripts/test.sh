#!/bin/sh
# npm test: build, then the lint and the type-check beside vitest. The tests leave part of the second core idle
# while they wait for their peers; the checks fill it instead of running before the tests. The checks' output is
# kept aside and printed after the tests' (a failing check's whole output, a passing one's last line); the exit
# status is the first failure's: build, lint, type-check, tests.
set -u
# the checks and vitest are Node programs too: without the host's extra CA file (vitest.config.ts says why)
unset NODE_EXTRA_CA_CERTS
npm run --silent build || exit $?
dir=$(mktemp -d "${TMPDIR:-/tmp}/gnsskit-test-XXXXXX")
trap 'rm -rf "$dir"' EXIT
npm run --silent lint >"$dir/lint" 2>&1 &
lint=$!
npm run --silent typecheck >"$dir/typecheck" 2>&1 &
typecheck=$!
# vitest itself, not through npx: npx is half a second of CPU before the first test
node_modules/.bin/vitest run "$@"
tests=$?
# check NAME PID: wait for it, print its verdict (its whole output when it failed); its exit status
check() {
  wait "$2"
  code=$?
  if [ "$code" -ne 0 ]; then
    echo "npm test: $1 failed (exit $code):"
    cat "$dir/$1"
  else
    echo "npm test: $1 passed"
  fi
  return "$code"
}
check lint "$lint"
lint_status=$?
check typecheck "$typecheck"
typecheck_status=$?
for status in "$lint_status" "$typecheck_status" "$tests"; do
  [ "$status" -ne 0 ] && exit "$status"
done
exit 0
