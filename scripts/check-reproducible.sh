#!/usr/bin/env bash
# Builds the WAR of the current commit twice, each in a fresh copy of the tree (git archive HEAD) with its own
# target/, and checks that the two are byte-identical (SHA-256). Uncommitted changes are not part of the check.
# Extra arguments go to Maven, e.g. scripts/check-reproducible.sh -o (offline).
# Exit status: 0 identical, 1 different (the entries that differ are listed), 2 a build failed.
set -euo pipefail
cd "$(dirname "$0")/.."

commit=$(git rev-parse HEAD)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for copy in first second; do
  mkdir "$work/$copy"
  git archive HEAD | tar -x -C "$work/$copy"
  # The copies have no .git: hand the build the commit that --version reports.
  if ! (cd "$work/$copy" && mvn -B -q package -Dmaven.test.skip=true -Dgit.commit.id="$commit" "$@" \
        > "$work/$copy.log" 2>&1); then
    echo "check-reproducible: the $copy build failed:" >&2
    tail -n 40 "$work/$copy.log" >&2
    exit 2
  fi
  # A pause, so that anything taken from the clock would differ between the two builds.
  sleep 2
done

first=$(sha256sum < "$work/first/target/safehouse.war" | cut -d' ' -f1)
second=$(sha256sum < "$work/second/target/safehouse.war" | cut -d' ' -f1)
echo "commit $commit"
echo "first  build: $first  ($(stat -c %s "$work/first/target/safehouse.war") bytes)"
echo "second build: $second  ($(stat -c %s "$work/second/target/safehouse.war") bytes)"
if [ "$first" = "$(cut -d' ' -f1 "$work/first/target/safehouse.war.sha256")" ]; then
  echo "target/safehouse.war.sha256 matches"
else
  echo "check-reproducible: target/safehouse.war.sha256 does not match the WAR" >&2
  exit 1
fi
if [ "$first" != "$second" ]; then
  echo "check-reproducible: the two WARs differ; entries whose CRC, size or time differ:" >&2
  diff <(unzip -v "$work/first/target/safehouse.war" | awk 'NR>3 {print $1, $5, $6, $7, $8}') \
       <(unzip -v "$work/second/target/safehouse.war" | awk 'NR>3 {print $1, $5, $6, $7, $8}') >&2 || true
  exit 1
fi
echo "reproducible: both builds gave the same WAR"
