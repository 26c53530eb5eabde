#!/usr/bin/env python3
"""Derive the embedded borough map resources: borough shapes and the London Squared tile grid.

Inputs (see /work/shared/data/README.md, sections D and F):
  london_boroughs_wgs84_6dp_iclerg.geojson  London Datastore "London_Borough_Excluding_MHW", WGS84, 6 dp
  londonsquared_grid_aftertheflood.csv      After the Flood's London Squared layout

Outputs (in --out):
  london_boroughs.json   the 33 borough shapes in British National Grid metres (integers), simplified
  london_squared.csv     code,abbreviation,x,y (x 0..7 west to east, y 0..6 north to south)
  PROVENANCE.md

Usage (from the repo root):
  python3 tools/derive_borough_shapes.py --data ../shared/data --out resources/maps

Method:
  1. Project every vertex from WGS84 to the British National Grid (EPSG:27700): the OS
     WGS84 -> OSGB36 Helmert transformation (about 5 m accurate), then the National Grid's
     transverse Mercator projection on the Airy 1830 ellipsoid.
  2. Build the topology on the source's exact coordinates: a vertex is a junction where its
     neighbours differ between the rings that hold it (where three boroughs meet, or where a shared
     border meets the river or the London boundary). Rings are cut at junctions into arcs, and an
     arc shared by two boroughs is kept once.
  3. Simplify each arc once with Douglas-Peucker (--tolerance metres), ends fixed, so neighbours
     get the same simplified border and no gaps or slivers open between them.
  4. Round to whole metres.

Python 3 standard library only. Output is deterministic. Any surprise in the input fails loudly.
"""

import argparse
import csv
import hashlib
import io
import json
import math
import os
import sys

SHAPES_FILE = "london_boroughs_wgs84_6dp_iclerg.geojson"
GRID_FILE = "londonsquared_grid_aftertheflood.csv"

# Facts copied from /work/shared/data/README.md (sections D and F). Sizes are checked.
SOURCES = {
    SHAPES_FILE: {
        "repo": "ICL-ERG/useful_geography",
        "path": "london_boroughs.geojson",
        "commit": "0b36150d9cbb34ba2ebf1dc48615aa5ca442bc3d",
        "bytes": 1256708,
        "what": "London Datastore statistical GIS boundary files, London_Borough_Excluding_MHW "
        "(borough boundaries excluding the area below mean high water, so the Thames shows), WGS84, "
        "coordinates rounded to 6 dp",
        "licence": "hosting repo states no licence; the data is ONS / OS boundary data published by "
        "the GLA under the Open Government Licence v3",
    },
    GRID_FILE: {
        "repo": "aftertheflood/londonsquared",
        "path": "site/data/grid.csv",
        "commit": "4b1509e2ab363512bf02dcb3f7a60c55874c7d18",
        "bytes": 1190,
        "what": "London Squared tile-grid layout (one square per borough, City of London included)",
        "licence": "ISC-style permissive licence, Copyright (c) 2019 After the Flood Ltd (repo LICENSE.txt)",
    },
}

CANONICAL_CMD = "python3 tools/derive_borough_shapes.py --data ../shared/data --out resources/maps"
DEFAULT_TOLERANCE = 15.0
MIN_RING_M2 = 10000.0  # 1 hectare
CODES = ["E090000%02d" % i for i in range(1, 34)]


def fail(msg):
    sys.exit("derive_borough_shapes: " + msg)


def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        h.update(f.read())
    return h.hexdigest()


# --- WGS84 -> British National Grid --------------------------------------------------------------

WGS84 = (6378137.000, 6356752.3142)
AIRY1830 = (6377563.396, 6356256.909)
# OS: WGS84 -> OSGB36 (tx, ty, tz metres; s ppm; rx, ry, rz arc seconds)
HELMERT = (-446.448, 125.157, -542.060, 20.4894, -0.1502, -0.2470, -0.8421)


