// SPDX-License-Identifier: BSD-2-Clause
/* bmfs.c - BMFS, the BareMetal File System (include/bmfs.h), over byte-addressed disk
 * access (struct bmfs_io): mount with every record checked, list, find, read, write,
 * create (first fit), delete, format. Compatible with ReturnInfinity/BMFS's bmfs tool
 * v1.2.4 (src/bmfs.c): same records, 0x00 end and 0x01 deleted markers, blocks 1 to
 * the one before the last. Built for the host, for newlib programs and for bare ones,
 * so it calls no library function. */
#include <stdbool.h>
#include "bmfs.h"

#define ZERO_CHUNK 512   /* bytes of zeros written at a time into a hole */

static const uint8_t zeros[ZERO_CHUNK];

static void copy(void *dst, const void *src, uint64_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
}

static void fill(void *dst, uint8_t v, uint64_t n)
{
	uint8_t *d = dst;

	while (n--)
		*d++ = v;
}

/* Length of a name up to BMFS_NAME_MAX + 1 (a longer one is too long either way). */
static uint64_t name_len(const char *s)
{
	uint64_t n = 0;

	while (n <= BMFS_NAME_MAX && s[n])
		n++;
	return n;
}

static bool name_eq(const char rec[32], const char *name)
{
	for (int i = 0; i < 32; i++) {
		if (rec[i] != name[i])
			return false;
		if (!name[i])
			return true;
	}
	return false;
}

/* The library's one path to the disk: [off, off + len) must lie inside it. */
static int disk_read(const struct bmfs *fs, uint64_t off, void *buf, uint64_t len)
{
	if (off > fs->io.disk_bytes || len > fs->io.disk_bytes - off)
		return -EIO;
	return len ? fs->io.read(fs->io.ctx, off, buf, len) : 0;
}

static int disk_write(const struct bmfs *fs, uint64_t off, const void *buf, uint64_t len)
{
	if (!fs->io.write)
		return -EROFS;
	if (off > fs->io.disk_bytes || len > fs->io.disk_bytes - off)
		return -EIO;
	return len ? fs->io.write(fs->io.ctx, off, buf, len) : 0;
}

static uint64_t disk_blocks(const struct bmfs *fs)
{
	return fs->io.disk_bytes / BMFS_BLOCK;
}

static bool mounted(const struct bmfs *fs)
{
	return fs && fs->io.read && fs->io.disk_bytes >= BMFS_MIN_DISK;
}

/* A record in use: BareMetal's tool stops at the first 0x00 and skips 0x01. */
static bool is_live(const struct bmfs_entry *e)
{
	return e->name[0] != BMFS_NAME_END && e->name[0] != BMFS_NAME_DELETED;
}

/* Records [0, dir_end) are live or deleted; the rest are free. */
static int dir_end(const struct bmfs *fs)
{
	int i = 0;

	while (i < BMFS_ENTRIES && fs->dir[i].name[0] != BMFS_NAME_END)
		i++;
	return i;
}

/* A live record's own checks: a NUL within its 32 bytes; its blocks from block 1 up to
 * the one before the disk's last (BareMetal's tool never allocates that one); its size
 * within them. */
static bool entry_ok(const struct bmfs *fs, const struct bmfs_entry *e)
{
	uint64_t data_end = disk_blocks(fs) - 1;

	if (name_len(e->name) > BMFS_NAME_MAX)
		return false;
	if (e->start_block < 1 || e->start_block > data_end)
		return false;
	if (e->reserved_blocks > data_end - e->start_block)
		return false;
	return e->size <= e->reserved_blocks * BMFS_BLOCK;
}

/* Whether two records share a block (one of no blocks shares none). */
static bool overlap(const struct bmfs_entry *a, const struct bmfs_entry *b)
{
	return a->reserved_blocks && b->reserved_blocks &&
	       a->start_block < b->start_block + b->reserved_blocks &&
	       b->start_block < a->start_block + a->reserved_blocks;
}

/* Every live record sound, no two overlapping or sharing a name. */
static bool dir_ok(const struct bmfs *fs)
{
	int end = dir_end(fs);

	for (int i = 0; i < end; i++) {
		const struct bmfs_entry *a = &fs->dir[i];
		if (!is_live(a))
			continue;
		if (!entry_ok(fs, a))
			return false;
		for (int j = 0; j < i; j++) {
			const struct bmfs_entry *b = &fs->dir[j];
			if (is_live(b) && (overlap(a, b) || name_eq(b->name, a->name)))
				return false;
		}
	}
	return true;
}

static int dir_store(const struct bmfs *fs)
{
	return disk_write(fs, BMFS_DIR_OFF, fs->dir, BMFS_DIR_LEN);
}

/* A name a file may have: 1..31 bytes, not starting with the deleted marker. */
static int name_check(const char *name)
{
	uint64_t n;

	if (!name)
		return -EINVAL;
	n = name_len(name);
	if (n > BMFS_NAME_MAX)
		return -ENAMETOOLONG;
	if (n == 0 || name[0] == BMFS_NAME_DELETED)
		return -EINVAL;
	return 0;
}

