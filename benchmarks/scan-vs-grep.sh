#!/usr/bin/env bash
# End-to-end throughput and peak memory of `listing-scanner scan` against `grep -F -o -f terms.txt` on the same
# terms and text. See benchmarks/README.md, section "Scan end to end".
#
#   bash benchmarks/scan-vs-grep.sh
#
# Environment (all optional):
#   MB=64          size of the generated listings file (deterministic: same MB, same bytes)
#   DICT=path      dictionary to scan with and to take grep's terms from (default: the bundled wildlife.yaml)
#   SCANNER=path   listing-scanner executable (default: Release build of this checkout, built first)
#   RUNS=5         timed runs per command (hyperfine, after one warm-up run)
#   WORK=dir       where data and results go (default: artifacts/bench-scan)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
here="$root/benchmarks/scan-vs-grep"
mb=${MB:-64}
runs=${RUNS:-5}
work=${WORK:-$root/artifacts/bench-scan}
dict=${DICT:-$root/src/ListingScanner/data/dictionary/wildlife.yaml}
mkdir -p "$work"

die() { echo "scan-vs-grep.sh: $*" >&2; exit 2; }
[ -f "$dict" ] || die "dictionary not found: $dict (set DICT=...)"
command -v hyperfine >/dev/null || die "hyperfine is not installed"
[ -x /usr/bin/time ] || die "/usr/bin/time (GNU time) is not installed"

if [ -z "${SCANNER:-}" ]; then
  echo "building listing-scanner (Release)..." >&2
  dotnet build "$root/src/ListingScanner/ListingScanner.csproj" -c Release -nologo -v quiet >/dev/null
  scanner="$root/src/ListingScanner/bin/Release/net10.0/listing-scanner"
else
  scanner=$SCANNER
fi

listings="$work/listings-${mb}mb.jsonl"
[ -f "$listings" ] || python3 "$here/generate-listings.py" "$listings" "$mb"
terms="$work/terms.txt"
python3 "$here/extract-terms.py" "$dict" "$terms"
bytes=$(stat -c %s "$listings")
lines=$(wc -l <"$listings")

# Correctness first: a fast scan that drops lines would be a meaningless number.
verdicts="$work/verdicts.jsonl"
"$scanner" scan --input "$listings" --output "$verdicts" --dictionary "$dict" 2>"$work/scan-summary.txt" \
  || die "scan failed: $(cat "$work/scan-summary.txt")"
[ "$(wc -l <"$verdicts")" -eq "$lines" ] || die "scan wrote $(wc -l <"$verdicts") verdicts for $lines listings"
echo "scan summary: $(tail -n 1 "$work/scan-summary.txt")" >&2
grep_matches=$(LC_ALL=C grep -F -o -f "$terms" "$listings" | wc -l || true)

# grep exits 1 when nothing matches; --ignore-failure keeps hyperfine from treating that as an error.
hyperfine --warmup 1 --runs "$runs" --ignore-failure --export-json "$work/hyperfine.json" --style basic \
  -n "grep -F -o -f terms.txt" "LC_ALL=C grep -F -o -f '$terms' '$listings' >/dev/null" \
  -n "listing-scanner scan" "'$scanner' scan --input '$listings' --output /dev/null --dictionary '$dict' 2>/dev/null" >&2

peak_rss() { /usr/bin/time -v "$@" 2>&1 >/dev/null | sed -n 's/.*Maximum resident set size (kbytes): //p' | tail -n 1; }
grep_rss=$(peak_rss sh -c "LC_ALL=C grep -F -o -f '$terms' '$listings' >/dev/null; true")
scan_rss=$(peak_rss "$scanner" scan --input "$listings" --output /dev/null --dictionary "$dict")
# Four times the input through a pipe: peak memory must not grow with input size.
scan_rss_x4=$(peak_rss sh -c "cat '$listings' '$listings' '$listings' '$listings' | '$scanner' scan --input - --output /dev/null --dictionary '$dict' 2>/dev/null")

python3 - "$work/hyperfine.json" "$bytes" "$lines" "$grep_matches" "$grep_rss" "$scan_rss" "$scan_rss_x4" <<'PY'
import json, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
size, lines, grep_matches = int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
grep_rss, scan_rss, scan_rss_x4 = (int(v) / 1024 for v in sys.argv[5:8])
g = results["grep -F -o -f terms.txt"]
s = results["listing-scanner scan"]
g_mbs, s_mbs = size / 1e6 / g["mean"], size / 1e6 / s["mean"]
print(f"input: {size / 1e6:.1f} MB, {lines} listings; grep found {grep_matches} term occurrences")
print(f"grep -F -o -f terms.txt : {g['mean']:.2f} s ± {g['stddev'] or 0:.2f}  {g_mbs:7.1f} MB/s  peak RSS {grep_rss:6.1f} MB")
print(f"listing-scanner scan    : {s['mean']:.2f} s ± {s['stddev'] or 0:.2f}  {s_mbs:7.1f} MB/s  peak RSS {scan_rss:6.1f} MB"
      f" (4x input via stdin: {scan_rss_x4:.1f} MB)  {lines / s['mean']:,.0f} listings/s")
ratio = s_mbs / g_mbs
print(f"scan/grep throughput ratio: {ratio:.2f}x  (target >= 2.00x: {'met' if ratio >= 2 else 'NOT met'});"
      f" peak RSS target < 300 MB: {'met' if max(scan_rss, scan_rss_x4) < 300 else 'NOT met'}")
PY