def to_cartesian(lat, lon, ellipsoid):
    a, b = ellipsoid
    e2 = 1 - (b * b) / (a * a)
    nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
    return (nu * math.cos(lat) * math.cos(lon), nu * math.cos(lat) * math.sin(lon), (1 - e2) * nu * math.sin(lat))


def from_cartesian(x, y, z, ellipsoid):
    a, b = ellipsoid
    e2 = 1 - (b * b) / (a * a)
    p = math.hypot(x, y)
    lat = math.atan2(z, p * (1 - e2))
    for _ in range(10):
        nu = a / math.sqrt(1 - e2 * math.sin(lat) ** 2)
        lat = math.atan2(z + e2 * nu * math.sin(lat), p)
    return lat, math.atan2(y, x)


def helmert(x, y, z):
    tx, ty, tz, s, rx, ry, rz = HELMERT
    s1 = s * 1e-6 + 1
    sec = math.pi / (180 * 3600)
    rx, ry, rz = rx * sec, ry * sec, rz * sec
    return (tx + x * s1 - y * rz + z * ry, ty + x * rz + y * s1 - z * rx, tz - x * ry + y * rx + z * s1)


def national_grid(lat, lon):
    """Transverse Mercator on Airy 1830 (lat, lon in radians, OSGB36) -> (easting, northing) metres."""
    a, b = AIRY1830
    f0 = 0.9996012717
    lat0, lon0 = math.radians(49), math.radians(-2)
    n0, e0 = -100000.0, 400000.0
    e2 = 1 - (b * b) / (a * a)
    n = (a - b) / (a + b)
    sin, cos, tan = math.sin(lat), math.cos(lat), math.tan(lat)
    nu = a * f0 / math.sqrt(1 - e2 * sin * sin)
    rho = a * f0 * (1 - e2) / (1 - e2 * sin * sin) ** 1.5
    eta2 = nu / rho - 1
    dl, sl = lat - lat0, lat + lat0
    m = b * f0 * (
        (1 + n + 1.25 * n**2 + 1.25 * n**3) * dl
        - (3 * n + 3 * n**2 + 21 / 8 * n**3) * math.sin(dl) * math.cos(sl)
        + (15 / 8 * n**2 + 15 / 8 * n**3) * math.sin(2 * dl) * math.cos(2 * sl)
        - 35 / 24 * n**3 * math.sin(3 * dl) * math.cos(3 * sl)
    )
    i = m + n0
    ii = nu / 2 * sin * cos
    iii = nu / 24 * sin * cos**3 * (5 - tan**2 + 9 * eta2)
    iiia = nu / 720 * sin * cos**5 * (61 - 58 * tan**2 + tan**4)
    iv = nu * cos
    v = nu / 6 * cos**3 * (nu / rho - tan**2)
    vi = nu / 120 * cos**5 * (5 - 18 * tan**2 + tan**4 + 14 * eta2 - 58 * tan**2 * eta2)
    d = lon - lon0
    north = i + ii * d**2 + iii * d**4 + iiia * d**6
    east = e0 + iv * d + v * d**3 + vi * d**5
    return east, north


def wgs84_to_bng(lon_deg, lat_deg):
    x, y, z = to_cartesian(math.radians(lat_deg), math.radians(lon_deg), WGS84)
    lat, lon = from_cartesian(*helmert(x, y, z), AIRY1830)
    return national_grid(lat, lon)


# --- topology and simplification -----------------------------------------------------------------


def douglas_peucker(points, tolerance):
    """Simplify an open polyline; both ends are kept."""
    if len(points) <= 2:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        ax, ay = points[first]
        bx, by = points[last]
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        worst, worst_d = -1, tolerance
        for k in range(first + 1, last):
            px, py = points[k]
            if length == 0:
                d = math.hypot(px - ax, py - ay)
            else:
                d = abs(dy * (px - ax) - dx * (py - ay)) / length
            if d > worst_d:
                worst, worst_d = k, d
        if worst >= 0:
            keep[worst] = True
            stack.append((first, worst))
            stack.append((worst, last))
    return [p for p, k in zip(points, keep) if k]


