#!/usr/bin/env bash
# Deploys ListingScanner to the current kubectl context:
#   deploy/kubernetes/apply.sh [dictionary-file]
# 1. the namespace, 2. the dictionary ConfigMap from a file (default: the bundled dictionary), 3. the core objects,
# 4. the KEDA ScaledObject and the ServiceMonitor when their CRDs exist.
# Re-running it with a changed dictionary updates the ConfigMap in place; the replicas hot-reload it (no restart).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
dictionary=${1:-$root/src/ListingScanner/data/dictionary/wildlife.yaml}
namespace=listing-scanner

[ -f "$dictionary" ] || { echo "apply.sh: dictionary file not found: $dictionary" >&2; exit 2; }

kubectl apply -f "$here/namespace.yaml"
# The key is the file name the Deployment's Dictionary__Path points at, whatever the source file is called.
kubectl -n "$namespace" create configmap listing-scanner-dictionary \
  --from-file=wildlife.yaml="$dictionary" --dry-run=client -o yaml | kubectl apply -f -
kubectl apply -k "$here"

if kubectl get crd scaledobjects.keda.sh >/dev/null 2>&1; then
  kubectl -n "$namespace" apply -f "$here/keda-scaledobject.yaml"
else
  echo "apply.sh: KEDA is not installed; replicas stay at the Deployment's count" >&2
fi
if kubectl get crd servicemonitors.monitoring.coreos.com >/dev/null 2>&1; then
  kubectl -n "$namespace" apply -f "$here/servicemonitor.yaml"
else
  echo "apply.sh: no Prometheus Operator; scrape by the pod annotations instead (job must be listing-scanner)" >&2
fi
kubectl -n "$namespace" rollout status deployment/listing-scanner --timeout=5m
