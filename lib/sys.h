/* SPDX-License-Identifier: BSD-2-Clause */
/* sys.h - shared by newlib's system-call layer in lib/sys_*.c.
 * newlib's reentrant wrappers (_write_r and the like, libc/reent/) clear the global
 * `errno` int, call the plain system call and copy that global into the caller's
 * struct _reent; a program that calls write() or sbrk() itself reads errno through
 * __errno(). sys_fail sets both, so either path sees the error. */
#ifndef BMC_SYS_H
#define BMC_SYS_H

#include <errno.h>
#include <sys/types.h>

int *__errno(void);
extern int __bmc_errno_global __asm__("errno");

static inline int sys_fail(int e)
{
	__bmc_errno_global = e;
	*__errno() = e;
	return -1;
}

/* The console: fds 0 (b_input), 1 and 2 (b_output); files (sys_file.c) from 3. */
#define SYS_CONSOLE_FDS 3

/* sys_file.c's side of read, write, lseek, close, fstat and isatty for fds >= 3. A weak
 * reference: sys_file.o is linked only with open(), the one way to a file descriptor,
 * so a program without files carries no file system (&sys_file_ops is then 0). Data,
 * not functions: a call to an undefined weak function cannot reach address 0 from
 * program memory. */
struct stat;
struct sys_file_ops {
	ssize_t (*read)(int fd, void *buf, size_t n);
	ssize_t (*write)(int fd, const void *buf, size_t n);
	off_t (*lseek)(int fd, off_t off, int whence);
	int (*close)(int fd);
	int (*fstat)(int fd, struct stat *st);
	int (*isatty)(int fd);
};
extern const struct sys_file_ops sys_file_ops __attribute__((weak));

static inline const struct sys_file_ops *sys_files(int fd)
{
	return fd >= SYS_CONSOLE_FDS && &sys_file_ops ? &sys_file_ops : 0;
}

#endif
