#!/usr/bin/env bash
# NetTumorBoard: run every test — unit, integration (real PostgreSQL, real SignalR), bUnit and end-to-end
# (Playwright driving Debian's Chromium). Installs what is missing, builds, runs, and ends with one line
# "N passed, N failed" (", N skipped" if any); exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
. infra/scripts/prereqs.sh

ntb_require_dotnet
ntb_require_postgres always
ntb_require_chromium
ntb_require_fonts

configuration="${NTB_TEST_CONFIGURATION:-Release}"
ntb_say "Building the solution ($configuration, warnings are errors) ..."
dotnet build NetTumorBoard.sln -c "$configuration" --nologo -v quiet -clp:ErrorsOnly

passed=0; failed=0; skipped=0; broken=0
log_dir="${TMPDIR:-/tmp}/ntb-test-logs"
mkdir -p "$log_dir"
for project in tests/NetTumorBoard.Tests e2e/NetTumorBoard.E2E; do
  name=$(basename "$project")
  ntb_say "Running $name ..."
  log="$log_dir/$name.log"
  set +e
  dotnet test --project "$project" -c "$configuration" --no-build 2>&1 | tee "$log"
  status=${PIPESTATUS[0]}
  set -e
  total_line=$(grep -E '^\s+total: [0-9]+' "$log" | tail -1 || true)
  if [ -z "$total_line" ]; then
    ntb_say "$name produced no test summary (exit $status)."
    broken=$((broken + 1))
    continue
  fi
  count() { grep -E "^\s+$1: [0-9]+" "$log" | tail -1 | grep -oE '[0-9]+' || echo 0; }
  p=$(count succeeded); f=$(count failed); s=$(count skipped)
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + s))
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then
    ntb_say "$name exited with $status although no test failed."
    broken=$((broken + 1))
  fi
done

summary="$passed passed, $failed failed"
[ "$skipped" -gt 0 ] && summary="$summary, $skipped skipped"
echo "$summary"
[ "$failed" -eq 0 ] && [ "$broken" -eq 0 ]