/* The live record called name, re-checked against the disk: its index or < 0. */
static int lookup(const struct bmfs *fs, const char *name)
{
	int r, end;

	if (!mounted(fs))
		return -EINVAL;
	if ((r = name_check(name)) < 0)
		return r;
	end = dir_end(fs);
	for (int i = 0; i < end; i++) {
		if (is_live(&fs->dir[i]) && name_eq(fs->dir[i].name, name))
			return entry_ok(fs, &fs->dir[i]) ? i : -EUCLEAN;
	}
	return -ENOENT;
}

int bmfs_mount(struct bmfs *fs, const struct bmfs_io *io)
{
	uint8_t marker[BMFS_MARKER_LEN];
	struct bmfs_io disk;
	int r;

	if (!fs || !io || !io->read)
		return -EINVAL;
	disk = *io;   /* io may be fs->io */
	fill(fs, 0, sizeof(*fs));
	fs->io = disk;
	/* Smaller than three blocks holds no file (BareMetal's minimum disk, 6 MiB). */
	if (io->disk_bytes < BMFS_MIN_DISK)
		r = -ENODEV;
	else if ((r = disk_read(fs, BMFS_MARKER_OFF, marker, sizeof(marker))) < 0)
		;   /* the read's error */
	else if (marker[0] != 'B' || marker[1] != 'M' || marker[2] != 'F' || marker[3] != 'S' ||
		 marker[4] != 0)
		r = -ENODEV;
	else if ((r = disk_read(fs, BMFS_DIR_OFF, fs->dir, BMFS_DIR_LEN)) < 0)
		;
	else if (!dir_ok(fs))
		r = -EUCLEAN;
	if (r < 0)
		fill(fs, 0, sizeof(*fs));
	return r;
}

int bmfs_format(struct bmfs *fs, const struct bmfs_io *io)
{
	uint8_t marker[BMFS_MARKER_LEN];
	struct bmfs_io disk;
	int r;

	if (!fs || !io || !io->read || !io->write)
		return -EINVAL;
	if (io->disk_bytes < BMFS_MIN_DISK)
		return -ENOSPC;
	disk = *io;
	fill(fs, 0, sizeof(*fs));
	fs->io = disk;
	fill(marker, 0, sizeof(marker));
	copy(marker, "BMFS", 4);
	/* The directory first: a disk that has the marker has an empty directory. */
	if ((r = dir_store(fs)) < 0 ||
	    (r = disk_write(fs, BMFS_MARKER_OFF, marker, sizeof(marker))) < 0) {
		fill(fs, 0, sizeof(*fs));
		return r;
	}
	return 0;
}

int bmfs_nth(const struct bmfs *fs, int n, struct bmfs_entry *out)
{
	int end;

	if (!mounted(fs) || n < 0)
		return -EINVAL;
	end = dir_end(fs);
	for (int i = 0; i < end; i++) {
		if (is_live(&fs->dir[i]) && n-- == 0) {
			if (out)
				copy(out, &fs->dir[i], sizeof(*out));
			return 0;
		}
	}
	return -ENOENT;
}

int bmfs_find(const struct bmfs *fs, const char *name, struct bmfs_entry *out)
{
	int i = lookup(fs, name);

	if (i >= 0 && out)
		copy(out, &fs->dir[i], sizeof(*out));
	return i;
}

int64_t bmfs_read(struct bmfs *fs, const char *name, uint64_t off, void *buf, uint64_t len)
{
	const struct bmfs_entry *e;
	int i = lookup(fs, name);
	int r;

	if (i < 0)
		return i;
	if (!buf && len)
		return -EINVAL;
	e = &fs->dir[i];
	if (off >= e->size)
		return 0;
	if (len > e->size - off)
		len = e->size - off;
	r = disk_read(fs, e->start_block * BMFS_BLOCK + off, buf, len);
	return r < 0 ? r : (int64_t)len;
}

/* Zeros over [from, to) of the file at base (a hole before a write past its size). */
static int zero_range(const struct bmfs *fs, uint64_t base, uint64_t from, uint64_t to)
{
	while (from < to) {
		uint64_t n = to - from < ZERO_CHUNK ? to - from : ZERO_CHUNK;
		int r = disk_write(fs, base + from, zeros, n);
		if (r < 0)
			return r;
		from += n;
	}
	return 0;
}

int64_t bmfs_write(struct bmfs *fs, const char *name, uint64_t off, const void *buf, uint64_t len)
{
	struct bmfs_entry *e;
	uint64_t cap, base, old;
	int i = lookup(fs, name);
	int r;

	if (i < 0)
		return i;
	if (!buf && len)
		return -EINVAL;
	e = &fs->dir[i];
	cap = e->reserved_blocks * BMFS_BLOCK;
	if (off > cap || len > cap - off)
		return -EFBIG;
	if (len == 0)
		return 0;
	base = e->start_block * BMFS_BLOCK;
	/* Bytes between the old end and off read as zeros, as after a POSIX write. */
	if (off > e->size && (r = zero_range(fs, base, e->size, off)) < 0)
		return r;
	if ((r = disk_write(fs, base + off, buf, len)) < 0)
		return r;
	if (off + len > e->size) {
		old = e->size;
		e->size = off + len;
		if ((r = dir_store(fs)) < 0) {
			e->size = old;
			return r;
		}
	}
	return (int64_t)len;
}

