#!/usr/bin/env bash
# The one-command demo: installs what is missing, builds, and runs `listing-scanner demo`.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
bash deploy/dev/install-deps.sh
dotnet run --project src/ListingScanner -c Release -- demo "$@"
