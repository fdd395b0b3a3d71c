#!/usr/bin/env bash
# `voidsim analyze` as users drive it: exit codes and messages for a missing pixel size, a wrong
# unit and non-image files; JSON and overlay written (atomically, nothing else left behind).
# usage: analyze_cli_test.sh VOIDSIM_EXECUTABLE SOURCE_DIR WORK_DIR CASE
set -u
voidsim=$1 src=$2 work=$3 case=$4
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*"; cat err.txt 2>/dev/null; exit 1; }
image="$src/tests/postprocess/data/no_pixel_size.png"  # 8-bit, no pHYs: no calibration at all

case "$case" in
  missing_pixel_size)
    "$voidsim" analyze "$image" -o stats.json >out.txt 2>err.txt
    rc=$?
    [ $rc -eq 3 ] || fail "exit code $rc, expected 3 (invalid input)"
    grep -q "no_pixel_size.png: --pixel-size: the image has no pixel size" err.txt || fail "message"
    [ -z "$(ls -A . | grep -v -e out.txt -e err.txt)" ] || fail "files were written"
    ;;
  wrong_unit)
    "$voidsim" analyze "$image" --pixel-size 3s -o stats.json >out.txt 2>err.txt
    rc=$?
    [ $rc -eq 3 ] || fail "exit code $rc, expected 3"
    grep -q -- "--pixel-size: '3s': expected a length" err.txt || fail "message"
    [ ! -e stats.json ] || fail "stats.json written"
    ;;
  not_an_image)
    echo "just text" >notes.txt
    echo "just text" >fake.png
    for f in notes.txt fake.png missing.tif; do
      "$voidsim" analyze "$f" --pixel-size 0.5nm -o stats.json >out.txt 2>err.txt
      rc=$?
      [ $rc -eq 5 ] || fail "$f: exit code $rc, expected 5 (I/O)"
      grep -q "'$f'" err.txt || fail "$f: message does not name the file"
      [ ! -e stats.json ] || fail "$f: stats.json written"
    done
    ;;
  writes_json_and_overlay)
    "$voidsim" analyze "$image" --pixel-size 0.5nm -o stats.json 2>err.txt || fail "analyze failed"
    [ -s stats.json ] || fail "no stats.json"
    [ -s stats.overlay.png ] || fail "no overlay beside the JSON"
    for key in void_area_fraction void_count median_diameter_nm diameters_nm profile depth_nm threshold \
               threshold_sensitivity '"pixel_size_source": "option"' '"interface_row": 12'; do
      grep -q -- "$key" stats.json || fail "stats.json lacks $key"
    done
    grep -q '"void_count": 3' stats.json || fail "expected the fixture's 3 voids"
    [ -z "$(ls -A . | grep tmp)" ] || fail "temporary files left"
    "$voidsim" analyze "$image" --pixel-size 0.5nm >stdout.json 2>err.txt || fail "analyze to stdout"
    grep -q '"overlay": null' stdout.json || fail "JSON on stdout should write no overlay"
    ;;
  *) fail "unknown case $case" ;;
esac
echo OK
