#!/usr/bin/env bash
# Vendors the front-end files Rownaq serves into src/rownaq/web/static/vendor/.
#
# Rownaq runs on a government intranet with no internet, so nothing may load from a CDN: the files are fetched
# once from the npm registry (npm pack, exact versions, integrity checked), trimmed to what the pages load,
# and committed to git. Run it again only to upgrade a version; then update the pins below and commit.
#
# Usage: scripts/vendor-static.sh          (needs npm and node; no other tools, no network but the npm registry)
set -euo pipefail

# Exact versions and the sha512 integrity the npm registry publishes for each tarball (npm view PKG@VER dist.integrity).
BOOTSTRAP_VERSION="5.3.9"
BOOTSTRAP_INTEGRITY="sha512-20cU0rcfw8WdxtVbmfU+xT2EjvVTw9Ror/h1Qvd7DXCujRg8OO9mdBCsmTHdJFf3BuadmBNJtgIuUXsBqSkk/w=="
HTMX_VERSION="2.0.11"   # stay on 2.0.x: htmx 4 changes attribute inheritance and events
HTMX_INTEGRITY="sha512-Thx/WtpeOQqSrqBCw/A1cwGJGg4UrVa3+sW0GmrM3p4gJgO89ecH4qtbnyzDDWFvBTqjnIMCgELTNt636dtamA=="
VAZIRMATN_VERSION="33.0.3"
VAZIRMATN_INTEGRITY="sha512-fbjNc0CMjazZpIegWzz9OHGzI1APFboT+x7ZecXlUCtDe/nkyx7gtCTZnWS/+eeXG7fbfXymCPKJI8EsnM3iqw=="
CHARTJS_VERSION="4.6.1"
CHARTJS_INTEGRITY="sha512-hJyniucsFmq//EvXYvJ6c6mahPoI3kaxdjVH8awTaJ/fDNWeSqqqArixMJWkWNN6fcYvPU3HneSANFNYtRi61g=="
JALALIDATEPICKER_VERSION="0.9.12"
JALALIDATEPICKER_INTEGRITY="sha512-KsQ8yEXQph46CLeKxhrUvdYxD3now5EvhulDWlAOnV5YZKwX8PHcEBUy0EZUxDBgN54H9n31uy2kBMARgi7OWA=="

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DEST="$ROOT/src/rownaq/web/static/vendor"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for tool in npm node; do
    command -v "$tool" >/dev/null || { echo "vendor-static: $tool is required" >&2; exit 1; }
done

# unpack NAME VERSION INTEGRITY -> prints the directory holding the package's files
unpack() {
    local name="$1" version="$2" integrity="$3"
    local dir="$WORK/$(echo "$name" | tr '/@' '__')"
    mkdir -p "$dir"
    local tarball
    tarball="$(cd "$dir" && npm pack --silent "$name@$version" | tail -n 1)"
    local actual
    actual="sha512-$(node -e 'const c=require("crypto"),f=require("fs");process.stdout.write(c.createHash("sha512").update(f.readFileSync(process.argv[1])).digest("base64"))' "$dir/$tarball")"
    if [[ "$actual" != "$integrity" ]]; then
        echo "vendor-static: integrity mismatch for $name@$version: got $actual" >&2
        exit 1
    fi
    tar -xzf "$dir/$tarball" -C "$dir"
    echo "$dir/package"
}

# take SOURCE TARGET: copy one file, creating the target's folder
take() {
    mkdir -p "$(dirname "$2")"
    cp "$1" "$2"
}

# Source maps are not vendored, so their trailing references go too: browsers would request the missing
# files, and Django's ManifestStaticFilesStorage refuses to collectstatic a file whose map is missing.
strip_source_map_reference() {
    sed -i -E 's@(//|/\*)# sourceMappingURL=[^ ]*( \*/)?[[:space:]]*$@@' "$1"
}

rm -rf "$DEST"
mkdir -p "$DEST"

pkg="$(unpack bootstrap "$BOOTSTRAP_VERSION" "$BOOTSTRAP_INTEGRITY")"
take "$pkg/LICENSE" "$DEST/bootstrap/LICENSE"
take "$pkg/dist/css/bootstrap.rtl.min.css" "$DEST/bootstrap/css/bootstrap.rtl.min.css"
take "$pkg/dist/js/bootstrap.bundle.min.js" "$DEST/bootstrap/js/bootstrap.bundle.min.js"

pkg="$(unpack htmx.org "$HTMX_VERSION" "$HTMX_INTEGRITY")"
take "$pkg/LICENSE" "$DEST/htmx/LICENSE"
take "$pkg/dist/htmx.min.js" "$DEST/htmx/htmx.min.js"

