#!/usr/bin/env bash
# Copies the team's reference material (../shared, beside the repository on the developers'
# machines only) into the repository, which is all a fresh clone has: the fixtures into
# test/fixtures (the tests read them there) and DESIGN.md into docs/. Run it when the shared
# copy changes and commit the result; `--check` only reports whether the copies differ.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=../shared
if [ ! -d "$shared/fixtures" ]; then
  echo "sync-fixtures: no $shared/fixtures beside the repository; nothing to copy (test/fixtures is the copy in use)." >&2
  exit 2
fi

# copy_into ROOT: lays the copies out below ROOT as they stand in the repository.
copy_into() {
  local root=$1
  rm -rf "$root/test/fixtures"
  mkdir -p "$root/test" "$root/docs"
  cp -r "$shared/fixtures" "$root/test/fixtures"
  chmod -R u+w "$root/test/fixtures"
  # The shared README names paths as seen from beside the repository; inside it they are test/fixtures.
  sed -i 's#`\.\./shared/fixtures/#`test/fixtures/#g; s#\.\./shared/fixtures#test/fixtures#g' "$root/test/fixtures/README.md"
  cp "$shared/DESIGN.md" "$root/docs/DESIGN.md"
  chmod u+w "$root/docs/DESIGN.md"
  sed -i 's#\.\./shared/fixtures#test/fixtures#g; s#\.\./shared/DESIGN\.md#docs/DESIGN.md#g' "$root/docs/DESIGN.md"
}

if [ "${1:-}" = "--check" ]; then
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' EXIT
  copy_into "$scratch"
  if diff -r "$scratch/test/fixtures" test/fixtures >/dev/null && diff "$scratch/docs/DESIGN.md" docs/DESIGN.md >/dev/null; then
    echo "test/fixtures and docs/DESIGN.md are up to date."
    exit 0
  fi
  echo "the copies differ from $shared; run scripts/sync-fixtures.sh and commit:" >&2
  diff -rq "$scratch/test/fixtures" test/fixtures >&2 || true
  diff -q "$scratch/docs/DESIGN.md" docs/DESIGN.md >&2 || true
  exit 1
fi
copy_into .
echo "copied $shared/fixtures to test/fixtures and $shared/DESIGN.md to docs/DESIGN.md"
