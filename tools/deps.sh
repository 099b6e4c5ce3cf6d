#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# deps.sh - install the Debian packages the build and the tests need, when missing.
# Idempotent and silent when everything is already there.
set -eu

PKGS="nasm gcc make binutils qemu-system-x86 qemu-utils ovmf gnu-efi mtools xorriso \
dosfstools libcmocka-dev python3 python3-pytest python3-pytest-xdist python3-scapy gdb libck-dev \
console-setup-linux newlib-source clang libclang-rt-14-dev dpkg-dev curl wrk"

missing=""
for p in $PKGS; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
		missing="$missing $p"
	fi
done
# Rust programs (README "Rust"): the machine's toolchain when it has one (rustup's in
# ~/.cargo/bin, where the Makefile finds it too), else Debian's rustc and cargo (1.63;
# libstd-rust-dev brings the host target's precompiled core and alloc).
if ! command -v rustc >/dev/null 2>&1 && ! [ -x "${CARGO_HOME:-$HOME/.cargo}/bin/rustc" ]; then
	missing="$missing rustc cargo"
fi
# lwIP's source (README "TCP/IP"): apt-get source into build/, after the packages. Fatal:
# the TCP/IP programs are part of the build and their tests part of make test.
fetch_lwip() {
	"$(dirname "$0")/lwip-fetch.sh" "${B:-build}" && return 0
	echo "deps.sh: lwIP source not fetched (make app NET=1 and make test need it)" >&2
	exit 1
}
if [ -z "$missing" ]; then fetch_lwip; exit 0; fi

if [ "$(id -u)" -eq 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1; then
	SUDO="sudo"
else
	echo "deps.sh: need root or sudo to install:$missing" >&2
	exit 1
fi

echo "deps.sh: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >/dev/null
# shellcheck disable=SC2086
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null
fetch_lwip
