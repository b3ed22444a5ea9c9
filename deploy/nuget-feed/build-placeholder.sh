#!/usr/bin/env bash
# Rebuilds the librdkafka.redist placeholder package (a nupkg is a zip holding the nuspec).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$here/placeholder/librdkafka.redist.nuspec")
out="$here/librdkafka.redist.$version.nupkg"
rm -f "$out"
python3 - "$here/placeholder/librdkafka.redist.nuspec" "$out" <<'PY'
import sys, zipfile
nuspec, out = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    info = zipfile.ZipInfo("librdkafka.redist.nuspec", date_time=(2020, 1, 1, 0, 0, 0))
    z.writestr(info, open(nuspec, "rb").read())
PY
echo "wrote $out"
