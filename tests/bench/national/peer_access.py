#!/usr/bin/python3
"""Peer for covplan access 2SFCA: PySAL access (a source checkout: PYSAL_ACCESS_DIR) on the same
demand (each township's elderly at its centroid) and supply (every clinic, capacity 1) with
straight-line costs within the catchment. Prints the seconds of Access(...).two_stage_fca
(the cost table given, as PySAL's examples do), or "n/a: why". Usage: peer_access.py DIR M"""
import json
import math
import os
import sys
import time

try:
    sys.path.insert(0, os.environ["PYSAL_ACCESS_DIR"])
    import numpy as np
    import pandas as pd
    from scipy.spatial import cKDTree
    from access import Access
except Exception as e:  # noqa: BLE001 - any missing piece makes the peer unavailable
    print("n/a: %s" % str(e).split("\n")[0][:60])
    sys.exit(0)

d, catchment = sys.argv[1], float(sys.argv[2])
feats = json.load(open(d + "/townships.geojson", encoding="utf-8"))["features"]
dem = pd.DataFrame({
    "id": [f["properties"]["code"] for f in feats],
    "elderly": [f["properties"]["elderly"] for f in feats],
    "lon": [sum(p[0] for p in f["geometry"]["coordinates"][0][:-1]) /
            (len(f["geometry"]["coordinates"][0]) - 1) for f in feats],
    "lat": [sum(p[1] for p in f["geometry"]["coordinates"][0][:-1]) /
            (len(f["geometry"]["coordinates"][0]) - 1) for f in feats]})
sup = pd.read_csv(d + "/health.csv")
sup["capacity"] = 1.0
lat0 = math.radians(float(sup["lat"].mean()))
kx, ky = 111320.0 * math.cos(lat0), 110574.0
dxy = np.c_[dem["lon"] * kx, dem["lat"] * ky]
sxy = np.c_[sup["lon"] * kx, sup["lat"] * ky]
pairs = cKDTree(dxy).sparse_distance_matrix(cKDTree(sxy), catchment, output_type="coo_matrix")
cost = pd.DataFrame({"origin": dem["id"].values[pairs.row], "dest": sup["id"].values[pairs.col],
                     "cost": pairs.data})
t0 = time.perf_counter()
a = Access(demand_df=dem, demand_index="id", demand_value="elderly", supply_df=sup,
           supply_index="id", supply_value="capacity", cost_df=cost, cost_origin="origin",
           cost_dest="dest", cost_name="cost")
a.two_stage_fca(name="2sfca", max_cost=catchment)
print("%.3f" % (time.perf_counter() - t0))