int bmfs_truncate(struct bmfs *fs, const char *name, uint64_t size)
{
	struct bmfs_entry *e;
	uint64_t old;
	int i = lookup(fs, name);
	int r;

	if (i < 0)
		return i;
	e = &fs->dir[i];
	if (size > e->reserved_blocks * BMFS_BLOCK)
		return -EFBIG;
	if (size == e->size)
		return 0;
	if (size > e->size &&
	    (r = zero_range(fs, e->start_block * BMFS_BLOCK, e->size, size)) < 0)
		return r;
	old = e->size;
	e->size = size;
	if ((r = dir_store(fs)) < 0) {
		e->size = old;
		return r;
	}
	return 0;
}

/* The lowest block of a run of `want` blocks no live record owns, 0 if none: the gaps
 * between the records in block order, from block 1 to the one before the last. */
static uint64_t first_fit(const struct bmfs *fs, uint64_t want)
{
	uint64_t data_end = disk_blocks(fs) - 1;
	uint64_t at = 1;
	int end = dir_end(fs);
	bool moved = true;

	/* Each pass jumps at past every record it lands in; when one pass moves nothing,
	 * [at, at + want) meets no record. At most one pass per record. */
	while (moved) {
		moved = false;
		if (at > data_end || want > data_end - at)
			return 0;
		for (int i = 0; i < end; i++) {
			const struct bmfs_entry *e = &fs->dir[i];
			if (!is_live(e) || e->reserved_blocks == 0)
				continue;
			if (e->start_block < at + want && at < e->start_block + e->reserved_blocks) {
				at = e->start_block + e->reserved_blocks;
				moved = true;
			}
		}
	}
	return at;
}

int bmfs_create(struct bmfs *fs, const char *name, uint64_t bytes)
{
	struct bmfs_entry saved[2];
	uint64_t want, start;
	int r, slot, end;

	if (!mounted(fs))
		return -EINVAL;
	if ((r = name_check(name)) < 0)
		return r;
	if ((r = lookup(fs, name)) != -ENOENT)
		return r >= 0 ? -EEXIST : r;
	if (!dir_ok(fs))
		return -EUCLEAN;
	want = bytes / BMFS_BLOCK + (bytes % BMFS_BLOCK != 0);
	if (want == 0)
		want = 1;
	/* A deleted record first, else the end marker's (BareMetal's order). */
	end = dir_end(fs);
	for (slot = 0; slot < end && fs->dir[slot].name[0] != BMFS_NAME_DELETED; slot++)
		;
	if (slot == BMFS_ENTRIES)
		return -ENOSPC;
	if ((start = first_fit(fs, want)) == 0)
		return -ENOSPC;

	copy(saved, &fs->dir[slot], sizeof(saved[0]) * (slot + 1 < BMFS_ENTRIES ? 2 : 1));
	fill(&fs->dir[slot], 0, sizeof(fs->dir[slot]));
	copy(fs->dir[slot].name, name, name_len(name));
	fs->dir[slot].start_block = start;
	fs->dir[slot].reserved_blocks = want;
	/* Taking the end marker's record moves the marker to the next one. */
	if (slot == end && slot + 1 < BMFS_ENTRIES)
		fill(&fs->dir[slot + 1], 0, sizeof(fs->dir[slot + 1]));
	if ((r = dir_store(fs)) < 0) {
		copy(&fs->dir[slot], saved, sizeof(saved[0]) * (slot + 1 < BMFS_ENTRIES ? 2 : 1));
		return r;
	}
	return 0;
}

int bmfs_delete(struct bmfs *fs, const char *name)
{
	char first;
	int i = lookup(fs, name);
	int r;

	if (i < 0)
		return i;
	first = fs->dir[i].name[0];
	fs->dir[i].name[0] = BMFS_NAME_DELETED;
	if ((r = dir_store(fs)) < 0) {
		fs->dir[i].name[0] = first;
		return r;
	}
	return 0;
}

uint64_t bmfs_blocks(const struct bmfs *fs)
{
	return mounted(fs) ? disk_blocks(fs) : 0;
}

uint64_t bmfs_free_blocks(const struct bmfs *fs)
{
	uint64_t data, used = 0;
	int end;

	if (!mounted(fs))
		return 0;
	data = disk_blocks(fs) - 2;
	end = dir_end(fs);
	for (int i = 0; i < end; i++) {
		if (is_live(&fs->dir[i]) && entry_ok(fs, &fs->dir[i]))
			used += fs->dir[i].reserved_blocks;
	}
	return used < data ? data - used : 0;
}