def simplify_arc(points, tolerance):
    """Douglas-Peucker with the ends fixed; a closed arc is split at its farthest point first."""
    if points[0] == points[-1] and len(points) > 3:
        ax, ay = points[0]
        far = max(range(1, len(points) - 1), key=lambda k: (points[k][0] - ax) ** 2 + (points[k][1] - ay) ** 2)
        head = douglas_peucker(points[: far + 1], tolerance)
        tail = douglas_peucker(points[far:], tolerance)
        return head + tail[1:]
    return douglas_peucker(points, tolerance)


def ring_area(points):
    s = 0.0
    for (x1, y1), (x2, y2) in zip(points, points[1:] + points[:1]):
        s += x1 * y2 - x2 * y1
    return s / 2


def build_arcs(rings):
    """rings: {ring_id: [key, ...]} (open rings of hashable source coordinates).
    Returns {ring_id: [(arc_index, reversed), ...]} and the list of arcs (lists of keys)."""
    neighbours = {}
    for ring in rings.values():
        n = len(ring)
        for i, key in enumerate(ring):
            pair = frozenset((ring[i - 1], ring[(i + 1) % n]))
            neighbours.setdefault(key, set()).add(pair)
    junction = {key for key, pairs in neighbours.items() if len(pairs) > 1}

    arcs, index, ring_arcs = [], {}, {}
    for ring_id, ring in rings.items():
        cuts = [i for i, key in enumerate(ring) if key in junction]
        if not cuts:
            start = ring.index(min(ring))  # a lone ring: start anywhere, but the same way every time
            cuts = [start]
        parts = []
        for c, start in enumerate(cuts):
            end = cuts[(c + 1) % len(cuts)]
            if end <= start:
                seq = ring[start:] + ring[: end + 1]
            else:
                seq = ring[start : end + 1]
            key = tuple(seq)
            if key in index:
                parts.append((index[key], False))
            elif key[::-1] in index:
                parts.append((index[key[::-1]], True))
            else:
                index[key] = len(arcs)
                arcs.append(list(seq))
                parts.append((index[key], False))
        ring_arcs[ring_id] = parts
    return ring_arcs, arcs


def segments_cross(p1, p2, p3, p4):
    """Proper crossing of two segments (touching at shared ends does not count)."""
    if p1 in (p3, p4) or p2 in (p3, p4):
        return False

    def orient(a, b, c):
        v = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
        return (v > 0) - (v < 0)

    o1, o2, o3, o4 = orient(p1, p2, p3), orient(p1, p2, p4), orient(p3, p4, p1), orient(p3, p4, p2)
    return o1 * o2 < 0 and o3 * o4 < 0


