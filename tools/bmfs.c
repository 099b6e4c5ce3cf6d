// SPDX-License-Identifier: BSD-2-Clause
/* bmfs.c - the host tool for BMFS disk images (README "BMFS"), over lib/bmfs.c:
 *   bmfs IMAGE format [SIZE] [/FORCE] | list | info | write FILE [NAME] | read NAME [FILE|-] | delete NAME
 * Errors: one line on stderr, exit status 1 (2 for bad usage). `list` prints as
 * ReturnInfinity/BMFS's tool does (name, size in bytes, reserved MiB). */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/bmfs.h"

#define EXIT_USAGE 2
#define COPY_CHUNK (1u << 20)   /* bytes moved per bmfs_read/bmfs_write call */

static const char *image;

static void usage(void)
{
	fprintf(stderr, "usage: bmfs IMAGE format [SIZE] [/FORCE] | list | info | write FILE [NAME] | "
			"read NAME [FILE|-] | delete NAME\n");
	exit(EXIT_USAGE);
}

static void __attribute__((noreturn, format(printf, 1, 2))) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "bmfs: %s: ", image);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* The library's errors, as the tool words them. */
static const char *why(int err)
{
	switch (-err) {
	case ENODEV: return "not a BMFS disk (no BMFS marker at byte 1024)";
	case EUCLEAN: return "corrupt BMFS directory (a record out of the disk, overlapping another, or a name without NUL)";
	case ENOENT: return "no such file in BMFS";
	case EEXIST: return "file exists";
	case ENAMETOOLONG: return "name too long (at most 31 bytes)";
	case ENOSPC: return "disk full";
	case EFBIG: return "file too large for its blocks";
	case EINVAL: return "invalid name";
	case EIO: return "I/O error on the image";
	default: return strerror(-err);
	}
}

static int img_read(void *ctx, uint64_t off, void *buf, uint64_t len)
{
	int fd = *(int *)ctx;
	char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);
		if (n <= 0)   /* 0: the image shrank under us */
			return -EIO;
		p += n, off += (uint64_t)n, len -= (uint64_t)n;
	}
	return 0;
}

static int img_write(void *ctx, uint64_t off, const void *buf, uint64_t len)
{
	int fd = *(int *)ctx;
	const char *p = buf;

	while (len) {
		ssize_t n = pwrite(fd, p, len, (off_t)off);
		if (n <= 0)
			return -EIO;
		p += n, off += (uint64_t)n, len -= (uint64_t)n;
	}
	return 0;
}

/* Sequential I/O on a host file or pipe: 0 or -1. */
static int write_all(int fd, const char *p, uint64_t len)
{
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n <= 0)
			return -1;
		p += n, len -= (uint64_t)n;
	}
	return 0;
}

static int read_all(int fd, char *p, uint64_t len)
{
	while (len) {
		ssize_t n = read(fd, p, len);
		if (n <= 0)
			return -1;
		p += n, len -= (uint64_t)n;
	}
	return 0;
}

