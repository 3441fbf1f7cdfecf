#!/bin/sh
# npm test: build, then everything else at once: the peer tests in the foreground, and beside them the unit tests
# (one worker), the lint and the type-check. The peer tests spend much of their time waiting for their peers (a
# simulated receiver's pace, a browser, a broker); the unit tests, which only compute, and the checks fill that
# time instead of running after it. What ran beside is printed after the peer tests' output (a failing run's whole
# output, a passing one's verdict); the exit status is the first failure's: build, lint, type-check, unit, peers.
# With arguments (`npm test -- FILE…`, `npm test -- --project unit`) vitest runs once, with them, as it would alone.
set -u
npm run --silent build || exit $?
dir=$(mktemp -d "${TMPDIR:-/tmp}/gnsskit-test-XXXXXX")
trap 'rm -rf "$dir"' EXIT
npm run --silent lint >"$dir/lint" 2>&1 &
lint=$!
npm run --silent typecheck >"$dir/typecheck" 2>&1 &
typecheck=$!
if [ "$#" -gt 0 ]; then
  npx vitest run "$@"
  tests=$?
  unit_status=0
else
  npx vitest run --project unit --maxWorkers=1 >"$dir/unit" 2>&1 &
  unit=$!
  npx vitest run --project peers
  tests=$?
fi
# check NAME PID: wait for it, print its verdict (its whole output when it failed); its exit status
check() {
  wait "$2"
  code=$?
  if [ "$code" -ne 0 ]; then
    echo "npm test: $1 failed (exit $code):"
    cat "$dir/$1"
  else
    echo "npm test: $1 passed"
    # vitest's closing lines: how many files and tests, how long
    [ "$1" = unit ] && sed 's/\x1b\[[0-9;]*m//g' "$dir/$1" | grep -E '^ *(Test Files|Tests|Duration) '
  fi
  return "$code"
}
if [ "$#" -eq 0 ]; then
  check unit "$unit"
  unit_status=$?
fi
check lint "$lint"
lint_status=$?
check typecheck "$typecheck"
typecheck_status=$?
for status in "$lint_status" "$typecheck_status" "$unit_status" "$tests"; do
  [ "$status" -ne 0 ] && exit "$status"
done
exit 0