def count_crossings(rings_xy, cell=500):
    """Segments of the output that cross each other (within or between boroughs)."""
    segs = []
    for ring in rings_xy:
        for a, b in zip(ring, ring[1:] + ring[:1]):
            if a != b:
                segs.append((a, b))
    grid = {}
    for s, (a, b) in enumerate(segs):
        for gx in range(int(min(a[0], b[0]) // cell), int(max(a[0], b[0]) // cell) + 1):
            for gy in range(int(min(a[1], b[1]) // cell), int(max(a[1], b[1]) // cell) + 1):
                grid.setdefault((gx, gy), []).append(s)
    found = set()
    for members in grid.values():
        for i in range(len(members)):
            for j in range(i + 1, len(members)):
                s, t = members[i], members[j]
                a, b = segs[s]
                c, d = segs[t]
                # the same border drawn by both neighbours is one segment twice, not a crossing
                if {a, b} == {c, d}:
                    continue
                if segments_cross(a, b, c, d):
                    found.add((min(s, t), max(s, t)))
    return len(found)


# --- inputs --------------------------------------------------------------------------------------


def check_source(path, name):
    size = os.path.getsize(path)
    if size != SOURCES[name]["bytes"]:
        fail("%s: %d bytes, the data README says %d" % (name, size, SOURCES[name]["bytes"]))


def read_shapes(path):
    check_source(path, SHAPES_FILE)
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    boroughs = {}
    for feature in data["features"]:
        props = feature["properties"]
        code, name = props["GSS_CODE"], props["NAME"]
        geometry = feature["geometry"]
        if geometry["type"] != "MultiPolygon":
            fail("%s: geometry %s, expected MultiPolygon" % (code, geometry["type"]))
        if code in boroughs:
            fail("%s twice" % code)
        rings = []
        for polygon in geometry["coordinates"]:
            if len(polygon) != 1:
                fail("%s: a polygon with holes; this tool does not expect any" % code)
            ring = [tuple(p) for p in polygon[0]]
            if ring[0] != ring[-1]:
                fail("%s: ring not closed" % code)
            ring = ring[:-1]
            # A ring may touch itself at a vertex (Croydon does): that vertex differs in its
            # neighbours between the two passes, so it becomes a junction and stays.
            rings.append(ring)
        boroughs[code] = {"name": name, "rings": rings}
    if sorted(boroughs) != CODES:
        fail("expected the 33 codes E09000001..E09000033, found %s" % sorted(boroughs))
    return boroughs


def read_grid(path, names):
    check_source(path, GRID_FILE)
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, skipinitialspace=True))
    header = rows[0]
    if header != ["LSAbbreviation", "x", "y", "irregular", "code", "name"]:
        fail("%s: header %s" % (GRID_FILE, header))
    out, cells = [], set()
    for row in rows[1:]:
        abbr, x, y, _irregular, code, name = row
        if code not in names:
            fail("%s: unknown code %s" % (GRID_FILE, code))
        if name != names[code]:
            fail("%s: %s is %r in the grid, %r in the shapes" % (GRID_FILE, code, name, names[code]))
        if (int(x), int(y)) in cells:
            fail("%s: two boroughs at %s,%s" % (GRID_FILE, x, y))
        cells.add((int(x), int(y)))
        out.append((code, abbr.upper(), int(x), int(y)))
    if sorted(c for c, *_ in out) != CODES:
        fail("%s: expected one square per borough" % GRID_FILE)
    return sorted(out)


# --- main ----------------------------------------------------------------------------------------


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", required=True, help="folder holding the shared data files")
    ap.add_argument("--out", required=True, help="resources/maps")
    ap.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, help="Douglas-Peucker tolerance, metres")
    args = ap.parse_args(argv)

    shapes_path = os.path.join(args.data, SHAPES_FILE)
    grid_path = os.path.join(args.data, GRID_FILE)
    boroughs = read_shapes(shapes_path)

    # Slivers smaller than MIN_RING_M2 (Newham has a 3-vertex one of a few square metres) cannot
    # be drawn at any map scale and collapse when simplified: they are dropped and listed.
    dropped = []
    for code in CODES:
        kept = []
        for ring in boroughs[code]["rings"]:
            area = abs(ring_area([wgs84_to_bng(*p) for p in ring]))
            if area < MIN_RING_M2:
                dropped.append("%s (%s): a ring of %d vertices, %.0f m²" % (code, boroughs[code]["name"], len(ring), area))
            else:
                kept.append(ring)
        boroughs[code]["rings"] = kept
    rings = {}
    for code in CODES:
        for r, ring in enumerate(boroughs[code]["rings"]):
            rings[(code, r)] = ring
    ring_arcs, arcs = build_arcs(rings)

    projected = {}
    for arc in arcs:
        for key in arc:
            if key not in projected:
                projected[key] = wgs84_to_bng(*key)
    simplified = []
    for arc in arcs:
        pts = [projected[k] for k in arc]
        simplified.append([(int(round(x)), int(round(y))) for x, y in simplify_arc(pts, args.tolerance)])

    source_vertices = sum(len(r) for r in rings.values())
    out_boroughs, all_rings, out_vertices, shared_arcs = [], [], 0, 0
    use = {}
    for parts in ring_arcs.values():
        for a, _ in parts:
            use[a] = use.get(a, 0) + 1
    shared_arcs = sum(1 for n in use.values() if n > 1)
    for code in CODES:
        out_rings = []
        for r in range(len(boroughs[code]["rings"])):
            ring = []
            for a, rev in ring_arcs[(code, r)]:
                pts = simplified[a][::-1] if rev else simplified[a]
                ring.extend(pts[:-1])  # the next arc starts where this one ends
            # drop consecutive repeats that rounding may have made
            cleaned = [p for i, p in enumerate(ring) if p != ring[i - 1]]
            if len(cleaned) < 3 or abs(ring_area(cleaned)) == 0:
                fail("%s ring %d collapsed at tolerance %g m" % (code, r, args.tolerance))
            out_rings.append(cleaned)
            all_rings.append(cleaned)
            out_vertices += len(cleaned)
        out_boroughs.append({"code": code, "name": boroughs[code]["name"], "rings": out_rings})
    crossings = count_crossings(all_rings)

    xs = [x for ring in all_rings for x, _ in ring]
    ys = [y for ring in all_rings for _, y in ring]
    bbox = [min(xs), min(ys), max(xs), max(ys)]

    os.makedirs(args.out, exist_ok=True)
    # One borough per line; each ring a flat list x0,y0,x1,y1,... (open: the last vertex joins the first).
    lines = [
        "{",
        '"crs":"EPSG:27700","units":"metre","tolerance_m":%s,' % json.dumps(args.tolerance),
        '"bbox":%s,' % json.dumps(bbox, separators=(",", ":")),
        '"boroughs":[',
    ]
    for i, b in enumerate(out_boroughs):
        flat = [[c for p in ring for c in p] for ring in b["rings"]]
        item = {"code": b["code"], "name": b["name"], "rings": flat}
        lines.append(json.dumps(item, separators=(",", ":"), ensure_ascii=False) + ("," if i + 1 < len(out_boroughs) else ""))
    lines += ["]", "}"]
    shapes_out = os.path.join(args.out, "london_boroughs.json")
    with open(shapes_out, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(lines) + "\n")

    names = {b["code"]: b["name"] for b in out_boroughs}
    grid = read_grid(grid_path, names)
    grid_out = os.path.join(args.out, "london_squared.csv")
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(["code", "abbreviation", "x", "y"])
    for row in grid:
        w.writerow(row)
    with open(grid_out, "w", encoding="utf-8", newline="") as f:
        f.write(buf.getvalue())

    shapes_size = os.path.getsize(shapes_out)
    prov = PROVENANCE.format(
        cmd=CANONICAL_CMD,
        tolerance=("%g" % args.tolerance),
        shapes_file=SHAPES_FILE,
        grid_file=GRID_FILE,
        s=SOURCES[SHAPES_FILE],
        g=SOURCES[GRID_FILE],
        shapes_sha=sha256_of(shapes_path),
        grid_sha=sha256_of(grid_path),
        source_vertices=source_vertices,
        rings=len(rings),
        arcs=len(arcs),
        shared_arcs=shared_arcs,
        out_vertices=out_vertices,
        crossings=crossings,
        shapes_size=shapes_size,
        bbox=", ".join(str(v) for v in bbox),
        dropped="; ".join(dropped) if dropped else "none",
        min_ring_ha="%g" % (MIN_RING_M2 / 10000),
    )
    with open(os.path.join(args.out, "PROVENANCE.md"), "w", encoding="utf-8", newline="\n") as f:
        f.write(prov)
    print(
        "london_boroughs.json: %d bytes, %d -> %d vertices, %d arcs (%d shared), %d crossings"
        % (shapes_size, source_vertices, out_vertices, len(arcs), shared_arcs, crossings)
    )
    if crossings:
        print("warning: the simplified borders cross each other %d times; lower --tolerance" % crossings)


PROVENANCE = """# Borough map resources: provenance

Generated by `tools/derive_borough_shapes.py`; do not edit by hand. Regenerate from the repo root with:

    {cmd}

## Sources

The files were copied byte-for-byte from public GitHub repositories (`git show COMMIT:path`), as
logged in the shared data README.

| local file | what | repo | path | commit | bytes | sha256 | licence |
|---|---|---|---|---|---|---|---|
| `{shapes_file}` | {s[what]} | {s[repo]} | `{s[path]}` | `{s[commit]}` | {s[bytes]} | `{shapes_sha}` | {s[licence]} |
| `{grid_file}` | {g[what]} | {g[repo]} | `{g[path]}` | `{g[commit]}` | {g[bytes]} | `{grid_sha}` | {g[licence]} |

## What was derived

`london_boroughs.json` ({shapes_size} bytes): the 33 boroughs (City of London included) keyed by ONS
GSS code `E09000001`..`E09000033`, with the source's names.

- Projection: WGS84 longitude/latitude to British National Grid (EPSG:27700) metres: the OS
  WGS84 to OSGB36 Helmert transformation (accurate to about 5 m), then the National Grid
  transverse Mercator projection (Airy 1830). Rounded to whole metres. The y axis points north.
- Slivers under {min_ring_ha} ha dropped before simplifying: {dropped}.
- Topology: {rings} rings, {source_vertices} source vertices. Rings were cut into {arcs} arcs at the vertices
  where three boroughs meet or a shared border ends; {shared_arcs} arcs are borders shared by two
  boroughs and were simplified once, so neighbours keep the same border and no gaps open between them.
- Simplification: Douglas-Peucker, tolerance **{tolerance} m**, arc ends fixed. {out_vertices} vertices remain.
  Segments of the simplified borders that cross each other: {crossings}.
- Extent (min E, min N, max E, max N): {bbox}.
- Format: `{{"crs", "units", "tolerance_m", "bbox", "boroughs": [{{"code", "name", "rings": [[x0, y0, x1, y1, ...], ...]}}]}}`;
  each ring is open (its last vertex joins its first); no borough has holes.

`london_squared.csv`: `code,abbreviation,x,y`, one row per borough sorted by code; abbreviation is
After the Flood's, upper case; x 0..7 from west to east, y 0..6 from north (Enfield, y = 0) to south
(Sutton, y = 6), as in the source. Names were checked against the shapes' names.

## Licences and attribution

Borough boundaries: Open Government Licence v3.0. The London Datastore asks for both statements on
maps made with its statistical GIS boundary files:

> Contains National Statistics data © Crown copyright and database right 2012.
> Contains Ordnance Survey data © Crown copyright and database right 2012.

The shape maps carry them, combined, in their source line: "Boundaries: contains National
Statistics and OS data © Crown copyright and database right 2012." (The hosting repository states
no licence of its own.)

London Squared layout: After the Flood's ISC-style licence (repo `LICENSE.txt`), whose notice
must appear in all copies; the tile maps credit "Tile layout: London Squared © 2019 After the Flood." The
notice:

> Copyright 2019 After the Flood Ltd.
>
> Permission to use, copy, modify, and/or distribute this software for any purpose with or without
> fee is hereby granted, provided that the above copyright notice and this permission notice appear
> in all copies.
>
> THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES WITH REGARD TO THIS
> SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE
> AUTHOR BE LIABLE FOR ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
> WHATSOEVER RESULTING FROM LOSS OF USE, DATA OR PROFITS, WHETHER IN AN ACTION OF CONTRACT,
> NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE
> OF THIS SOFTWARE.
"""

if __name__ == "__main__":
    main()
