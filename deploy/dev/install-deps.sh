#!/usr/bin/env bash
# Installs what ListingScanner needs on a Debian 12 machine, idempotently. Called by demo.sh, test.sh and CI.
#   librdkafka-dev     the native Kafka client (2.0.2) that Confluent.Kafka 1.9.3 binds to, and its mock cluster
#   kcat               an independent Kafka client, used by integration tests
#   prometheus         promtool (metrics/rules checks) and a real Prometheus server for the scrape test
#   unicode-data       Unihan tables, input of src/ListingScanner.Engine/Normalization/Tables/generate_tables.py
#   unicode-cldr-core  CLDR emoji annotations, same
#   nodejs, npm        ajv, the independent JSON Schema validator used by contract tests
set -euo pipefail
packages=(librdkafka-dev kcat prometheus unicode-data unicode-cldr-core)
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The contract tests validate real output with ajv (an implementation independent of ours).
root=$(cd "$(dirname "$0")/../.." && pwd)
validator="$root/tests/contract-validator"
if [ -f "$validator/package.json" ] && [ ! -d "$validator/node_modules/ajv" ]; then
  (cd "$validator" && npm ci --silent --no-audit --no-fund >/dev/null)
fi
