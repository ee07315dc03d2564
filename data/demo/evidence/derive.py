#!/usr/bin/env python3
"""
Derives the bundled demo evidence in this folder from the public files in ../shared/data and the figures
printed in seed 004. Run from the repository root:  python3 data/demo/evidence/derive.py
Needs only the Python standard library. See README.md here for what each file is and its attribution.
"""
import csv, json, math, os, re, zipfile
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.abspath(os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data'))
HAMPSHIRE_LAS = ['E06000044', 'E06000045', 'E06000046'] + [f'E070000{n}' for n in range(84, 95)]

def out(name):
    return open(os.path.join(HERE, name), 'w', newline='')

# --- geography -----------------------------------------------------------------------------------------
lookup = list(csv.DictReader(open(os.path.join(SHARED, 'lookups', 'lad-to-csp-to-pfa-2017.csv'), encoding='utf-8-sig')))
by_lad = {r['LAD17CD']: r for r in lookup}
COMPARATOR_LADS = ['E07000061', 'E09000017', 'E06000032', 'E06000015', 'E07000103', 'E08000019', 'E09000018', 'E06000039',
                   'E06000043', 'E06000038', 'W06000015', 'E07000154', 'E06000023', 'E06000044', 'E06000045']

def rings(geom):
    return [geom['coordinates']] if geom['type'] == 'Polygon' else geom['coordinates']

def ring_area_centroid(ring):
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        f = x0 * y1 - x1 * y0
        a += f; cx += (x0 + x1) * f; cy += (y0 + y1) * f
    a /= 2
    return (a, cx / (6 * a), cy / (6 * a)) if a else (0, ring[0][0], ring[0][1])

def centroid(geom):
    # Area-weighted centroid of the outer rings (holes are small for LSOAs and ignored).
    tot = sx = sy = 0.0
    for poly in rings(geom):
        a, x, y = ring_area_centroid([tuple(p[:2]) for p in poly[0]])
        a = abs(a); tot += a; sx += a * x; sy += a * y
    return sx / tot, sy / tot

def inside(pt, geom):
    x, y = pt
    for poly in rings(geom):
        def in_ring(r):
            c = False
            for (x0, y0), (x1, y1) in zip(r, r[1:] + r[:1]):
                if (y0 > y) != (y1 > y) and x < (x1 - x0) * (y - y0) / (y1 - y0) + x0:
                    c = not c
            return c
        if in_ring([tuple(p[:2]) for p in poly[0]]) and not any(in_ring([tuple(p[:2]) for p in h]) for h in poly[1:]):
            return True
    return False

def dist2(p, a, b):
    (x, y), (x0, y0), (x1, y1) = p, a, b
    dx, dy = x1 - x0, y1 - y0
    if dx == dy == 0:
        return (x - x0) ** 2 + (y - y0) ** 2
    t = max(0, min(1, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
    return (x - x0 - t * dx) ** 2 + (y - y0 - t * dy) ** 2

def simplify(points, tol):
    # Douglas–Peucker on one ring.
    if len(points) < 4:
        return points
    keep = [False] * len(points); keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        i, j = stack.pop()
        best, idx = 0, None
        for k in range(i + 1, j):
            d = dist2(points[k], points[i], points[j])
            if d > best:
                best, idx = d, k
        if idx is not None and best > tol * tol:
            keep[idx] = True; stack += [(i, idx), (idx, j)]
    return [p for p, k in zip(points, keep) if k]

def small_geometry(geom, tol=0.0008, places=4):
    polys = []
    for poly in rings(geom):
        out_rings = []
        for r in poly:
            s = simplify([tuple(p[:2]) for p in r], tol)
            s = [[round(x, places), round(y, places)] for x, y in s]
            dedup = [p for i, p in enumerate(s) if i == 0 or p != s[i - 1]]
            if len(dedup) >= 4:
                out_rings.append(dedup)
        if out_rings:
            polys.append(out_rings)
    return {'type': 'MultiPolygon', 'coordinates': polys} if len(polys) > 1 else {'type': 'Polygon', 'coordinates': polys[0]}

areas = [('E92000001', 'England', 'country', ''), ('W92000004', 'Wales', 'country', '')]
pfas, csps = {}, {}
for lad in HAMPSHIRE_LAS + COMPARATOR_LADS:
    r = by_lad[lad]
    pfas[r['PFA17CD']] = r['PFA17NM']
    csps[r['CSP17CD']] = (r['CSP17NM'], r['PFA17CD'])
for code, name in sorted(pfas.items()):
    areas.append((code, 'Hampshire' if code == 'E23000030' else name, 'police-force-area', 'W92000004' if code.startswith('W') else 'E92000001'))
for code, (name, pfa) in sorted(csps.items()):
    areas.append((code, name, 'csp', pfa))
for lad in sorted(set(HAMPSHIRE_LAS + COMPARATOR_LADS)):
    areas.append((lad, by_lad[lad]['LAD17NM'], 'local-authority', by_lad[lad]['CSP17CD']))

wards, ward_features, lsoa_rows = [], [], []
for lad in HAMPSHIRE_LAS:
    wj = json.load(open(os.path.join(SHARED, 'boundaries', 'wards-2013', f'{lad}.json')))
    lj = json.load(open(os.path.join(SHARED, 'boundaries', 'lsoa-2011', f'{lad}.json')))
    for f in wj['features']:
        p = f['properties']
        areas.append((p['WD13CD'], p['WD13NM'], 'ward', lad))
        wards.append((p['WD13CD'], f['geometry']))
        ward_features.append({'type': 'Feature', 'properties': {'code': p['WD13CD'], 'name': p['WD13NM'], 'la': lad},
                              'geometry': small_geometry(f['geometry'])})
    local = wards[-len(wj['features']):]
    for f in lj['features']:
        p = f['properties']
        c = centroid(f['geometry'])
        ward = next((code for code, g in local if inside(c, g)), None)
        if ward is None:  # centroid outside every ward (coastline generalisation): the nearest ward centroid
            ward = min(local, key=lambda w: (centroid(w[1])[0] - c[0]) ** 2 + (centroid(w[1])[1] - c[1]) ** 2)[0]
        areas.append((p['LSOA11CD'], p['LSOA11NM'], 'lsoa', lad))
        lsoa_rows.append((p['LSOA11CD'], ward, round(c[0], 5), round(c[1], 5)))

fit = {code: (ward, lon, lat) for code, ward, lon, lat in lsoa_rows}
with out('areas.csv') as f:
    w = csv.writer(f, lineterminator='\n')
    w.writerow(['area_code', 'name', 'type', 'parent_code', 'ward_code', 'centroid_lon', 'centroid_lat'])
    w.writerows([a + fit.get(a[0], ('', '', '')) for a in areas])
with out('wards.geojson') as f:
    json.dump({'type': 'FeatureCollection', 'features': ward_features}, f, separators=(',', ':'))

# --- populations (ONS MYE4, mid-2011 to mid-2023; Northampton from the mid-2019 table) ------------------
z = zipfile.ZipFile(os.path.join(SHARED, 'population', 'mye23tablesew.xlsx'))
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
strings = [''.join(t.itertext()) for t in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns)]
def sheet_rows(name):
    for r in ET.fromstring(z.read(name)).iter('{%s}row' % ns['m']):
        vals = []
        for c in r.findall('m:c', ns):
            v = c.find('m:v', ns)
            vals.append(None if v is None else (strings[int(v.text)] if c.get('t') == 's' else v.text))
        yield vals
pop = {}
header = None
for r in sheet_rows('xl/worksheets/sheet11.xml'):  # MYE4
    if r and r[0] == 'Code':
        header = [int(h[4:]) for h in r[3:16]]
    elif header and r and r[0]:
        pop[r[0]] = {y: int(v) for y, v in zip(header, r[3:16]) if v}
for r in csv.reader(open(os.path.join(SHARED, 'population', 'ukmidyearestimates20192020ladcodes.csv'), encoding='utf-8-sig')):
    if r and r[0] == 'E07000154':
        pop['E07000154'] = {2019: int(r[3].replace(',', ''))}
rows = []
for lad in sorted(set(HAMPSHIRE_LAS + COMPARATOR_LADS)):
    rows += [(lad, y, p) for y, p in sorted(pop[lad].items())]
for code, (name, pfa) in sorted(csps.items()):
    members = [l for l in set(HAMPSHIRE_LAS + COMPARATOR_LADS) if by_lad[l]['CSP17CD'] == code]
    for y in range(2011, 2024):
        if all(y in pop[l] for l in members):
            rows.append((code, y, sum(pop[l][y] for l in members)))
for y in range(2011, 2024):
    rows.append(('E23000030', y, sum(pop[l][y] for l in HAMPSHIRE_LAS)))
    rows.append(('E92000001', y, pop['E92000001'][y]))
with out('population.csv') as f:
    w = csv.writer(f, lineterminator='\n'); w.writerow(['area_code', 'year', 'population']); w.writerows(rows)
pop_of = {(c, y): p for c, y, p in rows}

# --- seed 004 figures --------------------------------------------------------------------------------------
seed = open(os.path.join(SHARED, '..', 'seeds', '004_aa7cb6719a7bf617.txt')).read()
RATE_KEY = 'ho:recorded-crime-excluding-fraud-rate'
s7 = re.findall(r'<tr> <td>([^<]+)</td> <td>([\d.]+)</td> </tr>', [l for l in seed.split('\n') if l.startswith('7.\t')][0])
names = {'England*': 'E92000001', 'Hampshire Constabulary': 'E23000030', 'Brighton & Hove': 'E22000292', 'Bristol': 'E22000002'}
for lad in COMPARATOR_LADS:
    names.setdefault(by_lad[lad]['LAD17NM'], by_lad[lad]['CSP17CD'])
ind = [['key', 'name', 'unit', 'multiplier', 'polarity', 'period_type', 'source']]
obs = [['indicator', 'area_code', 'period', 'numerator', 'denominator']]
ind.append([RATE_KEY, 'Police recorded crime (excluding fraud), rate per 1,000 population', 'rate', '1000', 'lower-is-better', 'financial-year',
            'Home Office police recorded crime; ONS mid-year estimates (seed 004 §7; counts reconstructed, see README)'])
group = []
for name, rate in s7:
    code = names[name]
    year = 2016 if (code, 2016) in pop_of else 2019
    p = pop_of[(code, year)]
    obs.append([RATE_KEY, code, '2016/17', round(float(rate) * p / 1000), p])
    if code.startswith(('E22', 'W14')):
        group.append(code)
with out('comparator-groups.json') as f:
    json.dump([{'name': "Southampton's most similar Community Safety Partnerships", 'areaCode': 'E22000120',
                'description': 'The fifteen CSPs of the Home Office most similar group for Southampton, as used in seed 004 §7.',
                'members': group}], f, indent=2)

DA_KEY = 'sa:domestic-share-of-violent-crime'
ind.append([DA_KEY, 'Domestic violence crimes as a percentage of all violent crime', 'proportion', '100', 'no-judgement', 'financial-year',
            'Hampshire Constabulary (seed 004 §43; denominators reconstructed, see README)'])
s43 = re.findall(r'<tr> <td>(\d{4}/\d{2})</td> <td>([\d.]+)</td> <td>([\d,]+)</td> </tr>', [l for l in seed.split('\n') if l.startswith('43.\t')][0])
for period, pct, n in s43:
    n = int(n.replace(',', ''))
    obs.append([DA_KEY, 'E22000120', period, n, round(n * 100 / float(pct))])

SURVEY = [('sa:feel-safe-day', 'Residents who feel safe outside during the day', 85, 76, 94),
          ('sa:feel-safe-dark', 'Residents who feel safe outside after dark', 52, 42, 78)]
for key, name, y2015, y2017, national in SURVEY:
    ind.append([key, name, 'proportion', '100', 'higher-is-better', 'calendar-year',
                'Southampton Community Safety Survey 2017 and 2015; LGA resident polling for England (seed 004 §14)'])
    obs.append([key, 'E22000120', '2015', round(y2015 * 836 / 100), 836])
    obs.append([key, 'E22000120', '2017', round(y2017 * 836 / 100), 836])
    obs.append([key, 'E92000001', '2017', round(national * 1000 / 100), 1000])
with out('seed-measures.indicators.csv') as f:
    csv.writer(f, lineterminator='\n').writerows(ind)
with out('seed-measures.observations.csv') as f:
    csv.writer(f, lineterminator='\n').writerows(obs)
print(len(areas), 'areas', len(lsoa_rows), 'LSOAs', len(ward_features), 'wards', len(rows), 'populations', len(group), 'comparators')
