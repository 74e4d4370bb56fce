#!/usr/bin/env python3
"""Synthetic China-like planning data at district, prefecture, province or national scale.

Usage: gen.py SCALE OUTDIR [--seed N]

Seeded and deterministic (Python's random with the given seed, no other input): the same scale
and seed give byte-identical files. Written to OUTDIR:

  townships.geojson   townships as cells of a jittered lattice whose shared borders wiggle
                      (24 vertices a cell), lon/lat (EPSG:4326); fields code (12 digits:
                      province 2, prefecture 2, county 2, township 3, 000), name, population,
                      elderly. Counties are blocks of 4 x 4 townships, prefectures of 12 x 12,
                      provinces of 36 x 36, so the codes give the levels (import --level).
  health.csv          id, name, kind, lon, lat: a township health centre at each seat, village
                      clinics scattered over each township, community health stations and
                      private clinics clustered around city centres, a hospital at each county
                      seat.
  eldercare.csv       id, name, kind, capacity, lon, lat: happiness homes at villages (some
                      beside the village clinic), day-care centres near seats and in cities,
                      care homes near seats.
  demand.bin/.vrt     (national and province) a population grid of the elderly, float32, on a
                      regular lon/lat grid (GDAL VRT over raw cells): denser in cities.
  meta.json           what was generated (counts, extent).

Scales (townships, health facilities, elder-care sites, demand cells):
  district    16        400       160        -
  prefecture  300       8,000     1,500      -
  province    3,100     80,000    12,000     -
  national    40,000    1,000,000 400,000    10,000,000
"""
import json
import math
import os
import random
import struct
import sys

SCALES = {
    # name: (columns, rows, cell km, health, eldercare, demand cells, cities)
    "district": (4, 4, 5.0, 400, 160, 0, 1),
    "prefecture": (15, 20, 7.0, 8000, 1500, 0, 3),
    "province": (50, 62, 7.0, 80000, 12000, 0, 12),
    "national": (200, 200, 10.0, 1000000, 400000, 10000000, 120),
}
LON0, LAT0 = 103.0, 24.0  # south-west corner
KM_LAT = 110.574
SUB = 6  # segments per lattice edge


def km_lon(lat):
    return 111.320 * math.cos(math.radians(lat))


def to_lonlat(x, y):
    """x, y in km east and north of the corner (equirectangular at the cell's latitude)."""
    lat = LAT0 + y / KM_LAT
    return LON0 + x / km_lon(lat), lat


