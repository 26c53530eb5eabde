#!/usr/bin/env bash
# CTest "packaging": build the .deb with CPack into a temporary directory, check what it holds, validate
# its desktop entry and AppStream metadata, unpack it with dpkg -x into a temporary root and run the
# unpacked binary (--version, and an offscreen screenshot on a fresh store).
#
#   packaging_test.sh BUILD_DIR SOURCE_DIR
#
# Exit 0 passed, 1 failed, 77 skipped (no dpkg-deb: not a Debian system).
set -euo pipefail

build_dir=$(cd "$1" && pwd)
source_dir=$(cd "$2" && pwd)
app_id=uk.gov.london.mopac.Oversight

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

if ! command -v dpkg-deb >/dev/null 2>&1; then
    echo "SKIP: dpkg-deb is not installed"
    exit 77
fi
for tool in cpack dpkg desktop-file-validate appstreamcli; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is not installed (scripts/lib.sh lists its Debian package)"
done
[ -f "$build_dir/CPackConfig.cmake" ] || fail "no $build_dir/CPackConfig.cmake: configure the project first"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# 1. The .deb, built by CPack into the temporary directory (build/ is left alone).
cpack -G DEB -B "$tmp/cpack" --config "$build_dir/CPackConfig.cmake" >"$tmp/cpack.log" 2>&1 \
    || { cat "$tmp/cpack.log" >&2; fail "cpack -G DEB failed"; }
debs=("$tmp"/cpack/oversight_*.deb)
if [ ${#debs[@]} -ne 1 ] || [ ! -s "${debs[0]}" ]; then
    fail "cpack made no oversight_*.deb (got: ${debs[*]})"
fi
deb=${debs[0]}
echo "built $(basename "$deb")"

# 2. Its fields and contents.
[ "$(dpkg-deb -f "$deb" Package)" = oversight ] || fail "the package is not named oversight"
version=$(sed -n 's/^project(Oversight VERSION \([0-9.]*\).*/\1/p' "$source_dir/CMakeLists.txt")
case "$(dpkg-deb -f "$deb" Version)" in
    "$version" | "$version"-*) ;;
    *) fail "package version $(dpkg-deb -f "$deb" Version) is not the project's $version" ;;
esac
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
for dep in libqt6core6 libqt6widgets6 libqt6charts6 libqt6sql6 libqt6sql6-sqlite libqt6svg6 libquazip1-qt6-1 libsqlite3-0 libxlsxwriter4; do
    [[ ", $depends," == *", $dep "* || ", $depends," == *", $dep,"* ]] || fail "Depends lacks $dep"
done

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$tmp/contents"
expected=(
    /usr/bin/oversight
    "/usr/share/applications/$app_id.desktop"
    "/usr/share/metainfo/$app_id.metainfo.xml"
    "/usr/share/icons/hicolor/scalable/apps/$app_id.svg"
    /usr/share/doc/oversight/README.md
)
for size in 16 24 32 48 64 128 256; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png")
done
for path in "${expected[@]}"; do
    grep -qxF "$path" "$tmp/contents" || fail "the .deb lacks $path"
done
echo "contents: ${#expected[@]} expected files present"

# 3. Unpacked into a temporary root: the desktop entry and the metadata validate, the icons are PNGs
#    of their size, the binary runs.
root=$tmp/root
dpkg -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/$app_id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "$root/usr/share/metainfo/$app_id.metainfo.xml" || fail "appstreamcli validate"
for size in 16 48 256; do
    png="$root/usr/share/icons/hicolor/${size}x${size}/apps/$app_id.png"
    header=$(od -An -tx1 -j16 -N8 "$png" | tr -d ' \n')
    [ "$header" = "$(printf '%08x%08x' "$size" "$size")" ] || fail "$png is not a ${size}x${size} PNG"
done

binary=$root/usr/bin/oversight
[ -x "$binary" ] || fail "the unpacked binary is not executable"
if readelf -d "$binary" 2>/dev/null | grep -qE 'R(UN)?PATH'; then
    fail "the installed binary carries a run path"
fi
out=$("$binary" --version) || fail "oversight --version failed"
[ "$out" = "Oversight $version" ] || fail "oversight --version printed '$out', not 'Oversight $version'"
echo "$out"

export QT_QPA_PLATFORM=offscreen HOME=$tmp/home XDG_RUNTIME_DIR=$tmp/runtime
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 0700 "$XDG_RUNTIME_DIR"
"$binary" --db "$tmp/store.sqlite" screenshot "$tmp/shot.png" --size 800x600 || fail "oversight screenshot failed"
[ -s "$tmp/shot.png" ] || fail "the screenshot is missing or empty"
[ "$(od -An -tx1 -N8 "$tmp/shot.png" | tr -d ' \n')" = 89504e470d0a1a0a ] || fail "the screenshot is not a PNG"
echo "screenshot: $(stat -c %s "$tmp/shot.png") bytes"
# The Excel export loads libxlsxwriter at run time (dlmopen): the installed binary finds it.
"$binary" --db "$tmp/store.sqlite" export-table revenue "$tmp/revenue.xlsx" || fail "oversight export-table to .xlsx failed"
[ "$(od -An -tx1 -N4 "$tmp/revenue.xlsx" | tr -d ' \n')" = 504b0304 ] || fail "the exported workbook is not a zip"
echo "workbook: $(stat -c %s "$tmp/revenue.xlsx") bytes"
echo "PASS"
