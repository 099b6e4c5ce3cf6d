// SPDX-License-Identifier: BSD-2-Clause
/* bmfs_fuzz.c - libFuzzer target for lib/bmfs.c (make fuzz, and a short run in make
 * test): a 4..32 MiB in-memory disk whose marker and directory come from the input (raw
 * bytes, or records built from a few bytes each), mounted, then the input's operations
 * (list, find, read, write, truncate, create, delete, remount). It aborts when the library reads outside the disk,
 * writes anywhere but the marker, the directory or the bytes of the file being written
 * (or truncated larger) that the call may change, mounts a
 * directory the spec's rules (checked again here, independently) refuse or refuses one
 * they allow, returns a result its contract excludes, reads back other bytes than it
 * wrote, or leaves a disk it mounted in a state it no longer mounts. */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/bmfs.h"

#define MAX_BLOCKS 16
#define MAX_IO     (64 * 1024)   /* bytes an operation moves */
#define HEAD_MAX   8192          /* block 0 up to the directory's end */
/* The input's raw bytes fill the marker's 512 bytes, then the directory's 4096: the only
 * parts of block 0 the library reads. */
#define RAW_MAX    (BMFS_MARKER_LEN + BMFS_DIR_LEN)

static uint8_t *disk;
static uint64_t disk_bytes;
#define CHUNK      (64 * 1024)   /* dirty tracking: written this run, zeroed before the next */
#define CHUNKS     (MAX_BLOCKS * BMFS_BLOCK / CHUNK)
static uint8_t dirty[CHUNKS];
static struct bmfs fs;
static bool formatting;

/* The oracle runs on every disk access: not instrumented, so the fuzzer's time and its
 * coverage feedback go to the library. */
#define ORACLE __attribute__((no_sanitize("coverage")))

#define CHECK(cond) do { if (!(cond)) { fprintf(stderr, "bmfs_fuzz: %s:%d: %s\n", \
	__FILE__, __LINE__, #cond); abort(); } } while (0)

/* File data may be written only in [win_lo, win_hi): set around bmfs_write and
 * bmfs_truncate to the bytes that call may change in its own file's blocks (the data,
 * and the zeros between the old size and where it starts), empty for every other call. */
static uint64_t win_lo, win_hi;

/* The live record by that name, found here without the library (NULL for none). */
static ORACLE const struct bmfs_entry *ref_find(const char *name)
{
	if (!name[0] || name[0] == BMFS_NAME_DELETED || strlen(name) > BMFS_NAME_MAX)
		return NULL;
	for (int i = 0; i < BMFS_ENTRIES && fs.dir[i].name[0] != BMFS_NAME_END; i++) {
		const struct bmfs_entry *e = &fs.dir[i];
		if (e->name[0] != BMFS_NAME_DELETED && strcmp(e->name, name) == 0)
			return e;
	}
	return NULL;
}

/* The window for changing `name` to cover [from, to) (its data, or its new size). */
static ORACLE void open_window(const char *name, uint64_t from, uint64_t to)
{
	const struct bmfs_entry *e = ref_find(name);

	win_lo = win_hi = 0;
	if (!e || to > e->reserved_blocks * BMFS_BLOCK || from >= to)
		return;
	win_lo = e->start_block * BMFS_BLOCK + (e->size < from ? e->size : from);
	win_hi = e->start_block * BMFS_BLOCK + to;
}

static ORACLE int mem_read(void *ctx, uint64_t off, void *buf, uint64_t len)
{
	CHECK(ctx == disk);
	CHECK(off <= disk_bytes && len <= disk_bytes - off);
	memcpy(buf, disk + off, len);
	return 0;
}

static ORACLE int mem_write(void *ctx, uint64_t off, const void *buf, uint64_t len)
{
	CHECK(ctx == disk);
	CHECK(off <= disk_bytes && len <= disk_bytes - off);
	bool dir = off == BMFS_DIR_OFF && len == BMFS_DIR_LEN;
	bool marker = formatting && off == BMFS_MARKER_OFF && len == BMFS_MARKER_LEN;
	CHECK(dir || marker || (off >= win_lo && off < win_hi && len <= win_hi - off));
	memcpy(disk + off, buf, len);
	for (uint64_t c = off / CHUNK; len && c <= (off + len - 1) / CHUNK; c++)
		dirty[c] = 1;
	return 0;
}

/* The spec's rules for a directory, written again with 128-bit sums: what mount must
 * accept exactly (include/bmfs.h, README "BMFS"). */
