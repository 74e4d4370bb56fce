#!/usr/bin/env bash
# Benchmark geo/kdtree batch nearest against scipy's cKDTree on the same points, as a table.
#
# Usage: tests/bench/run_bench_nearest.sh [--keep]
#   --keep   keep the case files (points, our answers) in the work folder
# Environment: CC (default gcc), BENCH_DIR (default ${TMPDIR:-/tmp}/covplan-bench-nearest),
#              PYTHON (a python3 with numpy and scipy; found automatically when unset).
# Not a CTest test: timings depend on the machine. The peer runs single-threaded (workers=1)
# and each case runs in its own process, so "peak MB" is that case's peak RSS.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-${TMPDIR:-/tmp}/covplan-bench-nearest}"
keep=0
[[ "${1:-}" == "--keep" ]] && keep=1
mkdir -p "$work"

"${CC:-gcc}" -std=c11 -O2 -Wall -Wextra -D_POSIX_C_SOURCE=200809L -I"$root" \
    "$here/bench_nearest.c" "$root/geo/kdtree.c" -o "$work/bench_nearest" -lm

# The peer needs Debian's scipy: install it when missing (the benchmark installs what it needs).
if ! /usr/bin/python3 -c "import scipy.spatial" >/dev/null 2>&1; then
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-scipy >/dev/null 2>&1 || true
fi
# Find a python3 with scipy: the one on PATH (maybe a pyenv build), then the system one.
py=""
for cand in ${PYTHON:-} python3 /usr/bin/python3; do
    if command -v "$cand" >/dev/null 2>&1 &&
        "$cand" -c "import numpy, scipy.spatial" >/dev/null 2>&1; then
        py="$cand"
        break
    fi
done
if [[ -z "$py" ]]; then
    echo "note: no python3 with scipy found; the peer column stays empty." >&2
    echo "      install it with: apt-get install python3-scipy   (then /usr/bin/python3 has it)" >&2
fi

# The peer: load the same points, time cKDTree build and k=1 query with the same repeat rule
# as bench_nearest (best of N), and count queries whose answer matches ours.
cat >"$work/peer_ckdtree.py" <<'EOF'
import resource, sys, time
import numpy as np
from scipy.spatial import cKDTree

prefix, m, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
sites = np.fromfile(prefix + ".sites.f64", dtype="<f8").reshape(-1, 2)
queries = np.fromfile(prefix + ".queries.f64", dtype="<f8").reshape(-1, 2)
ours_idx = np.fromfile(prefix + ".nn.u64", dtype="<u8")
ours_dist = np.fromfile(prefix + ".dist.f64", dtype="<f8")
reps = min(20, max(1, 2000000 // (m + n)))
best_build = best_query = float("inf")
for _ in range(reps):
    t0 = time.perf_counter()
    tree = cKDTree(sites)
    t1 = time.perf_counter()
    d, i = tree.query(queries, k=1, workers=1)
    t2 = time.perf_counter()
    best_build = min(best_build, (t1 - t0) * 1e3)
    best_query = min(best_query, (t2 - t1) * 1e3)
same = np.count_nonzero((i.astype(np.uint64) == ours_idx) | (d == ours_dist))
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
print(f"{best_build:.3f} {best_query:.3f} {peak:.1f} {same}")
EOF

printf '%-9s %-8s %10s %10s %8s %10s %8s %8s %12s\n' \
    queries sites "build ms" "query ms" "peak MB" "peer ms" "peer MB" ratio "same answer"
for m in 10000 100000 1000000; do
    for n in 1000 10000 100000; do
        line="$("$work/bench_nearest" --queries "$m" --sites "$n" --out "$work")"
        declare -A kv=()
        for pair in $line; do kv[${pair%%=*}]="${pair#*=}"; done
        build="${kv[build_ms]}" query="${kv[query_ms]}" peak="${kv[peak_mb]}"
        peer_ms="-" peer_mb="-" ratio="-" same="-"
        if [[ -n "$py" ]]; then
            read -r pb pq pmb psame < <("$py" "$work/peer_ckdtree.py" "$work/q${m}_s${n}" "$m" "$n")
            peer_ms="$(awk -v a="$pb" -v b="$pq" 'BEGIN { printf "%.1f", a + b }')"
            peer_mb="$pmb"
            ratio="$(awk -v p="$peer_ms" -v a="$build" -v b="$query" \
                'BEGIN { printf "%.2f", p / (a + b) }')"
            same="$psame/$m"
        fi
        printf '%-9s %-8s %10.1f %10.1f %8s %10s %8s %8s %12s\n' \
            "$m" "$n" "$build" "$query" "$peak" "$peer_ms" "$peer_mb" "$ratio" "$same"
        if [[ $keep -eq 0 ]]; then
            rm -f "$work/q${m}_s${n}".{sites.f64,queries.f64,nn.u64,dist.f64}
        fi
    done
done
echo "ratio = peer ms / (build ms + query ms); above 1 means the kd-tree is faster." >&2
[[ $keep -eq 1 ]] && echo "case files kept under $work" >&2
exit 0
