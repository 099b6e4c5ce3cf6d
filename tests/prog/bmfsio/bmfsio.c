// SPDX-License-Identifier: BSD-2-Clause
/* bmfsio.c - BMFS on the guest (tests/system/test_bmfs_guest.py): the host gives QEMU a
 * virtio-blk drive that build/bmfs formatted and wrote pattern.bin to. This program
 * reads it back through stdio (fopen/fread), POSIX calls (open/read/lseek/fstat) and
 * lib/bmfs.c directly, each byte-exact against the pattern it regenerates; writes
 * guest.out (stdio), lib.out (bmfs_create + bmfs_write at unaligned offsets) and
 * append.out (O_APPEND), which the host reads back with build/bmfs after QEMU exits;
 * and checks the errors (ENOENT, EEXIST, ENAMETOOLONG, EFBIG, EBADF, EMFILE, EBUSY).
 * When the drive holds bad.bin, QEMU fails reads and writes of two of its sectors
 * (blkdebug) and the program checks only that they come back as EIO; when its directory
 * is corrupt, that the mount and every file call fail. */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "../../../lib/bmfs_nvs.h"
#include "../../guest/tap.h"
#include "pattern.h"

#define MIB (1u << 20)

static uint8_t *want, *got;

/* got[0..n) against the pattern of seed from byte off; prints the first difference. */
static int same(uint64_t seed, uint64_t off, uint64_t n)
{
	pattern_fill(want, seed, off, n);
	for (uint64_t i = 0; i < n; i++) {
		if (got[i] != want[i]) {
			tap_puts("# differs at byte ");
			tap_putu(off + i);
			tap_puts("\n");
			return 0;
		}
	}
	return 1;
}

static void test_lib(struct bmfs *fs, uint64_t size)
{
	static const uint64_t spans[][2] = {   /* offset, length: unaligned, whole sectors, past the end */
		{ 0, 1 }, { 1, 4095 }, { 4095, 2 }, { 4096, 8192 }, { 12345, 3 * MIB }, { 2 * MIB - 7, 14 },
		{ 0, 5 * MIB + 77 }, { 5 * MIB, 1000 },
	};
	int ok = 1;

	for (unsigned i = 0; i < sizeof(spans) / sizeof(spans[0]); i++) {
		uint64_t off = spans[i][0], len = spans[i][1];
		uint64_t expect = off >= size ? 0 : len < size - off ? len : size - off;
		memset(got, 0, len);
		int64_t r = bmfs_read(fs, PATTERN_NAME, off, got, len);
		if (r != (int64_t)expect || !same(PATTERN_SEED, off, expect))
			ok = 0;
	}
	tap_ok(ok, "bmfs_read: unaligned, whole sectors and clipped spans are the pattern");

	/* lib.out: 3 MiB + 5 in three writes that start and end inside sectors. */
	uint64_t cuts[] = { 0, 4097, 2 * MIB + 11, LIB_SIZE };
	int r = bmfs_create(fs, LIB_NAME, LIB_SIZE);
	tap_ok(r == 0, "bmfs_create lib.out (2 blocks)");
	pattern_fill(want, LIB_SEED, 0, LIB_SIZE);
	ok = r == 0;
	for (int i = 0; i < 3 && ok; i++)
		ok = bmfs_write(fs, LIB_NAME, cuts[i], want + cuts[i], cuts[i + 1] - cuts[i]) ==
		     (int64_t)(cuts[i + 1] - cuts[i]);
	tap_ok(ok, "bmfs_write lib.out in three unaligned pieces");
	tap_ok(bmfs_write(fs, LIB_NAME, 4 * MIB, "x", 1) == -EFBIG, "bmfs_write past its blocks: -EFBIG");
	memset(got, 0, LIB_SIZE);
	tap_ok(bmfs_read(fs, LIB_NAME, 0, got, LIB_SIZE + 100) == LIB_SIZE &&
	       same(LIB_SEED, 0, LIB_SIZE), "bmfs_read lib.out back");
}

