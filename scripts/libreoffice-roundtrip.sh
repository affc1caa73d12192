#!/usr/bin/env bash
# The two Excel round trips of issue 17, with LibreOffice Calc standing in
# for a Dinas office's Excel. Needs `soffice` (libreoffice-calc); CI does not
# run it. Usage: scripts/libreoffice-roundtrip.sh [path/to/dtks] [households]
#
# 1. dtks's .xlsx export, converted by the spreadsheet to ';'-separated CSV
#    per sheet, imports back to the same register.
# 2. dtks's CSV export opened in the spreadsheet the way a double-click does
#    (Windows-1252, so the BOM becomes 'ï»¿') and saved as .xlsx: its NIKs
#    and No. KKs are numbers rounded to 15 digits. `dtks import` without
#    --restore-rounded restores nothing and counts the rows; with it, every
#    row is restored and the register is unchanged.
# Exits 0 when both hold, 1 when one does not, 2 when soffice is missing.
set -euo pipefail

DTKS=${1:-target/debug/dtks}
HOUSEHOLDS=${2:-300}
if ! command -v soffice >/dev/null; then
    echo "soffice not found: install libreoffice-calc to run this check" >&2
    exit 2
fi
WORK=$(mktemp -d /tmp/dtks-lo-roundtrip.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
export DTKS_TODAY=2026-11-24 DTKS_USER=roundtrip
export HOME="$WORK/home" # soffice keeps its profile here, not in the user's
mkdir -p "$HOME"

"$DTKS" sample --households "$HOUSEHOLDS" --out "$WORK/sample" >/dev/null
# The register tables only: the cycle's decisions would be replayed again.
"$DTKS" --db "$WORK/db" import "$WORK/sample"/{households,persons,history,enrolments}.csv >/dev/null 2>&1
"$DTKS" --db "$WORK/db" export --out "$WORK/before" --xlsx >/dev/null
fail=0
same() { # $1: db, $2: label
    "$DTKS" --db "$1" export --out "$WORK/after-$2" >/dev/null
    for f in households persons history enrolments; do
        if ! cmp -s "$WORK/before/$f.csv" "$WORK/after-$2/$f.csv"; then
            echo "FAIL $2: $f.csv differs after the round trip" >&2
            diff "$WORK/before/$f.csv" "$WORK/after-$2/$f.csv" | head -5 >&2
            fail=1
        fi
    done
}

# Round trip 1: .xlsx → spreadsheet → CSV per sheet (';', UTF-8) → import.
mkdir -p "$WORK/rt1"
xlsx=$(ls "$WORK/before"/*.xlsx | head -1)
for sheet in 2 3 4 5; do # sheet 1 is wilayah, already in the register
    soffice --headless --convert-to "csv:Text - txt - csv (StarCalc):59,34,76,1,,0,false,true,false,false,false,$sheet" \
        --outdir "$WORK/rt1/$sheet" "$xlsx" >/dev/null 2>&1
done
cp -r "$WORK/db" "$WORK/db1"
"$DTKS" --db "$WORK/db1" import "$WORK/rt1" >"$WORK/rt1.out" 2>&1 || { cat "$WORK/rt1.out" >&2; fail=1; }
same "$WORK/db1" rt1
echo "round trip 1 (.xlsx → spreadsheet → CSV): $(head -1 "$WORK/rt1.out")"

# Round trip 2: CSV → spreadsheet read as Windows-1252 → .xlsx → import.
mkdir -p "$WORK/rt2"
for f in households persons history enrolments; do
    soffice --headless --infilter="CSV:44,34,1252,1" --convert-to xlsx --outdir "$WORK/rt2" \
        "$WORK/before/$f.csv" >/dev/null 2>&1
done
cp -r "$WORK/db" "$WORK/db2"
set +e
"$DTKS" --db "$WORK/db2" import "$WORK/rt2" >"$WORK/rt2-plain.out" 2>&1
set -e
grep -q "restore-rounded" "$WORK/rt2-plain.out" || { echo "FAIL: no count of restorable rows" >&2; fail=1; }
same "$WORK/db2" rt2-plain
echo "round trip 2 without --restore-rounded: $(head -1 "$WORK/rt2-plain.out")"
grep "restore-rounded" "$WORK/rt2-plain.out" | grep -v '^  ! ' | head -1
find "$WORK/rt2" -name '*.rejects.csv' -delete
"$DTKS" --db "$WORK/db2" import --restore-rounded "$WORK/rt2" >"$WORK/rt2.out" 2>&1 || { head -20 "$WORK/rt2.out" >&2; fail=1; }
same "$WORK/db2" rt2
echo "round trip 2 with --restore-rounded: $(head -1 "$WORK/rt2.out")"
grep -m1 -A2 "^Dipulihkan\|^Restored" "$WORK/rt2.out" || true
[ "$fail" = 0 ] && echo "OK: both round trips leave the register unchanged"
exit "$fail"
