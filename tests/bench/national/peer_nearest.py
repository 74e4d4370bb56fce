#!/usr/bin/python3
"""Peer for covplan analyze's site queries: scipy's cKDTree (Debian python3-scipy) finding, for
every elder-care site, its 3 nearest clinics and the clinics within each radius. Coordinates
are projected on the fly (equirectangular about the data's centre: timing only). Prints the
seconds of the queries (tree build included), nothing else. Usage: peer_nearest.py DIR"""
import csv
import math
import sys
import time

import numpy as np
from scipy.spatial import cKDTree


def load(path):
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    return np.array([[float(r["lon"]), float(r["lat"])] for r in rows])


d = sys.argv[1]
clinics, sites = load(d + "/health.csv"), load(d + "/eldercare.csv")
lat0 = math.radians(float(np.mean(clinics[:, 1])))
scale = np.array([111320.0 * math.cos(lat0), 110574.0])
c, s = clinics * scale, sites * scale
t0 = time.perf_counter()
tree = cKDTree(c)
tree.query(s, k=3)
for r in (50, 300, 500, 1000):
    tree.query_ball_point(s, r, return_length=True)
print("%.3f" % (time.perf_counter() - t0))