def edge_noise(seed, a, b, k, amp):
    """Deterministic wiggle of the k-th inner point of the lattice edge a-b (same from both sides)."""
    key = (min(a, b), max(a, b))
    r = random.Random(hash((seed, key, k if a < b else SUB - k)) & 0xFFFFFFFF)
    return (r.random() - 0.5) * 2 * amp


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in SCALES:
        sys.exit("usage: gen.py {%s} OUTDIR [--seed N]" % "|".join(SCALES))
    scale, out = sys.argv[1], sys.argv[2]
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 15
    cols, rows, cell, n_health, n_elder, n_demand, n_cities = SCALES[scale]
    os.makedirs(out, exist_ok=True)
    rnd = random.Random(seed)
    # lattice vertices, jittered (the outer frame stays straight)
    vx, vy = {}, {}
    for i in range(cols + 1):
        for j in range(rows + 1):
            jx = 0 if i in (0, cols) else (rnd.random() - 0.5) * 0.5 * cell
            jy = 0 if j in (0, rows) else (rnd.random() - 0.5) * 0.5 * cell
            vx[i, j], vy[i, j] = i * cell + jx, j * cell + jy
    vid = lambda i, j: i * (rows + 1) + j

    def edge_points(p, q):
        """Points from lattice vertex p to q (p excluded, q included), wiggled inner points."""
        (x0, y0), (x1, y1) = (vx[p], vy[p]), (vx[q], vy[q])
        dx, dy = x1 - x0, y1 - y0
        length = math.hypot(dx, dy)
        nx, ny = -dy / length, dx / length
        frame = (p[0] == q[0] and p[0] in (0, cols)) or (p[1] == q[1] and p[1] in (0, rows))
        pts = []
        a, b = vid(*p), vid(*q)
        for k in range(1, SUB):
            t = k / SUB
            w = 0 if frame else edge_noise(seed, a, b, k, 0.06 * cell)
            if a > b:
                w = -w  # the same point seen from the other side of the edge
            pts.append((x0 + t * dx + w * nx, y0 + t * dy + w * ny))
        pts.append((x1, y1))
        return pts

    # cities: centres of dense clusters
    cities = [(rnd.uniform(0.1, 0.9) * cols * cell, rnd.uniform(0.1, 0.9) * rows * cell,
               rnd.uniform(0.15, 0.6) * cell) for _ in range(n_cities)]
    feats, seats = [], []
    pop_total = 0.0
    n_town = cols * rows
    for i in range(cols):
        for j in range(rows):
            ring = [(vx[i, j], vy[i, j])]
            for p, q in (((i, j), (i + 1, j)), ((i + 1, j), (i + 1, j + 1)),
                         ((i + 1, j + 1), (i, j + 1)), ((i, j + 1), (i, j))):
                ring.extend(edge_points(p, q))
            cx = sum(vx[a, b] for a, b in ((i, j), (i + 1, j), (i, j + 1), (i + 1, j + 1))) / 4
            cy = sum(vy[a, b] for a, b in ((i, j), (i + 1, j), (i, j + 1), (i + 1, j + 1))) / 4
            near = min(math.hypot(cx - a, cy - b) / max(s, 1e-9) for a, b, s in cities)
            urban = near < 4
            pop = rnd.lognormvariate(10.0, 0.5) * (6 if urban else 1)
            elderly = pop * rnd.uniform(0.12, 0.24)
            pop_total += pop
            pi, pj = i // 36, j // 36
            fi, fj = (i % 36) // 12, (j % 36) // 12
            ci, cj = (i % 12) // 4, (j % 12) // 4
            ti = (i % 4) * 4 + (j % 4)
            code = "%02d%02d%02d%03d000" % (11 + pi * 6 + pj, 1 + fi * 3 + fj, 1 + ci * 3 + cj,
                                            1 + ti)
            kind = "街道" if urban else ("镇" if rnd.random() < 0.6 else "乡")
            name = "%s第%d%s" % ("城关" if urban else "", len(feats) + 1, kind)
            coords = [[round(v, 6) for v in to_lonlat(x, y)] for x, y in ring]
            feats.append({"type": "Feature", "properties": {
                "code": code, "name": name, "population": round(pop),
                "elderly": round(elderly)}, "geometry": {"type": "Polygon", "coordinates": [coords]}})
            seats.append((cx, cy, urban, i, j))
    with open(os.path.join(out, "townships.geojson"), "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","name":"townships","features":[\n')
        for k, ft in enumerate(feats):
            f.write(json.dumps(ft, ensure_ascii=False, separators=(",", ":")))
            f.write(",\n" if k + 1 < len(feats) else "\n")
        f.write("]}\n")

    def in_cell(s, spread):
        """A point around seat s: uniform over most of its cell, or Gaussian with spread (km)."""
        cx, cy = s[0], s[1]
        if spread is None:
            return cx + (rnd.random() - 0.5) * 0.8 * cell, cy + (rnd.random() - 0.5) * 0.8 * cell
        return rnd.gauss(cx, spread), rnd.gauss(cy, spread)

    def inside(x, y):
        """(x, y) moved inside the frame (whose outer edges do not wiggle)."""
        return (min(max(x, 0.01 * cell), (cols - 0.01) * cell),
                min(max(y, 0.01 * cell), (rows - 0.01) * cell))

    def city_point():
        a, b, s = cities[rnd.randrange(len(cities))]
        while True:  # inside the frame, away from its wiggle-free edge
            x, y = rnd.gauss(a, s), rnd.gauss(b, s)
            if 0.01 * cell < x < (cols - 0.01) * cell and 0.01 * cell < y < (rows - 0.01) * cell:
                return x, y

    health, villages = [], []
    county_seats = {}
    for s in seats:
        health.append(("township_health_centre", s[0], s[1]))
        county_seats.setdefault((s[3] // 4, s[4] // 4), s)
    for s in county_seats.values():
        health.append(("hospital", s[0] + 0.3, s[1] + 0.2))
    n_urban = max(1, int(0.25 * (n_health - len(health))))
    n_village = n_health - len(health) - n_urban
    for k in range(n_village):
        s = seats[k % n_town]
        x, y = inside(*in_cell(s, None))
        villages.append((x, y))
        health.append(("village_clinic", x, y))
    for k in range(n_urban):
        x, y = city_point()
        health.append(("community_health_station" if k % 3 else "private_clinic", x, y))
    with open(os.path.join(out, "health.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,kind,lon,lat\n")
        for k, (kind, x, y) in enumerate(health):
            lon, lat = to_lonlat(x, y)
            f.write("h%d,医疗%d,%s,%.6f,%.6f\n" % (k + 1, k + 1, kind, lon, lat))
    elder = []
    for k in range(n_elder):
        u = rnd.random()
        if u < 0.45 and villages:  # happiness home at a village, a third beside its clinic
            x, y = villages[rnd.randrange(len(villages))]
            d = 0.02 if rnd.random() < 0.33 else rnd.uniform(0.1, 2.5)
            a = rnd.uniform(0, 2 * math.pi)
            elder.append(("happiness_home", *inside(x + d * math.cos(a), y + d * math.sin(a)), 20))
        elif u < 0.75:
            x, y = city_point()
            elder.append(("day_care", x, y, 30))
        else:
            s = seats[rnd.randrange(n_town)]
            x, y = inside(*in_cell(s, 0.8))
            elder.append(("care_home", x, y, rnd.choice((60, 100, 150, 300))))
    with open(os.path.join(out, "eldercare.csv"), "w", encoding="utf-8") as f:
        f.write("id,name,kind,capacity,lon,lat\n")
        for k, (kind, x, y, c) in enumerate(elder):
            lon, lat = to_lonlat(x, y)
            f.write("e%d,养老%d,%s,%d,%.6f,%.6f\n" % (k + 1, k + 1, kind, c, lon, lat))
    meta = {"scale": scale, "seed": seed, "townships": n_town, "health": len(health),
            "eldercare": len(elder), "extent_km": [cols * cell, rows * cell]}
    if n_demand:
        # a lon/lat grid of n_demand cells over the extent, elderly per cell
        lon1, lat1 = to_lonlat(cols * cell, rows * cell)
        w, h = LON0, LAT0
        aspect = (lon1 - w) / (lat1 - h)
        nx = int(round(math.sqrt(n_demand * aspect)))
        ny = n_demand // nx
        dx, dy = (lon1 - w) / nx, (lat1 - h) / ny
        cdeg = [(LON0 + a / km_lon(LAT0 + b / KM_LAT), LAT0 + b / KM_LAT, s / KM_LAT)
                for a, b, s in cities]
        base = pop_total * 0.18 / (nx * ny) * 0.5
        with open(os.path.join(out, "demand.bin"), "wb") as f:
            for r in range(ny):
                lat = lat1 - (r + 0.5) * dy
                row = []
                for c in range(nx):
                    lon = w + (c + 0.5) * dx
                    v = base * (0.5 + rnd.random())
                    row.append(v)
                for cl, ct, s in cdeg:
                    if abs(lat - ct) > 3 * s:
                        continue
                    c0 = max(0, int((cl - 3 * s - w) / dx))
                    c1 = min(nx, int((cl + 3 * s - w) / dx) + 1)
                    for c in range(c0, c1):
                        lon = w + (c + 0.5) * dx
                        d2 = ((lon - cl) ** 2 + (lat - ct) ** 2) / (s * s)
                        row[c] += base * 40 * math.exp(-d2)
                f.write(struct.pack("<%df" % nx, *row))
        with open(os.path.join(out, "demand.vrt"), "w") as f:
            f.write('<VRTDataset rasterXSize="%d" rasterYSize="%d">\n'
                    '  <SRS>EPSG:4326</SRS>\n'
                    '  <GeoTransform>%.10f, %.10f, 0, %.10f, 0, %.10f</GeoTransform>\n'
                    '  <VRTRasterBand dataType="Float32" band="1" subClass="VRTRawRasterBand">\n'
                    '    <SourceFilename relativetoVRT="1">demand.bin</SourceFilename>\n'
                    '    <ByteOrder>LSB</ByteOrder>\n'
                    '  </VRTRasterBand>\n'
                    '</VRTDataset>\n' % (nx, ny, w, dx, lat1, -dy))
        meta["demand_cells"] = nx * ny
    with open(os.path.join(out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1, sort_keys=True)
        f.write("\n")
    print(json.dumps(meta, sort_keys=True))


if __name__ == "__main__":
    main()