/* "64M", "1G", "6291456": bytes, with an optional K, M, G or T (powers of 1024). */
static int parse_size(const char *s, uint64_t *out)
{
	uint64_t v = 0, mul = 1;
	const char *p = s;

	if (*p < '0' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	switch (*p) {
	case 'K': case 'k': mul = 1ULL << 10; p++; break;
	case 'M': case 'm': mul = 1ULL << 20; p++; break;
	case 'G': case 'g': mul = 1ULL << 30; p++; break;
	case 'T': case 't': mul = 1ULL << 40; p++; break;
	}
	if (*p || v > INT64_MAX / mul)
		return -1;
	*out = v * mul;
	return 0;
}

static struct bmfs_io open_image(int *fd, int flags)
{
	struct stat st;

	if ((*fd = open(image, flags | O_NONBLOCK, 0644)) < 0)   /* no effect on a regular file */
		die("cannot open: %s", strerror(errno));
	if (fstat(*fd, &st) < 0)
		die("cannot stat: %s", strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("not a regular file");
	return (struct bmfs_io){ img_read, img_write, fd, (uint64_t)st.st_size };
}

/* Written data reaches the file by close (an error there is a lost write). */
static int close_image(int fd)
{
	if (close(fd) < 0)
		die("close: %s", strerror(errno));
	return 0;
}

/* The bytes a directory's live records need: their blocks and the last block, which
 * BMFS keeps for block 0's copy; 0 when a record's numbers are past any disk. */
static uint64_t dir_needs(const struct bmfs_entry *dir)
{
	const uint64_t max_blocks = UINT64_MAX / BMFS_BLOCK - 1;
	uint64_t need = 0;

	for (int i = 0; i < BMFS_ENTRIES && dir[i].name[0] != BMFS_NAME_END; i++) {
		const struct bmfs_entry *e = &dir[i];
		if (e->name[0] == BMFS_NAME_DELETED)
			continue;
		if (e->start_block > max_blocks || e->reserved_blocks > max_blocks - e->start_block)
			return 0;
		if ((e->start_block + e->reserved_blocks + 1) * BMFS_BLOCK > need)
			need = (e->start_block + e->reserved_blocks + 1) * BMFS_BLOCK;
	}
	return need;
}

/* A directory that is sound on a disk of the size it needs: the image was cut short
 * (a copy that stopped, a truncate), which "corrupt" would not tell. */
static void die_if_cut_short(struct bmfs_io io)
{
	struct bmfs fs;
	struct bmfs_entry dir[BMFS_ENTRIES];
	uint64_t need, have = io.disk_bytes;

	if (io.read(io.ctx, BMFS_DIR_OFF, dir, sizeof(dir)) < 0)
		return;
	if ((need = dir_needs(dir)) <= have)
		return;
	io.disk_bytes = need;   /* mount reads only the marker and the directory */
	if (bmfs_mount(&fs, &io) == 0)
		die("image is %llu bytes, shorter than its directory says (its files need %llu)",
		    (unsigned long long)have, (unsigned long long)need);
}

static void mount_image(struct bmfs *fs, int *fd, int flags)
{
	struct bmfs_io io = open_image(fd, flags);
	int r;

	if (io.disk_bytes < BMFS_MIN_DISK)
		die("image too small (%llu bytes; BMFS needs at least %llu)",
		    (unsigned long long)io.disk_bytes, (unsigned long long)BMFS_MIN_DISK);
	if ((r = bmfs_mount(fs, &io)) == -EUCLEAN)
		die_if_cut_short(io);
	if (r < 0)
		die("%s", why(r));
}

#define FORCE_ARG "/FORCE"   /* as BareMetal's tool: `bmfs IMAGE format /FORCE` */

/* Files format would erase: the live ones, or -1 for a directory too corrupt to tell.
 * 0 for an image without the marker or too small to mount. Reads only. */
static int files_at_risk(const struct bmfs_io *io)
{
	struct bmfs fs;
	int n = 0, r;

	if (io->disk_bytes < BMFS_MIN_DISK)
		return 0;
	if ((r = bmfs_mount(&fs, io)) == -EUCLEAN)
		return -1;
	if (r < 0)
		return 0;
	while (bmfs_nth(&fs, n, NULL) == 0)
		n++;
	return n;
}

static int cmd_format(int argc, char **argv)
{
	struct bmfs fs;
	struct bmfs_io io;
	const char *size_arg = NULL;
	uint64_t size = 0;
	int fd, r, force = 0;

	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], FORCE_ARG) == 0 && !force)
			force = 1;
		else if (!size_arg)
			size_arg = argv[i];
		else
			usage();
	}
	if (size_arg && parse_size(size_arg, &size) < 0)
		die("bad size '%s' (bytes, or a number with K, M, G or T)", size_arg);
	if (size_arg && size < BMFS_MIN_DISK)
		die("size %s too small (BMFS needs at least %llu bytes)", size_arg,
		    (unsigned long long)BMFS_MIN_DISK);
	io = open_image(&fd, size_arg ? O_RDWR | O_CREAT : O_RDWR);
	/* Checked before anything is written (the extension too). */
	if (!force && (r = files_at_risk(&io)) != 0) {
		if (r < 0)
			die("holds a BMFS directory (corrupt); format erases it: add " FORCE_ARG);
		die("holds %d BMFS file%s; format erases %s: add " FORCE_ARG, r,
		    r == 1 ? "" : "s", r == 1 ? "it" : "them");
	}
	/* Extended, never shrunk: the new part reads as zeros and takes no space. */
	if (size > io.disk_bytes) {
		if (ftruncate(fd, (off_t)size) < 0)
			die("cannot extend to %llu bytes: %s", (unsigned long long)size, strerror(errno));
		io.disk_bytes = size;
	}
	if (io.disk_bytes < BMFS_MIN_DISK)
		die("image too small (%llu bytes; BMFS needs at least %llu)",
		    (unsigned long long)io.disk_bytes, (unsigned long long)BMFS_MIN_DISK);
	if ((r = bmfs_format(&fs, &io)) < 0)
		die("%s", why(r));
	return close_image(fd);
}

