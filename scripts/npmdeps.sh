#!/bin/sh
# The npm packages the LMS tests use (a SCORM 1.2 runtime, the SCORM 1.2
# schemas, a GIFT parser), at the versions of tests/lms/package-lock.json,
# installed with `npm ci` into _build/node/ when the lock changed.
set -e
cd "$(dirname "$0")/.."
dest=_build/node
if ! cmp -s tests/lms/package-lock.json "$dest/package-lock.json" || [ ! -d "$dest/node_modules" ]; then
    rm -rf "$dest"
    mkdir -p "$dest"
    cp tests/lms/package.json tests/lms/package-lock.json "$dest/"
    (cd "$dest" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
fi
