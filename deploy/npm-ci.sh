#!/usr/bin/env bash
# shellcheck disable=SC2016 # the node -e script is JavaScript in single quotes
# `npm ci "$@"` with one narrow fallback. npm ci refuses a lockfile that lacks entries for
# optional platform packages (native bindings for other systems, e.g.
# @unrs/resolver-binding-darwin-arm64): a lockfile written against a registry mirror that
# does not carry them never records them. When those are the ONLY complaints, this installs
# with `npm install --no-save` instead: the locked versions, and the lockfile stays as it is.
# Any other disagreement between package.json and the lockfile still fails.
# Used by .ci/run and deploy/Dockerfile.
set -euo pipefail

log=$(mktemp)
trap 'rm -f "$log"' EXIT

if npm ci "$@" 2>&1 | tee "$log"; then
  exit 0
fi
grep -q 'can only install packages when your package.json and package-lock.json' "$log" || exit 1

# Every "Missing: <name>@<version> from lock file" must name an optional dependency that the
# lockfile itself declares; any "Invalid:" line means real drift.
if node -e '
const fs = require("fs");
const log = fs.readFileSync(process.argv[1], "utf8");
if (/^npm error Invalid: /m.test(log)) process.exit(1);
const missing = [...log.matchAll(/^npm error Missing: (.+?)@\S* from lock file$/gm)].map((m) => m[1]);
const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
const optional = new Set();
for (const pkg of Object.values(lock.packages || {})) {
  for (const name of Object.keys(pkg.optionalDependencies || {})) optional.add(name);
}
const other = missing.filter((name) => !optional.has(name));
if (missing.length === 0 || other.length > 0) {
  if (other.length > 0) console.error(`npm-ci: the lockfile lacks non-optional packages: ${other.join(", ")}`);
  process.exit(1);
}
console.error(`npm-ci: the lockfile lacks only ${missing.length} optional platform package(s); ` +
  "installing the locked versions with npm install --no-save");
' "$log"; then
  exec npm install --no-save "$@"
fi
echo "npm-ci: package.json and package-lock.json disagree: update the lockfile (npm install) and commit it" >&2
exit 1
