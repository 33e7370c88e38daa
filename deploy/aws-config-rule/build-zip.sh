#!/bin/sh
# Builds the AWS Lambda package of the sealcheck AWS Config rule: the packed sealcheck
# with its production dependencies, and index.mjs re-exporting its handler
# (the template's Handler is index.handler). Usage: build-zip.sh [OUTPUT.zip]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
out=$(realpath -m "${1:-sealcheck-aws-config-rule.zip}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

tarball=$(cd "$root" && npm pack --silent --pack-destination "$work" | tail -n 1)
mkdir "$work/function"
cd "$work/function"
printf '{ "private": true, "type": "module" }\n' > package.json
# No install scripts: the handler never loads the native SQLite binding (run history is a CLI feature).
npm install --omit=dev --ignore-scripts --no-audit --no-fund "$work/$tarball" >/dev/null
printf "export { handler } from 'sealcheck/aws-config-rule';\n" > index.mjs
node --input-type=module -e "import('./index.mjs').then((m) => { if (typeof m.handler !== 'function') process.exit(1); })"
rm -f "$out"
zip -qr "$out" .
echo "$out ($(du -k "$out" | cut -f1) KiB zipped, $(du -sk . | cut -f1) KiB unzipped)"