static ORACLE bool ref_dir_ok(const struct bmfs_entry *dir, uint64_t bytes)
{
	typedef unsigned __int128 u128;
	u128 data_end = bytes / BMFS_BLOCK - 1;   /* the last block, never a file's */

	for (int i = 0; i < BMFS_ENTRIES && dir[i].name[0] != BMFS_NAME_END; i++) {
		const struct bmfs_entry *a = &dir[i];
		if (a->name[0] == BMFS_NAME_DELETED)
			continue;
		if (memchr(a->name, 0, sizeof(a->name)) == NULL)
			return false;
		if (a->start_block < 1 || (u128)a->start_block + a->reserved_blocks > data_end)
			return false;
		if ((u128)a->size > (u128)a->reserved_blocks * BMFS_BLOCK)
			return false;
		for (int j = 0; j < i; j++) {
			const struct bmfs_entry *b = &dir[j];
			if (b->name[0] == BMFS_NAME_DELETED)
				continue;
			if (a->reserved_blocks && b->reserved_blocks &&
			    (u128)a->start_block < (u128)b->start_block + b->reserved_blocks &&
			    (u128)b->start_block < (u128)a->start_block + a->reserved_blocks)
				return false;
			if (strcmp(a->name, b->name) == 0)
				return false;
		}
	}
	return true;
}

struct input {
	const uint8_t *p;
	size_t n;
};

static uint64_t take(struct input *in, int bytes)
{
	uint64_t v = 0;

	for (int i = 0; i < bytes && in->n; i++, in->p++, in->n--)
		v |= (uint64_t)*in->p << (8 * i);
	return v;
}

/* Names: a few fixed ones (31 and 32 bytes, empty, the deleted marker), or 1..33 input
 * bytes; a name the directory holds is the likeliest pick. */
static void take_name(struct input *in, char *name)
{
	static const char *fixed[] = { "a", "b", "hello.app", "", "\x01x",
		"1234567890123456789012345678901", "12345678901234567890123456789012" };
	uint8_t k = (uint8_t)take(in, 1);

	if (k < 0x80) {
		struct bmfs_entry e;
		if (bmfs_nth(&fs, k % 8, &e) == 0) {
			memcpy(name, e.name, 32);
			name[32] = 0;
			return;
		}
	}
	if (k < 0xC0) {
		strcpy(name, fixed[k % (sizeof(fixed) / sizeof(fixed[0]))]);
		return;
	}
	size_t len = 1 + k % 33;
	for (size_t i = 0; i < len; i++)
		name[i] = (char)take(in, 1);
	name[len] = 0;
}

/* A directory from a few input bytes a record, near the limits more often than raw
 * bytes would be: small block numbers (or any 64-bit value), sizes around block ends,
 * deleted records, a name without NUL, repeated names. */
static void take_dir(struct input *in)
{
	struct bmfs_entry *dir = (struct bmfs_entry *)(disk + BMFS_DIR_OFF);
	int n = (int)(take(in, 1) % 10);

	memcpy(disk + BMFS_MARKER_OFF, "BMFS", 5);
	for (int i = 0; i < n; i++) {
		uint8_t tag = (uint8_t)take(in, 1);
		struct bmfs_entry *e = &dir[i];
		memset(e, 0, sizeof(*e));
		e->name[0] = (char)('a' + tag % 6);
		if (tag % 6 == 5)
			memset(e->name, 'x', sizeof(e->name));           /* no NUL */
		if (tag & 0x80)
			e->name[0] = BMFS_NAME_DELETED;
		e->start_block = tag & 0x40 ? take(in, 8) : take(in, 1) % 20;
		e->reserved_blocks = tag & 0x20 ? take(in, 8) : take(in, 1) % 20;
		e->size = tag & 0x10 ? take(in, 8) :
			  e->reserved_blocks * BMFS_BLOCK + (take(in, 1) % 3) - 1;
	}
}

static void check_mountable(void)
{
	static struct bmfs again;
	struct bmfs_io io = { mem_read, mem_write, disk, disk_bytes };

	CHECK(bmfs_mount(&again, &io) == 0);
	CHECK(memcmp(again.dir, fs.dir, sizeof(fs.dir)) == 0);
	CHECK(ref_dir_ok(again.dir, disk_bytes));
}

static ORACLE void fill_data(uint8_t *buf, uint64_t len, uint8_t op)
{
	for (uint64_t i = 0; i < len; i++)
		buf[i] = (uint8_t)(i * 7 + op);
}

