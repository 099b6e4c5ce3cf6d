#!/bin/sh
# SPDX-License-Identifier: BSD-2-Clause
# check-layers.sh - the one-way layers (issue 15): common -> kernel core -> drivers -> API,
# and the loader (boot/) apart from the kernel. Fails, naming each include against them:
#   common/  includes nothing of kernel/, drivers/, boot/, api/
#   boot/    includes nothing of kernel/, drivers/, api/
#   kernel/  includes nothing of drivers/, api/, but in its init files (KERNEL_INIT)
#   drivers/ includes nothing of api/, and of kernel/ only kernel/driver.h
# C (#include) and NASM (%include) alike. Run from the top of the tree (make all does).

# kernel/ files that bring drivers and the API up (init calls only)
KERNEL_INIT='kernel/main.c'

status=0

# check DIR 'forbidden prefixes' 'allowed files' 'allowed includes': prints each include of
# DIR's files under a forbidden prefix, unless its file or the include is allowed.
check() {
	dir=$1 forbid=$2 files_ok=$3 incs_ok=$4
	pattern=$(printf '%s' "$forbid" | sed 's/ /|/g')
	bad=$(grep -rnE "^[[:space:]]*[#%][[:space:]]*include[[:space:]]*\"($pattern)/" "$dir" \
		--include='*.c' --include='*.h' --include='*.asm' --include='*.inc' --include='*.S' |
	while IFS= read -r line; do
		file=${line%%:*}
		inc=$(printf '%s' "$line" | sed -n 's/.*include[[:space:]]*"\([^"]*\)".*/\1/p')
		case " $files_ok " in *" $file "*) continue ;; esac
		case " $incs_ok " in *" $inc "*) continue ;; esac
		echo "check-layers: $line: $dir/ may not include $inc"
	done)
	[ -z "$bad" ] && return 0
	printf '%s\n' "$bad" >&2
	return 1
}

check common 'kernel drivers boot api' '' '' || status=1
check boot 'kernel drivers api' '' '' || status=1
check kernel 'drivers api' "$KERNEL_INIT" '' || status=1
check drivers 'api' '' '' || status=1
# of kernel/, a driver includes kernel/driver.h only
bad=$(grep -rnE '^[[:space:]]*#[[:space:]]*include[[:space:]]*"kernel/' drivers --include='*.c' --include='*.h' | grep -v '"kernel/driver.h"')
if [ -n "$bad" ]; then
	printf '%s\n' "$bad" | sed 's/^/check-layers: drivers\/ includes of kernel\/ only kernel\/driver.h: /' >&2
	status=1
fi

[ $status -eq 0 ] || echo "check-layers: failed (the layers: common -> kernel -> drivers -> api)" >&2
exit $status
