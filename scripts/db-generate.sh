#!/usr/bin/env bash
# Generate the next migration from the drizzle schemas (server/kernel/*.schema.ts and
# server/modules/*/*.schema.ts). Serialised with a lock so two people never write the journal at once.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p .tmp
exec flock .tmp/db-generate.lock npx drizzle-kit generate "$@"