static void run_ops(struct input *in)
{
	static uint8_t buf[MAX_IO], back[MAX_IO];
	char name[40];

	while (in->n) {
		uint8_t op = (uint8_t)take(in, 1);
		take_name(in, name);
		uint64_t off = take(in, 3) * (op & 0x80 ? 4096 : 1);
		uint64_t len = take(in, 2) % (MAX_IO + 1);
		int64_t r;
		struct bmfs_entry e;
		const struct bmfs_entry *old;

		switch (op & 7) {
		case 0:
			r = bmfs_nth(&fs, (int)(off % 70), &e);
			CHECK(r == 0 || r == -ENOENT);
			break;
		case 1:
			r = bmfs_find(&fs, name, &e);
			CHECK(r < 0 || (r < BMFS_ENTRIES && strcmp(e.name, name) == 0));
			break;
		case 2:
			r = bmfs_read(&fs, name, off, buf, len);
			CHECK(r <= (int64_t)len);
			if (r > 0) {
				CHECK(bmfs_find(&fs, name, &e) >= 0);
				CHECK(off + (uint64_t)r <= e.size);
				CHECK(memcmp(buf, disk + e.start_block * BMFS_BLOCK + off, (size_t)r) == 0);
			}
			break;
		case 3:
			fill_data(buf, len, op);
			open_window(name, off, off + len);
			r = bmfs_write(&fs, name, off, buf, len);
			win_lo = win_hi = 0;
			CHECK(r == (int64_t)len || r < 0);
			if (r > 0) {
				CHECK(bmfs_read(&fs, name, off, back, len) == (int64_t)len);
				CHECK(memcmp(back, buf, len) == 0);
			}
			break;
		case 4:
			/* Grown: zeros from the old size to the new one; shrunk: nothing. */
			old = ref_find(name);
			open_window(name, old ? old->size : 0, off);
			r = bmfs_truncate(&fs, name, off);
			win_lo = win_hi = 0;
			if (r == 0) {
				CHECK(bmfs_find(&fs, name, &e) >= 0 && e.size == off);
			}
			break;
		case 5: {
			uint64_t before = bmfs_free_blocks(&fs);
			uint64_t bytes = off * (len + 1);
			r = bmfs_create(&fs, name, bytes);
			if (r == 0) {
				CHECK(bmfs_find(&fs, name, &e) >= 0 && e.size == 0);
				CHECK(e.reserved_blocks >= 1 && e.reserved_blocks * BMFS_BLOCK >= bytes);
				CHECK(bmfs_free_blocks(&fs) == before - e.reserved_blocks);
			}
			break;
		}
		case 6:
			r = bmfs_delete(&fs, name);
			if (r == 0)
				CHECK(bmfs_find(&fs, name, NULL) == -ENOENT);
			break;
		default:
			check_mountable();
			break;
		}
		CHECK(bmfs_free_blocks(&fs) <= bmfs_blocks(&fs) - 2);
	}
	check_mountable();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct input in = { data, size };
	struct bmfs_io io;
	uint8_t mode;
	int r;

	if (!disk && !(disk = calloc(1, MAX_BLOCKS * BMFS_BLOCK)))
		abort();
	for (size_t c = 0; c < CHUNKS; c++) {
		if (dirty[c])
			memset(disk + c * CHUNK, 0, CHUNK);
		dirty[c] = 0;
	}
	memset(disk, 0, HEAD_MAX);

	mode = (uint8_t)take(&in, 1);
	/* 2..16 blocks and up to 255 sectors more: too small, odd sizes and the usual. */
	disk_bytes = (2 + mode % 15) * BMFS_BLOCK + take(&in, 1) * 4096;
	if (disk_bytes > MAX_BLOCKS * BMFS_BLOCK)
		disk_bytes = MAX_BLOCKS * BMFS_BLOCK;
	size_t raw = (size_t)take(&in, 2) % (RAW_MAX + 1);
	if (raw > in.n)
		raw = in.n;
	size_t to_marker = raw < BMFS_MARKER_LEN ? raw : BMFS_MARKER_LEN;
	memcpy(disk + BMFS_MARKER_OFF, in.p, to_marker);
	memcpy(disk + BMFS_DIR_OFF, in.p + to_marker, raw - to_marker);
	in.p += raw;
	in.n -= raw;
	if (mode & 0x80)   /* the marker, so the directory's checks are what decides */
		memcpy(disk + BMFS_MARKER_OFF, "BMFS", 5);
	if (mode & 0x20)
		take_dir(&in);

	io = (struct bmfs_io){ mem_read, mem_write, disk, disk_bytes };
	r = bmfs_mount(&fs, &io);
	bool marker = memcmp(disk + BMFS_MARKER_OFF, "BMFS", 5) == 0;
	bool sound = ref_dir_ok((const struct bmfs_entry *)(disk + BMFS_DIR_OFF), disk_bytes);
	if (disk_bytes < BMFS_MIN_DISK || !marker)
		CHECK(r == -ENODEV);
	else
		CHECK(r == (sound ? 0 : -EUCLEAN));
	if (r < 0) {
		/* Not mounted: every call refuses; then format and go on with an empty disk. */
		CHECK(bmfs_create(&fs, "a", 1) == -EINVAL && bmfs_nth(&fs, 0, NULL) == -EINVAL);
		CHECK(bmfs_blocks(&fs) == 0);
		if (!(mode & 0x40))
			return 0;
		formatting = true;
		r = bmfs_format(&fs, &io);
		formatting = false;
		CHECK(r == (disk_bytes < BMFS_MIN_DISK ? -ENOSPC : 0));
		if (r < 0)
			return 0;
	}
	run_ops(&in);
	return 0;
}
