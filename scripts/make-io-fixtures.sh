#!/usr/bin/env bash
# Regenerates the import/export fixtures in test/fixtures/io/ (committed as binaries so the
# tests need no GDAL to read them; the ogrinfo checks in test/io/ still need gdal-bin).
# Needs gdal-bin (ogr2ogr), zip and python3. Run from the repository root:
#   bash scripts/make-io-fixtures.sh
set -euo pipefail
SRC=test/fixtures/real/tonghua/districts.geojson   # WGS84, 7 county-level divisions of Tonghua
SEATS=../shared/data/real/tonghua/township-seats.geojson
OUT=test/fixtures/io
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
mkdir -p "$OUT"
command -v ogr2ogr >/dev/null || { echo "ogr2ogr missing: apt-get install gdal-bin" >&2; exit 1; }

# A small WGS84 source (simplified to ~1 km so fixtures stay small), 6 decimals.
rm -f "$OUT/tonghua-small.geojson"
ogr2ogr -f GeoJSON -simplify 0.01 -lco RFC7946=YES -lco COORDINATE_PRECISION=6 "$OUT/tonghua-small.geojson" "$SRC"

# GBK Shapefiles (the Chinese names in 'name' must survive): with a .cpg, and without one
# (then only the bytes tell: not valid UTF-8 -> GBK), the second inside a sub-folder.
ogr2ogr -lco ENCODING=GBK "$TMP/gbk" "$OUT/tonghua-small.geojson" -nln districts 2>/dev/null
(cd "$TMP/gbk" && rm -f "$OLDPWD/$OUT/gbk-with-cpg.zip" && zip -q -X "$OLDPWD/$OUT/gbk-with-cpg.zip" districts.*)
mkdir -p "$TMP/nocpg/边界数据"
cp "$TMP/gbk/districts."{shp,shx,dbf,prj} "$TMP/nocpg/边界数据/"
(cd "$TMP/nocpg" && rm -f "$OLDPWD/$OUT/gbk-without-cpg.zip" && zip -q -X -r "$OLDPWD/$OUT/gbk-without-cpg.zip" 边界数据)

# Gauss-Krüger Shapefiles with their .prj: CGCS2000 zone 42 (zone in the false easting),
# Xian 1980 CM 126E and Beijing 1954 zone 42 (GDAL has no public datum shift either: lon/lat kept).
for spec in "4530:gk-cgcs2000-zone42" "2387:gk-xian80-cm126" "2418:gk-beijing54-zone42"; do
  epsg=${spec%%:*}; name=${spec#*:}
  rm -rf "$TMP/$name"; ogr2ogr -t_srs "EPSG:$epsg" -lco ENCODING=UTF-8 "$TMP/$name" "$OUT/tonghua-small.geojson" -nln districts 2>/dev/null
  (cd "$TMP/$name" && rm -f "$OLDPWD/$OUT/$name.zip" && zip -q -X "$OLDPWD/$OUT/$name.zip" districts.*)
done

# Two layers in one archive: 7 districts and 99 township seats (points, 14 without geometry).
mkdir -p "$TMP/multi"
cp "$TMP/gbk/districts."* "$TMP/multi/"
ogr2ogr -lco ENCODING=UTF-8 "$TMP/multi" "$SEATS" -nln seats 2>/dev/null
(cd "$TMP/multi" && rm -f "$OLDPWD/$OUT/two-layers.zip" && zip -q -X "$OLDPWD/$OUT/two-layers.zip" ./*)

# The same two layers with Chinese file names stored as GBK bytes without the zip UTF-8 flag,
# as Windows' built-in "compressed folder" writes them on Chinese systems.
mkdir -p "$TMP/gbknames"
python3 - "$TMP/multi" "$TMP/gbknames" <<'PY'
import os, shutil, sys
src, dst = sys.argv[1], sys.argv[2]
for old, new in (("districts", "区县"), ("seats", "乡镇驻地")):
    for ext in ("shp", "shx", "dbf", "prj", "cpg"):
        if os.path.exists(f"{src}/{old}.{ext}"):
            shutil.copy(f"{src}/{old}.{ext}", os.path.join(dst.encode(), new.encode("gbk") + f".{ext}".encode()))
PY
(cd "$TMP/gbknames" && rm -f "$OLDPWD/$OUT/gbk-file-names.zip" && LC_ALL=C zip -q -X "$OLDPWD/$OUT/gbk-file-names.zip" ./*)

# KML and KMZ written by GDAL (an independent writer for our reader).
rm -f "$OUT/tonghua-gdal.kml" "$OUT/tonghua-gdal.kmz"
ogr2ogr -f LIBKML "$OUT/tonghua-gdal.kml" "$OUT/tonghua-small.geojson" -nln districts
ogr2ogr -f LIBKML "$OUT/tonghua-gdal.kmz" "$OUT/tonghua-small.geojson" -nln districts

# Coordinates that are not lon/lat, as GeoJSON (the crs member is stripped, as web tools do).
strip_crs() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("crs",None); json.dump(d,open(sys.argv[2],"w"),ensure_ascii=False)' "$1" "$2"; }
for spec in "4530:diag-gk-zone42" "4551:diag-gk-cm126-nozone" "3857:diag-web-mercator"; do
  epsg=${spec%%:*}; name=${spec#*:}
  rm -f "$TMP/$name.geojson"; ogr2ogr -f GeoJSON -t_srs "EPSG:$epsg" -lco COORDINATE_PRECISION=2 "$TMP/$name.geojson" "$OUT/tonghua-small.geojson"
  strip_crs "$TMP/$name.geojson" "$OUT/$name.geojson"
done
python3 - "$OUT/tonghua-small.geojson" "$OUT/diag-swapped.geojson" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
def swap(c):
    return [c[1], c[0]] if isinstance(c[0], (int, float)) else [swap(x) for x in c]
for f in d["features"]:
    f["geometry"]["coordinates"] = swap(f["geometry"]["coordinates"])
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY

# The same Gauss-Krüger system as OGC WKT1 and WKT2 (other tools write these, not ESRI WKT).
gdalsrsinfo -o wkt1 EPSG:4530 > "$OUT/prj-cgcs2000-zone42.wkt1.prj"
gdalsrsinfo -o wkt2 EPSG:4530 > "$OUT/prj-cgcs2000-zone42.wkt2.prj"

# Malformed inputs.
head -c 400 "$OUT/gbk-with-cpg.zip" > "$OUT/bad-truncated.zip"
printf 'not a shapefile\n' > "$TMP/readme.txt"
(cd "$TMP" && rm -f "$OLDPWD/$OUT/bad-no-shp.zip" && zip -q -X "$OLDPWD/$OUT/bad-no-shp.zip" readme.txt gbk/districts.dbf)
printf '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>东昌区</name><Point><coordinates>125.9,41.7</coordinates></Point>\n' > "$OUT/bad-broken.kml"
printf '名称,编号,X坐标,Y坐标\r\n东昌派出所,220502001,125.93,41.73\r\n' > "$OUT/bad-points-columns.csv"
# A GBK CSV of police rooms (as Excel on a Chinese Windows saves it), one row with a bad latitude.
printf '名称,编号,经度,纬度\r\n东昌区民主警务室,220502001,125.9361,41.7280\r\n"新站警务室, 二楼",220502002,125.9512,41.7334\r\n坏坐标警务室,220502003,125.96,北纬41度\r\n' | iconv -f UTF-8 -t GBK > "$OUT/points-gbk.csv"
echo "fixtures written to $OUT"
