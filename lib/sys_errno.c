// SPDX-License-Identifier: BSD-2-Clause
/* sys_errno.c - the global `errno` int newlib's system-call wrappers read (lib/sys.h). */
#include "sys.h"

int __bmc_errno_global __asm__("errno");
