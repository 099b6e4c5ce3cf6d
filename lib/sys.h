/* SPDX-License-Identifier: BSD-2-Clause */
/* sys.h - shared by newlib's system-call layer in lib/sys_*.c.
 * newlib's reentrant wrappers (_write_r and the like, libc/reent/) clear the global
 * `errno` int, call the plain system call and copy that global into the caller's
 * struct _reent; a program that calls write() or sbrk() itself reads errno through
 * __errno(). sys_fail sets both, so either path sees the error. */
#ifndef BMC_SYS_H
#define BMC_SYS_H

#include <errno.h>

int *__errno(void);
extern int __bmc_errno_global __asm__("errno");

static inline int sys_fail(int e)
{
	__bmc_errno_global = e;
	*__errno() = e;
	return -1;
}

/* The console: fds 0 (b_input), 1 and 2 (b_output); nothing else can be open. */
#define SYS_CONSOLE_FDS 3

#endif
