// SPDX-License-Identifier: BSD-2-Clause
/* sys_stubs.c - the system calls newlib's libc/reent/ wrappers name that the kernel has
 * no service for: no fcntl, links or directories (BMFS is flat; files are sys_file.c's), no
 * processes. Each fails with ENOSYS. */
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sys.h"

int fcntl(int fd, int cmd, ...)
{
	(void)fd;
	(void)cmd;
	return sys_fail(ENOSYS);
}

int link(const char *old, const char *new)
{
	(void)old;
	(void)new;
	return sys_fail(ENOSYS);
}

int mkdir(const char *path, mode_t mode)
{
	(void)path;
	(void)mode;
	return sys_fail(ENOSYS);
}

pid_t fork(void)
{
	return sys_fail(ENOSYS);
}

int execve(const char *path, char *const argv[], char *const envp[])
{
	(void)path;
	(void)argv;
	(void)envp;
	return sys_fail(ENOSYS);
}

pid_t wait(int *status)
{
	(void)status;
	return sys_fail(ENOSYS);
}