#define SHOWN_FOR_CONTROL '?'

/* A record's name for a terminal: control bytes (under 0x20, and 0x7F) shown as '?', so
 * a name cannot move the cursor or clear the screen. The directory is checked on mount:
 * the name ends in a NUL within its 32 bytes. */
static void printable(char out[BMFS_NAME_MAX + 1], const char *name)
{
	int i;

	for (i = 0; i < BMFS_NAME_MAX && name[i]; i++) {
		unsigned char c = (unsigned char)name[i];
		out[i] = c < 0x20 || c == 0x7F ? SHOWN_FOR_CONTROL : (char)c;
	}
	out[i] = 0;
}

static int cmd_list(int argc, char **argv)
{
	struct bmfs fs;
	struct bmfs_entry e;
	int fd;

	(void)argv;
	if (argc != 0)
		usage();
	mount_image(&fs, &fd, O_RDONLY);
	printf("Disk Size: %llu MiB\n", (unsigned long long)(fs.io.disk_bytes >> 20));
	printf("Name                            |            Size (B)|      Reserved (MiB)\n");
	printf("==========================================================================\n");
	for (int i = 0; bmfs_nth(&fs, i, &e) == 0; i++) {
		char shown[BMFS_NAME_MAX + 1];
		printable(shown, e.name);
		printf("%-32s %20llu %20llu\n", shown, (unsigned long long)e.size,
		       (unsigned long long)(e.reserved_blocks * (BMFS_BLOCK >> 20)));
	}
	return 0;
}

static int cmd_info(int argc, char **argv)
{
	struct bmfs fs;
	int fd, files = 0;

	(void)argv;
	if (argc != 0)
		usage();
	mount_image(&fs, &fd, O_RDONLY);
	while (bmfs_nth(&fs, files, NULL) == 0)
		files++;
	printf("disk: %llu bytes\n", (unsigned long long)fs.io.disk_bytes);
	printf("blocks: %llu of %llu MiB\n", (unsigned long long)bmfs_blocks(&fs),
	       (unsigned long long)(BMFS_BLOCK >> 20));
	printf("free blocks: %llu\n", (unsigned long long)bmfs_free_blocks(&fs));
	printf("files: %d of %d\n", files, BMFS_ENTRIES);
	return 0;
}

/* No record a new file could take: none deleted, no end marker (lib/bmfs.c's order). */
static int dir_full(const struct bmfs *fs)
{
	for (int i = 0; i < BMFS_ENTRIES; i++) {
		if (fs->dir[i].name[0] == BMFS_NAME_END || fs->dir[i].name[0] == BMFS_NAME_DELETED)
			return 0;
	}
	return 1;
}

/* A host file to copy into the image: opened and its size taken, nothing read yet. */
static int open_source(const char *path, uint64_t *len)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK);   /* a FIFO: refused, not waited on */

	if (fd < 0 || fstat(fd, &st) < 0)
		die("%s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		die("%s: not a regular file", path);
	*len = (uint64_t)st.st_size;
	return fd;
}

static int dry_write(void *ctx, uint64_t off, const void *buf, uint64_t len)
{
	(void)ctx, (void)off, (void)buf, (void)len;
	return 0;
}

/* Room for `len` bytes once the old file is gone: tried on a copy whose writes go
 * nowhere, so a full disk keeps the old file. */
static int fits_after_delete(const struct bmfs *fs, const char *name, uint64_t len)
{
	struct bmfs tmp = *fs;
	int r;

	tmp.io.write = dry_write;
	if ((r = bmfs_delete(&tmp, name)) < 0)
		return r;
	return bmfs_create(&tmp, name, len);
}

