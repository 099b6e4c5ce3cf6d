// SPDX-License-Identifier: BSD-2-Clause
/* sys_io.c - the console as file descriptors 0, 1 and 2: write(1|2) is b_output,
 * read(0) is b_input. Reads are raw (no echo, no line editing) and block until a key
 * comes, then return the keys already waiting, up to the count. Enter and Backspace,
 * which b_input returns as BareMetal's 0x1C and 0x0E, become '\n' and '\b'. fstat and
 * isatty call 0-2 terminals, so newlib line-buffers stdout. Descriptors from 3 are
 * BMFS files (sys_file.c); without open() linked, EBADF. */
#include <sys/stat.h>
#include <unistd.h>
#include "baremetal.h"
#include "sys.h"

#define KEY_POLL_US 1000   /* DELAY between b_input polls while no key waits */

_READ_WRITE_RETURN_TYPE write(int fd, const void *buf, size_t n)
{
	if (sys_files(fd))
		return (_READ_WRITE_RETURN_TYPE)sys_file_ops.write(fd, buf, n);
	if (fd != STDOUT_FILENO && fd != STDERR_FILENO)
		return sys_fail(EBADF);
	b_output(buf, n);
	return (_READ_WRITE_RETURN_TYPE)n;
}

static char key_to_char(uint8_t key)
{
	if (key == 0x1C)
		return '\n';
	if (key == 0x0E)
		return '\b';
	return (char)key;
}

_READ_WRITE_RETURN_TYPE read(int fd, void *buf, size_t n)
{
	char *p = buf;
	size_t got = 0;
	uint8_t key;

	if (sys_files(fd))
		return (_READ_WRITE_RETURN_TYPE)sys_file_ops.read(fd, buf, n);
	if (fd != STDIN_FILENO)
		return sys_fail(EBADF);
	if (n == 0)
		return 0;
	while ((key = b_input()) == 0)
		b_system(DELAY, KEY_POLL_US, 0);
	do
		p[got++] = key_to_char(key);
	while (got < n && (key = b_input()) != 0);
	return (_READ_WRITE_RETURN_TYPE)got;
}

int isatty(int fd)
{
	if (fd >= 0 && fd < SYS_CONSOLE_FDS)
		return 1;
	if (sys_files(fd))
		return sys_file_ops.isatty(fd);
	sys_fail(EBADF);
	return 0;
}

int fstat(int fd, struct stat *st)
{
	if (sys_files(fd))
		return sys_file_ops.fstat(fd, st);
	if (fd < 0 || fd >= SYS_CONSOLE_FDS)
		return sys_fail(EBADF);
	*st = (struct stat){ .st_mode = S_IFCHR | 0620, .st_blksize = 0 };
	return 0;
}

off_t lseek(int fd, off_t off, int whence)
{
	if (sys_files(fd))
		return sys_file_ops.lseek(fd, off, whence);
	return sys_fail(fd >= 0 && fd < SYS_CONSOLE_FDS ? ESPIPE : EBADF);
}

/* The console cannot be closed (nothing could reopen it). */
int close(int fd)
{
	if (sys_files(fd))
		return sys_file_ops.close(fd);
	return sys_fail(fd >= 0 && fd < SYS_CONSOLE_FDS ? ENOSYS : EBADF);
}