static void test_stdio(uint64_t size)
{
	FILE *f = fopen("/" PATTERN_NAME, "rb");
	uint64_t done = 0;
	size_t n;
	int ok = f != NULL;

	tap_ok(f != NULL, "fopen /pattern.bin");
	/* Odd chunks, so stdio's 4 KiB buffer and the direct path both run. */
	while (ok && (n = fread(got, 1, done % 3 ? 4093 : 70001, f)) > 0) {
		ok = same(PATTERN_SEED, done, n);
		done += n;
	}
	tap_ok(ok && done == size && feof(f), "fread: the whole file, the pattern");
	tap_ok(f && fseek(f, 3 * MIB + 5, SEEK_SET) == 0 && fread(got, 1, 100, f) == 100 &&
	       same(PATTERN_SEED, 3 * MIB + 5, 100), "fseek and fread in the middle");
	tap_ok(f && fclose(f) == 0, "fclose");

	f = fopen(GUEST_NAME, "w");
	tap_ok(f != NULL, "fopen guest.out for writing (created, one block)");
	pattern_fill(want, GUEST_SEED, 0, GUEST_SIZE);
	ok = f != NULL;
	for (uint64_t off = 0; ok && off < GUEST_SIZE; off += 30011) {
		uint64_t len = GUEST_SIZE - off < 30011 ? GUEST_SIZE - off : 30011;
		ok = fwrite(want + off, 1, len, f) == len;
	}
	tap_ok(ok && fclose(f) == 0, "fwrite guest.out in 30011-byte pieces, fclose");
	f = fopen(GUEST_NAME, "r");
	memset(got, 0, GUEST_SIZE);
	tap_ok(f && fread(got, 1, GUEST_SIZE + 1, f) == GUEST_SIZE && same(GUEST_SEED, 0, GUEST_SIZE) &&
	       fclose(f) == 0, "fread guest.out back");
}

