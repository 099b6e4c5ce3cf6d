/* SPDX-License-Identifier: BSD-2-Clause */
/* bmfs.h - the BMFS library (lib/bmfs.c), for tools/bmfs on the host and for programs on
 * the guest (lib/bmfs_nvs.c mounts a drive through b_nvs_read/b_nvs_write). All checks
 * of the on-disk data are here: a corrupt directory gives -EUCLEAN (never a read or write
 * outside the disk or outside a file's blocks). Errors are negative errno values. */
#ifndef LIB_BMFS_H
#define LIB_BMFS_H

#include <stdint.h>
#include "../include/bmfs.h"   /* relative: found with any -I */

/* Error numbers: the C library's where there is one (the host, newlib), so a caller can
 * hand them on as errno; Linux's values in a bare program (LIBC=none, no <errno.h>).
 * newlib has no EUCLEAN: there it is a number past newlib's own (__ELASTERROR). */
#if __STDC_HOSTED__
#include <errno.h>
#endif
#ifndef ENOENT
#define ENOENT       2
#endif
#ifndef EIO
#define EIO          5
#endif
#ifndef EEXIST
#define EEXIST       17
#endif
#ifndef ENODEV
#define ENODEV       19
#endif
#ifndef EINVAL
#define EINVAL       22
#endif
#ifndef EFBIG
#define EFBIG        27
#endif
#ifndef ENOSPC
#define ENOSPC       28
#endif
#ifndef EROFS
#define EROFS        30
#endif
#ifndef ENAMETOOLONG
#define ENAMETOOLONG 36
#endif
#ifndef EUCLEAN
#ifdef __ELASTERROR
#define EUCLEAN      (__ELASTERROR + 117)
#else
#define EUCLEAN      117
#endif
#endif

/* Byte-addressed access to the disk; each returns 0 or a negative errno. The library
 * calls them only inside [0, disk_bytes). write may be NULL: a read-only disk, whose
 * changes fail with -EROFS. */
struct bmfs_io {
	int (*read)(void *ctx, uint64_t offset, void *buf, uint64_t len);
	int (*write)(void *ctx, uint64_t offset, const void *buf, uint64_t len);
	void *ctx;
	uint64_t disk_bytes;
};

struct bmfs {
	struct bmfs_io io;
	struct bmfs_entry dir[BMFS_ENTRIES];   /* the directory as last read or written */
};

/* Reads and checks the marker and the directory: 0, -ENODEV (no BMFS marker), -EUCLEAN
 * (a record out of the disk, overlapping another or block 0, a name without NUL), -EIO. */
int bmfs_mount(struct bmfs *fs, const struct bmfs_io *io);
/* Writes an empty BMFS (marker and directory only: the boot sector and everything
 * else stay). -ENOSPC when the disk is under BMFS_MIN_DISK. */
int bmfs_format(struct bmfs *fs, const struct bmfs_io *io);
/* The n-th file in directory order (deleted records skipped), 0-based: 0 and *out, or
 * -ENOENT past the last one. The Monitor numbers record slots instead (as BareMetal's does). */
int bmfs_nth(const struct bmfs *fs, int n, struct bmfs_entry *out);
/* By name: its record index (>= 0) and *out, or -ENOENT; -ENAMETOOLONG over 31. */
int bmfs_find(const struct bmfs *fs, const char *name, struct bmfs_entry *out);
/* Bytes [off, off + len) of a file, clipped to its size: bytes read, or < 0. */
int64_t bmfs_read(struct bmfs *fs, const char *name, uint64_t off, void *buf, uint64_t len);
/* Writes [off, off + len) inside its reserved blocks and grows its size to cover it:
 * bytes written, -EFBIG past its blocks, or < 0. */
int64_t bmfs_write(struct bmfs *fs, const char *name, uint64_t off, const void *buf, uint64_t len);
/* Sets a file's size: bytes past the old size read as zeros; 0, -EFBIG past its blocks,
 * or < 0. (O_TRUNC, and the tool replacing a file by a shorter one.) */
int bmfs_truncate(struct bmfs *fs, const char *name, uint64_t size);
/* A new empty file owning enough 2 MiB blocks for `bytes` (at least one): 0, -EEXIST,
 * -ENAMETOOLONG, -EINVAL (empty name, or one starting with byte 0x01), -ENOSPC (no free
 * record or no run of free blocks). */
int bmfs_create(struct bmfs *fs, const char *name, uint64_t bytes);
/* Marks its record deleted (0x01), as BareMetal's tool does: 0 or -ENOENT. */
int bmfs_delete(struct bmfs *fs, const char *name);
/* Blocks on the disk, and those no file owns (block 0 and the last excluded). */
uint64_t bmfs_blocks(const struct bmfs *fs);
uint64_t bmfs_free_blocks(const struct bmfs *fs);

#endif
