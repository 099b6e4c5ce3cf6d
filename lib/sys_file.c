// SPDX-License-Identifier: BSD-2-Clause
/* sys_file.c - files for newlib: open, close, read, write, lseek, fstat, stat and unlink
 * on the BMFS files of the first drive with a BMFS marker (lib/bmfs_nvs.h), mounted at the
 * first open. Names are BMFS's flat ones ("data.bin" or "/data.bin"). O_CREAT reserves one
 * 2 MiB block, so a file made by open() holds at most 2 MiB (a write past it is EFBIG;
 * `bmfs write` or bmfs_create reserve more). Descriptors 3 to 3 + SYS_FILES - 1; 0-2 stay
 * the console (sys_io.c reaches the rest through sys_file_ops, weakly: a program that
 * never calls open links none of this). One lock around every call, so several cores
 * may use files at once. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <string.h>
#include <sys/lock.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bmfs_nvs.h"
#include "sys.h"

#define SYS_FILES 16

struct file {
	bool used;
	int flags;              /* open()'s O_ACCMODE and O_APPEND */
	uint64_t pos;
	char name[BMFS_NAME_MAX + 1];
};

static struct bmfs fs;
static bool mounted;
static struct file files[SYS_FILES];
extern struct __lock __lock___bmc_file_mutex;   /* sys_lock.c */

static void lock(void) { __retarget_lock_acquire_recursive(&__lock___bmc_file_mutex); }
static void unlock(void) { __retarget_lock_release_recursive(&__lock___bmc_file_mutex); }

/* errno for the library's -errno: a corrupt directory is an I/O error to POSIX. */
static int fail(int r)
{
	return sys_fail(r == -EUCLEAN ? EIO : -r);
}

static int unlock_fail(int r)
{
	unlock();
	return fail(r);
}

static int mount(void)
{
	int r;

	if (mounted)
		return 0;
	if ((r = bmfs_mount_first(&fs)) < 0)
		return r;
	mounted = true;
	return 0;
}

/* The BMFS name of a path: one leading '/' dropped, no other '/' (no directories). */
static int path_name(const char *path, const char **name)
{
	if (!path)
		return -EFAULT;
	if (*path == '/')
		path++;
	if (!*path || strchr(path, '/'))
		return -ENOENT;
	if (strlen(path) > BMFS_NAME_MAX)
		return -ENAMETOOLONG;
	*name = path;
	return 0;
}

static struct file *file_of(int fd)
{
	int i = fd - SYS_CONSOLE_FDS;

	if (i < 0 || i >= SYS_FILES || !files[i].used)
		return NULL;
	return &files[i];
}

static bool is_open(const char *name)
{
	for (int i = 0; i < SYS_FILES; i++) {
		if (files[i].used && strcmp(files[i].name, name) == 0)
			return true;
	}
	return false;
}

int open(const char *path, int flags, ...)
{
	const char *name;
	struct bmfs_entry e;
	int acc = flags & O_ACCMODE, slot, r;

	lock();
	if ((r = path_name(path, &name)) < 0)
		return unlock_fail(r);
	if (acc != O_RDONLY && acc != O_WRONLY && acc != O_RDWR)
		return unlock_fail(-EINVAL);
	if ((r = mount()) < 0)
		return unlock_fail(r);
	for (slot = 0; slot < SYS_FILES && files[slot].used; slot++)
		;
	if (slot == SYS_FILES)
		return unlock_fail(-EMFILE);
	r = bmfs_find(&fs, name, &e);
	if (r >= 0 && (flags & O_CREAT) && (flags & O_EXCL))
		return unlock_fail(-EEXIST);
	if (r == -ENOENT && (flags & O_CREAT))
		r = bmfs_create(&fs, name, BMFS_BLOCK);
	if (r < 0)
		return unlock_fail(r);
	if ((flags & O_TRUNC) && acc != O_RDONLY && (r = bmfs_truncate(&fs, name, 0)) < 0)
		return unlock_fail(r);
	files[slot] = (struct file){ .used = true, .flags = flags & (O_ACCMODE | O_APPEND) };
	strcpy(files[slot].name, name);
	unlock();
	return SYS_CONSOLE_FDS + slot;
}

static int file_close(int fd)
{
	struct file *f;

	lock();
	if (!(f = file_of(fd)))
		return unlock_fail(-EBADF);
	f->used = false;
	unlock();
	return 0;
}

