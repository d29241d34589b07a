#!/usr/bin/python3
"""Independent GEOS reference for the real-data pairs (run ONCE; output committed).

  /usr/bin/python3 scripts/bench/reference_real.py > test/fixtures/real/reference.json

Uses Debian's python3-shapely 1.8.5 (GEOS 3.11) and pyproj, nothing from our TypeScript engine.
Per pair (grids = community layer, police = police layer):
  * projection: ellipsoidal LAEA (+proj=laea +datum=WGS84) centred on the centre of the lon/lat
    bounding box of both layers - the same rule as the engine (LAEA is equal-area, so any centre
    gives the same areas up to ~1e-9);
  * invalid polygons are repaired with shapely.validation.make_valid (polygonal parts kept);
  * per grid: area, and every police zone with area(grid & zone) > 0.01 m2 (STRtree + GEOS
    intersection), status by the issue-3 rules with the default thresholds (uncovered: sum of
    pieces < 0.5 %; aligned: one zone >= 99.5 %; split: >= 2 zones each >= 0.5 %; partial: else);
  * per zone: overhang = area(zone - union(all grids)), overlaps = area(zone_i & zone_j), i < j.
Ids are feature indexes (the engine's fallback when no id is present).
"""
import json, os, sys, warnings

from pyproj import Transformer
from shapely.geometry import shape, Polygon, MultiPolygon, GeometryCollection
from shapely.ops import transform, unary_union
from shapely.strtree import STRtree
from shapely.validation import make_valid

warnings.filterwarnings("ignore")
HERE = os.path.dirname(os.path.abspath(__file__))
REAL = os.path.join(HERE, '..', '..', 'test', 'fixtures', 'real')
PAIRS = [
    ('chicago', 'community-areas.geojson', 'police-beats.geojson'),
    ('nyc', 'community-districts.geojson', 'police-sectors.geojson'),
    ('seattle', 'neighborhoods.geojson', 'police-beats.geojson'),
]
DUST, ALIGNED, UNCOVERED, SPLIT = 0.01, 0.995, 0.005, 0.005


def coords(g, acc):
    if isinstance(g, (list, tuple)) and g and isinstance(g[0], (int, float)):
        acc.append(g)
    elif isinstance(g, (list, tuple)):
        for c in g:
            coords(c, acc)


def polygonal(g):
    if isinstance(g, (Polygon, MultiPolygon)):
        return g
    if isinstance(g, GeometryCollection):
        parts = [p for p in g.geoms if isinstance(p, (Polygon, MultiPolygon))]
        return unary_union(parts)
    return Polygon()


def load(path, tr):
    fc = json.load(open(path))
    geoms, repaired = [], 0
    for f in fc['features']:
        g = transform(tr, shape(f['geometry']))
        if not g.is_valid:
            g = polygonal(make_valid(g))
            repaired += 1
        geoms.append(g)
    return fc, geoms, repaired


def status(area, pieces):
    covered = sum(a for _, a in pieces)
    mx = max((a for _, a in pieces), default=0.0)
    if covered < UNCOVERED * area:
        return 'uncovered'
    if mx >= ALIGNED * area:
        return 'aligned'
    if sum(1 for _, a in pieces if a >= SPLIT * area) >= 2:
        return 'split'
    return 'partial'


def run(city, gname, pname):
    gpath, ppath = os.path.join(REAL, city, gname), os.path.join(REAL, city, pname)
    allc = []
    for p in (gpath, ppath):
        for f in json.load(open(p))['features']:
            coords(f['geometry']['coordinates'], allc)
    lons = [c[0] for c in allc]; lats = [c[1] for c in allc]
    lon0, lat0 = (min(lons) + max(lons)) / 2, (min(lats) + max(lats)) / 2
    laea = f'+proj=laea +lat_0={lat0!r} +lon_0={lon0!r} +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs'
    tr = Transformer.from_crs('EPSG:4326', laea, always_xy=True).transform
    _, grids, grep = load(gpath, tr)
    _, zones, zrep = load(ppath, tr)
    tree = STRtree(zones)
    rows = []
    counts = dict(aligned=0, split=0, partial=0, uncovered=0)
    pieces_total = 0
    for gi, g in enumerate(grids):
        pieces = []
        for zi in tree.query_items(g):
            a = g.intersection(zones[zi]).area
            if a > DUST:
                pieces.append((int(zi), a))
        pieces.sort(key=lambda p: (-p[1], p[0]))
        st = status(g.area, pieces)
        counts[st] += 1
        pieces_total += len(pieces)
        rows.append({'id': gi, 'areaM2': round(g.area, 4), 'status': st, 'zones': [[z, round(a, 4)] for z, a in pieces]})
    all_grids = unary_union(grids)
    overhang = [round(z.difference(all_grids).area, 4) for z in zones]
    ztree = STRtree(zones)
    overlap = 0.0
    for i, z in enumerate(zones):
        for j in ztree.query_items(z):
            if j > i:
                a = z.intersection(zones[j]).area
                if a > DUST:
                    overlap += a
    return {
        'grids': os.path.join(city, gname), 'police': os.path.join(city, pname), 'proj4': laea,
        'repaired': {'grids': grep, 'police': zrep},
        'summary': {'grids': dict(count=len(grids), **counts), 'police': {'count': len(zones), 'overhangM2': round(sum(overhang), 3), 'overlapM2': round(overlap, 3)}, 'pieces': pieces_total},
        'gridRows': rows,
        'zoneOverhangM2': overhang,
    }


if __name__ == '__main__':
    import shapely
    from shapely import geos
    out = {'generator': 'scripts/bench/reference_real.py', 'engine': f'shapely {shapely.__version__}, GEOS {geos.geos_version_string}', 'pairs': {}}
    for city, g, p in PAIRS:
        out['pairs'][city] = run(city, g, p)
        print(city, json.dumps(out['pairs'][city]['summary']), out['pairs'][city]['repaired'], file=sys.stderr)
    json.dump(out, sys.stdout, indent=None, separators=(',', ':'))
    sys.stdout.write('\n')