static int cmd_write(int argc, char **argv)
{
	struct bmfs fs;
	struct bmfs_entry e;
	const char *name;
	uint64_t len, off;
	char *buf;
	int fd, src, r;

	if (argc < 1 || argc > 2)
		usage();
	name = argc == 2 ? argv[1] : strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	mount_image(&fs, &fd, O_RDWR);
	/* Room is decided from the host file's size before a byte of it is read. */
	src = open_source(argv[0], &len);
	r = bmfs_find(&fs, name, &e);
	if (r >= 0 && len > e.reserved_blocks * BMFS_BLOCK) {
		if ((r = fits_after_delete(&fs, name, len)) < 0)
			die("%s: %s (%llu bytes)", name, why(r), (unsigned long long)len);
		if ((r = bmfs_delete(&fs, name)) < 0)
			die("%s: %s", name, why(r));
		r = -ENOENT;
	}
	if (r == -ENOENT) {
		if ((r = bmfs_create(&fs, name, len)) == -ENOSPC && dir_full(&fs))
			die("%s: directory full (%d files)", name, BMFS_ENTRIES);
		if (r < 0)
			die("%s: %s (%llu bytes)", name, why(r), (unsigned long long)len);
	} else if (r < 0) {
		die("%s: %s", name, why(r));
	} else if ((r = bmfs_truncate(&fs, name, 0)) < 0) {
		die("%s: %s", name, why(r));
	}
	if (!(buf = malloc(COPY_CHUNK)))
		die("out of memory");
	for (off = 0; off < len;) {
		uint64_t n = len - off < COPY_CHUNK ? len - off : COPY_CHUNK;
		int64_t w;

		if (read_all(src, buf, n) < 0)
			die("%s: read error (did it shrink?)", argv[0]);
		if ((w = bmfs_write(&fs, name, off, buf, n)) < 0)
			die("%s: %s", name, why((int)w));
		off += (uint64_t)w;
	}
	free(buf);
	close(src);
	return close_image(fd);
}

static int cmd_read(int argc, char **argv)
{
	struct bmfs fs;
	struct bmfs_entry e;
	const char *out;
	char *buf;
	int fd, ofd, r;

	if (argc < 1 || argc > 2)
		usage();
	out = argc == 2 ? argv[1] : argv[0];
	mount_image(&fs, &fd, O_RDONLY);
	if ((r = bmfs_find(&fs, argv[0], &e)) < 0)
		die("%s: %s", argv[0], why(r));
	if (strcmp(out, "-") == 0)
		ofd = STDOUT_FILENO;
	else if ((ofd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644)) < 0)
		die("%s: %s", out, strerror(errno));
	if (!(buf = malloc(COPY_CHUNK)))
		die("out of memory");
	for (uint64_t off = 0; off < e.size;) {
		int64_t n = bmfs_read(&fs, argv[0], off, buf, COPY_CHUNK);
		if (n <= 0)
			die("%s: %s", argv[0], n < 0 ? why((int)n) : "shorter than its size");
		if (write_all(ofd, buf, (uint64_t)n) < 0)
			die("%s: write error: %s", out, strerror(errno));
		off += (uint64_t)n;
	}
	free(buf);
	if (ofd != STDOUT_FILENO && close(ofd) < 0)
		die("%s: %s", out, strerror(errno));
	return 0;
}

static int cmd_delete(int argc, char **argv)
{
	struct bmfs fs;
	int fd, r;

	if (argc != 1)
		usage();
	mount_image(&fs, &fd, O_RDWR);
	if ((r = bmfs_delete(&fs, argv[0])) < 0)
		die("%s: %s", argv[0], why(r));
	return close_image(fd);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int argc, char **argv);
	} cmds[] = {
		{ "format", cmd_format }, { "list", cmd_list }, { "info", cmd_info },
		{ "write", cmd_write }, { "read", cmd_read }, { "delete", cmd_delete },
	};

	if (argc < 3)
		usage();
	image = argv[1];
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[2], cmds[i].name) == 0)
			return cmds[i].run(argc - 3, argv + 3);
	}
	usage();
}
