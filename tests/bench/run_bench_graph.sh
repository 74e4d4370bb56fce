#!/usr/bin/env bash
# Road graph benchmark: ~10^6 segments (708x708 grid + the Liechtenstein extract), one
# multi-source Dijkstra pass from 10^4 sources, against networkx's multi_source_dijkstra on the
# same edges (installs python3-networkx from Debian when missing). Prints a table.
set -eu
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${COV_SHARED_DIR:-$ROOT/../shared}
OUT=$(mktemp -d); trap 'rm -rf "$OUT"' EXIT
python3 -c 'import networkx' 2>/dev/null || { apt-get install -y python3-networkx >/dev/null || sudo apt-get install -y python3-networkx >/dev/null; }
gcc -std=c11 -O2 -D_XOPEN_SOURCE=700 -I"$ROOT" "$ROOT/tests/bench/bench_graph.c" "$ROOT"/geo/graph*.c \
    "$ROOT/geo/rtree.c" "$ROOT/geo/ctx.c" -o "$OUT/bench_graph" $(pkg-config --cflags --libs gdal proj) -lm
"$OUT/bench_graph" 708 10000 "$SHARED/data/osm/liechtenstein.gpkg" "$OUT/edges.txt" "$OUT/src.txt" | tee "$OUT/c.txt"
python3 - "$OUT/edges.txt" "$OUT/src.txt" "$OUT/c.txt" <<'PY'
import sys, time, resource, re
import networkx as nx
g = nx.Graph()
for line in open(sys.argv[1]):
    a, b, w = line.split(); a = int(a); b = int(b); w = float(w)
    if not g.has_edge(a, b) or g[a][b]["weight"] > w: g.add_edge(a, b, weight=w)
src = {int(l) for l in open(sys.argv[2])}
t = time.perf_counter()
d = nx.multi_source_dijkstra_path_length(g, src)
t = time.perf_counter() - t
c = float(re.search(r"multi-source pass\s+([\d.]+)", open(sys.argv[3]).read()).group(1))
print(f"networkx {nx.__version__} multi-source pass  {t:.3f} s  ({len(d)} nodes reached), "
      f"peak {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
print(f"ratio networkx / covplan: {t / c:.1f}x")
PY
