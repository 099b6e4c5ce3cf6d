#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# lwip-fetch.sh [BUILD] - fetch Debian's lwIP source package (apt-get source lwip) and
# unpack it, Debian's patches applied, into BUILD/lwip/src (README "TCP/IP").
#
# The machine's apt has binary sources only; this runs apt-get with a private
# configuration under BUILD/lwip/apt whose deb-src entries are a twin of the machine's
# own (every "Types: deb" stanza of /etc/apt/sources.list.d/*.sources and every "deb"
# line of the .list files, as deb-src), so no host is named here. Nothing is installed
# and the system's apt state is not touched. Cached: a second run does nothing.
set -eu
B="${1:-build}"
DIR="$B/lwip"
[ -f "$DIR/src/.unpacked" ] && exit 0

rm -rf "$DIR/apt" "$DIR/src" "$DIR/pkg"
mkdir -p "$DIR/apt/parts" "$DIR/apt/state/lists/partial" "$DIR/apt/cache/archives/partial" "$DIR/pkg"
APT=$(cd "$DIR/apt" && pwd)   # absolute: apt-get runs in $DIR/pkg, and BUILD may be either
: > "$APT/sources.list"
for f in /etc/apt/sources.list.d/*.sources; do
	[ -f "$f" ] || continue
	awk 'BEGIN { RS = ""; ORS = "\n\n" }
	     /(^|\n)Types:[ \t]*([^\n]* )?deb([ \t]|\n|$)/ {
	         gsub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' \
		"$f" > "$APT/parts/$(basename "$f")"
done
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
	[ -f "$f" ] || continue
	sed -n 's/^[ \t]*deb[ \t]/deb-src /p' "$f" >> "$APT/sources.list"
done

set -- -o Dir::Etc::SourceList="$APT/sources.list" -o Dir::Etc::SourceParts="$APT/parts" \
	-o Dir::State="$APT/state" -o Dir::Cache="$APT/cache" \
	-o Debug::NoLocking=1 -o APT::Sandbox::User=root -qq
echo "lwip-fetch: apt-get source lwip (deb-src twin of the machine's apt sources)" >&2
apt-get "$@" update >/dev/null
(cd "$DIR/pkg" && apt-get "$@" source --download-only lwip >/dev/null)
dsc=$(ls "$DIR"/pkg/lwip_*.dsc | head -n 1)
dpkg-source --no-check -x "$dsc" "$DIR/src" >/dev/null
test -f "$DIR/src/src/core/tcp.c"
touch "$DIR/src/.unpacked"
echo "lwip-fetch: $(basename "$dsc" .dsc) unpacked in $DIR/src" >&2