static void test_posix(uint64_t size)
{
	struct stat st;
	int fd = open(PATTERN_NAME, O_RDONLY);

	tap_ok(fd >= 3 && fstat(fd, &st) == 0 && (uint64_t)st.st_size == size && S_ISREG(st.st_mode),
	       "open, fstat: st_size is the file's size");
	tap_ok(lseek(fd, -10, SEEK_END) == (off_t)size - 10 && read(fd, got, 100) == 10 &&
	       same(PATTERN_SEED, size - 10, 10) && read(fd, got, 1) == 0, "lseek SEEK_END, read to the end");
	errno = 0;
	tap_ok(write(fd, "x", 1) == -1 && errno == EBADF, "write on O_RDONLY: EBADF");
	tap_ok(!isatty(fd) && errno == ENOTTY, "isatty(file): 0, ENOTTY");
	errno = 0;
	tap_ok(unlink(PATTERN_NAME) == -1 && errno == EBUSY, "unlink of an open file: EBUSY");
	tap_ok(close(fd) == 0 && close(fd) == -1 && errno == EBADF, "close, close again: EBADF");
	errno = 0;
	tap_ok(read(fd, got, 1) == -1 && errno == EBADF, "read on a closed fd: EBADF");

	errno = 0;
	tap_ok(open("nothing", O_RDONLY) == -1 && errno == ENOENT, "open a missing file: ENOENT");
	errno = 0;
	tap_ok(open("dir/file", O_RDONLY) == -1 && errno == ENOENT, "open dir/file: ENOENT (flat)");
	errno = 0;
	tap_ok(open("12345678901234567890123456789012", O_RDWR | O_CREAT, 0644) == -1 &&
	       errno == ENAMETOOLONG, "open a 32-byte name: ENAMETOOLONG");
	errno = 0;
	tap_ok(open(PATTERN_NAME, O_RDWR | O_CREAT | O_EXCL, 0644) == -1 && errno == EEXIST,
	       "O_CREAT|O_EXCL on an existing file: EEXIST");
	tap_ok(stat(PATTERN_NAME, &st) == 0 && (uint64_t)st.st_size == size, "stat: st_size");

	/* full.out: O_CREAT gives one 2 MiB block; a write over it stops at its end. */
	fd = open("full.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	pattern_fill(want, 7, 0, 2 * MIB + 1);
	ssize_t w = write(fd, want, 2 * MIB + 1);
	errno = 0;
	tap_ok(fd >= 3 && w == 2 * MIB && write(fd, "x", 1) == -1 && errno == EFBIG,
	       "write past the one block: 2 MiB written, then EFBIG");
	tap_ok(close(fd) == 0 && unlink("full.out") == 0 && stat("full.out", &st) == -1 &&
	       errno == ENOENT, "unlink full.out: gone");

	/* append.out: "head" then O_APPEND writes land at the end whatever the position. */
	fd = open(APPEND_NAME, O_WRONLY | O_CREAT | O_EXCL, 0644);
	tap_ok(fd >= 3 && write(fd, "head-", 5) == 5 && close(fd) == 0, "O_EXCL creates append.out");
	fd = open(APPEND_NAME, O_RDWR | O_APPEND);
	tap_ok(fd >= 3 && lseek(fd, 0, SEEK_SET) == 0 && write(fd, "tail1-", 6) == 6 &&
	       write(fd, "tail2", 5) == 5 && close(fd) == 0, "O_APPEND writes at the end");
	fd = open(APPEND_NAME, O_RDWR | O_TRUNC);
	tap_ok(fd >= 3 && fstat(fd, &st) == 0 && st.st_size == 0 && write(fd, APPEND_TEXT, 16) == 16 &&
	       close(fd) == 0, "O_TRUNC empties it; rewritten");

	/* Sixteen descriptors at most. */
	int fds[17], n = 0;
	while (n < 17 && (fds[n] = open(PATTERN_NAME, O_RDONLY)) >= 0)
		n++;
	tap_ok(n == 16 && errno == EMFILE, "the 17th open: EMFILE");
	while (n > 0)
		close(fds[--n]);
}

/* bad.bin (BAD_SIZE bytes): its sector BAD_READ fails reads, BAD_WRITE fails writes. */
static void test_drive_errors(struct bmfs *fs)
{
	struct bmfs_entry e;
	struct stat st;

	tap_ok(bmfs_read(fs, BAD_NAME, 0, got, 4096) == 4096 && same(BAD_SEED, 0, 4096),
	       "bmfs_read of a good sector of bad.bin");
	tap_ok(bmfs_read(fs, BAD_NAME, 0, got, (BAD_READ + 2) * 4096) == -EIO,
	       "bmfs_read across the failing sector: -EIO");
	tap_ok(bmfs_read(fs, BAD_NAME, BAD_READ * 4096 + 100, got, 10) == -EIO,
	       "bmfs_read inside the failing sector (bounce buffer): -EIO");
	memset(want, 0x5A, 4096);
	tap_ok(bmfs_write(fs, BAD_NAME, BAD_SIZE - 4096, want, 8192) == -EIO &&
	       bmfs_find(fs, BAD_NAME, &e) >= 0 && e.size == BAD_SIZE,
	       "bmfs_write over the failing sector: -EIO, the size unchanged");

	FILE *f = fopen(BAD_NAME, "r");
	errno = 0;
	size_t n = f ? fread(got, 1, BAD_SIZE, f) : 0;
	tap_ok(f && n < BAD_SIZE && ferror(f) && errno == EIO && fclose(f) == 0,
	       "fread over the failing sector: short, ferror, EIO");
	int fd = open(BAD_NAME, O_WRONLY);
	errno = 0;
	tap_ok(fd >= 3 && lseek(fd, BAD_WRITE * 4096 + 5, SEEK_SET) == BAD_WRITE * 4096 + 5 &&
	       write(fd, want, 100) == -1 && errno == EIO && close(fd) == 0,
	       "write into the failing sector: EIO");
	tap_ok(stat(BAD_NAME, &st) == 0 && st.st_size == BAD_SIZE, "stat: bad.bin's size unchanged");
	tap_exit();
}

/* The drive's directory is corrupt: mounting it fails, and so does every file call. */
static void __attribute__((noreturn)) test_corrupt(int drive)
{
	struct stat st;

	tap_ok(drive == -EUCLEAN, "bmfs_mount_first: -EUCLEAN for a drive with the marker and a corrupt directory");
	errno = 0;
	tap_ok(open(PATTERN_NAME, O_RDONLY) == -1 && errno == EIO, "open: EIO");
	errno = 0;
	tap_ok(fopen("new.txt", "w") == NULL && errno == EIO, "fopen for writing: NULL, EIO");
	errno = 0;
	tap_ok(stat(PATTERN_NAME, &st) == -1 && errno == EIO && unlink(PATTERN_NAME) == -1 &&
	       errno == EIO, "stat, unlink: EIO");
	tap_exit();
}

int main(void)
{
	struct bmfs fs;
	struct bmfs_entry e;

	tap_puts("TAP version 13\n");
	want = malloc(6 * MIB);
	got = malloc(6 * MIB);
	int drive = bmfs_mount_first(&fs);
	if (drive == -EUCLEAN)
		test_corrupt(drive);
	tap_diag("drive", (uint64_t)(drive < 0 ? 99 : drive));
	tap_ok(drive >= 0 && want && got, "bmfs_mount_first: a BMFS drive");
	if (drive < 0 || !want || !got)
		tap_exit();
	if (bmfs_find(&fs, BAD_NAME, NULL) >= 0)
		test_drive_errors(&fs);
	int found = bmfs_find(&fs, PATTERN_NAME, &e) >= 0;
	tap_ok(found, "bmfs_find pattern.bin");
	if (!found)
		tap_exit();
	tap_diag("pattern_size", e.size);
	tap_diag("free_blocks", bmfs_free_blocks(&fs));
	test_lib(&fs, e.size);
	test_stdio(e.size);
	test_posix(e.size);
	fflush(stdout);
	tap_exit();
}