pkg="$(unpack vazirmatn "$VAZIRMATN_VERSION" "$VAZIRMATN_INTEGRITY")"
take "$pkg/OFL.txt" "$DEST/vazirmatn/OFL.txt"
take "$pkg/AUTHORS.txt" "$DEST/vazirmatn/AUTHORS.txt"
for style in Regular Medium Bold; do
    take "$pkg/fonts/webfonts/Vazirmatn-$style.woff2" "$DEST/vazirmatn/fonts/Vazirmatn-$style.woff2"
done
cat > "$DEST/vazirmatn/vazirmatn.css" <<'CSS'
/* Vazirmatn (SIL Open Font License 1.1, see OFL.txt), written by scripts/vendor-static.sh. */
@font-face {
  font-family: Vazirmatn;
  src: url("fonts/Vazirmatn-Regular.woff2") format("woff2");
  font-weight: 400;
  font-style: normal;
  font-display: swap;
}
@font-face {
  font-family: Vazirmatn;
  src: url("fonts/Vazirmatn-Medium.woff2") format("woff2");
  font-weight: 500;
  font-style: normal;
  font-display: swap;
}
@font-face {
  font-family: Vazirmatn;
  src: url("fonts/Vazirmatn-Bold.woff2") format("woff2");
  font-weight: 700;
  font-style: normal;
  font-display: swap;
}
CSS

pkg="$(unpack chart.js "$CHARTJS_VERSION" "$CHARTJS_INTEGRITY")"
take "$pkg/LICENSE.md" "$DEST/chartjs/LICENSE.md"
# In Chart.js 4 dist/chart.umd.js is already the minified UMD build (window.Chart).
take "$pkg/dist/chart.umd.js" "$DEST/chartjs/chart.umd.js"

pkg="$(unpack @majidh1/jalalidatepicker "$JALALIDATEPICKER_VERSION" "$JALALIDATEPICKER_INTEGRITY")"
take "$pkg/LICENSE" "$DEST/jalalidatepicker/LICENSE"
# Only the minified build: the unminified one is a webpack dev bundle built on eval(), which CSP forbids.
take "$pkg/dist/jalalidatepicker.min.js" "$DEST/jalalidatepicker/jalalidatepicker.min.js"
take "$pkg/dist/jalalidatepicker.min.css" "$DEST/jalalidatepicker/jalalidatepicker.min.css"

while IFS= read -r -d '' file; do
    strip_source_map_reference "$file"
done < <(find "$DEST" -type f \( -name '*.js' -o -name '*.css' \) -print0)
if grep -rl 'sourceMappingURL=' "$DEST" >/dev/null; then
    echo "vendor-static: a sourceMappingURL reference survived:" >&2
    grep -rl 'sourceMappingURL=' "$DEST" >&2
    exit 1
fi

# VENDORED.md is generated so that it always matches what is on disk.
{
    cat <<EOF
# Vendored front-end files

Written by \`scripts/vendor-static.sh\`; do not edit by hand. Rownaq must run with no internet, so every file a page
loads is served from here. Each tarball came from the npm registry with \`npm pack\` and was checked against the
pinned sha512 integrity. Only the files the pages load are kept; source-map references were removed from them
(the maps are not vendored). To upgrade, change the version and integrity pins in the script and run it again.

| package | version | licence | files taken |
|---|---|---|---|
| bootstrap | $BOOTSTRAP_VERSION | MIT (\`bootstrap/LICENSE\`) | \`dist/css/bootstrap.rtl.min.css\`, \`dist/js/bootstrap.bundle.min.js\` (includes Popper) |
| htmx.org | $HTMX_VERSION | 0BSD (\`htmx/LICENSE\`) | \`dist/htmx.min.js\` |
| vazirmatn | $VAZIRMATN_VERSION | SIL OFL 1.1 (\`vazirmatn/OFL.txt\`, \`AUTHORS.txt\`) | \`fonts/webfonts/Vazirmatn-{Regular,Medium,Bold}.woff2\` (weights 400, 500, 700); \`vazirmatn.css\` is ours |
| chart.js | $CHARTJS_VERSION | MIT (\`chartjs/LICENSE.md\`) | \`dist/chart.umd.js\` (minified UMD build, global \`Chart\`) |
| @majidh1/jalalidatepicker | $JALALIDATEPICKER_VERSION | MIT (\`jalalidatepicker/LICENSE\`) | \`dist/jalalidatepicker.min.js\`, \`dist/jalalidatepicker.min.css\` |

## Files

| file | bytes |
|---|---|
EOF
    (cd "$DEST" && find . -type f ! -name VENDORED.md -printf '%P\n' | LC_ALL=C sort | while IFS= read -r f; do
        printf '| `%s` | %s |\n' "$f" "$(wc -c < "$f" | tr -d ' ')"
    done)
    printf '\nTotal: %s bytes.\n' "$(cd "$DEST" && find . -type f ! -name VENDORED.md -printf '%s\n' | awk '{s+=$1} END {print s}')"
} > "$DEST/VENDORED.md"

echo "vendor-static: vendored into ${DEST#"$ROOT"/}"