static ssize_t file_read(int fd, void *buf, size_t n)
{
	struct file *f;
	int64_t r;

	lock();
	if (!(f = file_of(fd)) || (f->flags & O_ACCMODE) == O_WRONLY)
		return unlock_fail(-EBADF);
	if ((r = bmfs_read(&fs, f->name, f->pos, buf, n)) < 0)
		return unlock_fail((int)r);
	f->pos += (uint64_t)r;
	unlock();
	return (ssize_t)r;
}

/* As POSIX: what fits in the file's blocks is written; none fits, EFBIG. */
static ssize_t file_write(int fd, const void *buf, size_t n)
{
	struct bmfs_entry e;
	struct file *f;
	uint64_t cap;
	int64_t r;

	lock();
	if (!(f = file_of(fd)) || (f->flags & O_ACCMODE) == O_RDONLY)
		return unlock_fail(-EBADF);
	if (n == 0) {
		unlock();
		return 0;
	}
	if ((r = bmfs_find(&fs, f->name, &e)) < 0)
		return unlock_fail((int)r);
	if (f->flags & O_APPEND)
		f->pos = e.size;
	cap = e.reserved_blocks * BMFS_BLOCK;
	if (f->pos >= cap)
		return unlock_fail(-EFBIG);
	if (n > cap - f->pos)
		n = cap - f->pos;
	if ((r = bmfs_write(&fs, f->name, f->pos, buf, n)) < 0)
		return unlock_fail((int)r);
	f->pos += (uint64_t)r;
	unlock();
	return (ssize_t)r;
}

static off_t file_lseek(int fd, off_t off, int whence)
{
	struct bmfs_entry e;
	struct file *f;
	int64_t base;
	int r;

	lock();
	if (!(f = file_of(fd)))
		return unlock_fail(-EBADF);
	if ((r = bmfs_find(&fs, f->name, &e)) < 0)
		return unlock_fail(r);
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (int64_t)f->pos; break;
	case SEEK_END: base = (int64_t)e.size; break;
	default: return unlock_fail(-EINVAL);
	}
	if ((off < 0 && base + off < 0) || (off > 0 && base > INT64_MAX - off))
		return unlock_fail(-EINVAL);
	f->pos = (uint64_t)(base + off);
	unlock();
	return (off_t)f->pos;
}

static void fill_stat(struct stat *st, const struct bmfs_entry *e)
{
	*st = (struct stat){
		.st_mode = S_IFREG | 0666,
		.st_nlink = 1,
		.st_size = (off_t)e->size,
		.st_blksize = 4096,   /* a drive sector: stdio's buffer size */
		.st_blocks = (blkcnt_t)(e->reserved_blocks * (BMFS_BLOCK / 512)),
	};
}

static int file_fstat(int fd, struct stat *st)
{
	struct bmfs_entry e;
	struct file *f;
	int r;

	lock();
	if (!(f = file_of(fd)))
		return unlock_fail(-EBADF);
	if ((r = bmfs_find(&fs, f->name, &e)) < 0)
		return unlock_fail(r);
	fill_stat(st, &e);
	unlock();
	return 0;
}

static int file_isatty(int fd)
{
	int open_ = file_of(fd) != NULL;

	sys_fail(open_ ? ENOTTY : EBADF);
	return 0;
}

int stat(const char *restrict path, struct stat *restrict st)
{
	const char *name;
	struct bmfs_entry e;
	int r;

	lock();
	if ((r = path_name(path, &name)) < 0 || (r = mount()) < 0 ||
	    (r = bmfs_find(&fs, name, &e)) < 0)
		return unlock_fail(r);
	fill_stat(st, &e);
	unlock();
	return 0;
}

/* An open file is not removed (EBUSY): its blocks could go to a new file under it. */
int unlink(const char *path)
{
	const char *name;
	int r;

	lock();
	if ((r = path_name(path, &name)) < 0 || (r = mount()) < 0)
		return unlock_fail(r);
	if (bmfs_find(&fs, name, NULL) >= 0 && is_open(name))
		return unlock_fail(-EBUSY);
	if ((r = bmfs_delete(&fs, name)) < 0)
		return unlock_fail(r);
	unlock();
	return 0;
}

const struct sys_file_ops sys_file_ops = {
	.read = file_read, .write = file_write, .lseek = file_lseek,
	.close = file_close, .fstat = file_fstat, .isatty = file_isatty,
};
