// SPDX-License-Identifier: BSD-2-Clause
/* mkdisk.c - mkimage disk: the raw disk, a BMFS disk that boots (README "The disk image").
 *
 *   block 0 (2 MiB)   MBR | BMFS marker at 1024 | BMFS directory at 4096 |
 *                     BIOS boot file at LBA 16 | FAT EFI system partition at 1 MiB
 *   blocks 1..        BMFS files (the demos and FILES=), first fit, in argument order
 *   last block        reserved by BMFS
 *
 * When the boot file and the ESP do not fit in block 0 (a large program), the ESP moves
 * to the first 1 MiB after the boot file and a BMFS file "boot-area", created first (so
 * at block 1), owns the blocks they spill into: no BMFS writer hands them out. The file
 * is written sparse; it is at least min_bytes and keeps DISK_SPARE_BLOCKS free blocks. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "lib/bmfs.h"
#include "tools/mkimage.h"

#define ESP_LBA           2048                /* 1 MiB */
#define MBR_PART_OFF      446
#define BOOT_AREA_NAME    "boot-area"
#define DISK_SPARE_BLOCKS 8                   /* free 2 MiB blocks left for programs */
#define FILE_MAX          (1ULL << 34)

struct disk_io {
	int fd;
};

static int io_read(void *ctx, uint64_t off, void *buf, uint64_t len)
{
	struct disk_io *d = ctx;
	return pread(d->fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -EIO;
}

static int io_write(void *ctx, uint64_t off, const void *buf, uint64_t len)
{
	struct disk_io *d = ctx;
	return pwrite(d->fd, buf, len, (off_t)off) == (ssize_t)len ? 0 : -EIO;
}

static void partition(uint8_t *e, uint8_t status, uint8_t type, uint32_t lba, uint32_t sectors)
{
	e[0] = status;
	e[1] = 0xFE; e[2] = 0xFF; e[3] = 0xFF;           /* CHS unused: LBA only */
	e[4] = type;
	e[5] = 0xFE; e[6] = 0xFF; e[7] = 0xFF;
	put32(e + 8, lba);
	put32(e + 12, sectors);
}

/* A file to store: its bytes (possibly none) and its BMFS name, the path's base name. */
static int load_file(const char *path, struct blob *b, const char **name)
{
	struct stat st;
	const char *slash = strrchr(path, '/');

	*name = slash ? slash + 1 : path;
	if (strlen(*name) > BMFS_NAME_MAX || !**name) {
		fprintf(stderr, "mkimage: %s: a BMFS name is 1 to %d bytes\n", path, BMFS_NAME_MAX);
		return -1;
	}
	if (stat(path, &st)) {
		fprintf(stderr, "mkimage: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fprintf(stderr, "mkimage: %s: not a regular file\n", path);
		return -1;
	}
	if (st.st_size == 0) {
		b->data = NULL;
		b->size = 0;
		return 0;
	}
	return load(path, FILE_MAX, b);
}

static uint64_t blocks_for(uint64_t bytes)
{
	return bytes ? (bytes + BMFS_BLOCK - 1) / BMFS_BLOCK : 1;
}

static int bmfs_fail(const char *out, const char *what, int err)
{
	fprintf(stderr, "mkimage: %s: BMFS %s: %s\n", out, what, strerror(-err));
	return -1;
}

/* The BMFS area: formatted, the boot-area file when the boot pieces spill out of block
 * 0, then the files. */
static int fill_bmfs(const struct disk_spec *d, int fd, uint64_t disk_bytes, uint64_t boot_end,
		     struct blob *files, const char **names)
{
	struct disk_io dio = { fd };
	struct bmfs_io io = { io_read, io_write, &dio, disk_bytes };
	static struct bmfs fs;
	struct bmfs_entry e;
	int r;

	if ((r = bmfs_format(&fs, &io)))
		return bmfs_fail(d->out, "format", r);
	if (boot_end > BMFS_BLOCK) {
		uint64_t spill = boot_end - BMFS_BLOCK;
		uint8_t *buf = malloc(spill);
		if (!buf || io_read(&dio, BMFS_BLOCK, buf, spill))
			return bmfs_fail(d->out, BOOT_AREA_NAME, -EIO);
		if ((r = bmfs_create(&fs, BOOT_AREA_NAME, spill)) ||
		    (r = bmfs_find(&fs, BOOT_AREA_NAME, &e)) < 0)
			return bmfs_fail(d->out, BOOT_AREA_NAME, r);
		if (e.start_block != 1)
			return bmfs_fail(d->out, "boot-area not at block 1", -EUCLEAN);
		int64_t n = bmfs_write(&fs, BOOT_AREA_NAME, 0, buf, spill);   /* the same bytes */
		free(buf);
		if (n != (int64_t)spill)
			return bmfs_fail(d->out, BOOT_AREA_NAME, n < 0 ? (int)n : -EIO);
	}
	for (int i = 0; i < d->nfiles; i++) {
		if (bmfs_find(&fs, names[i], &e) >= 0) {
			fprintf(stderr, "mkimage: %s: two files named %s\n", d->files[i], names[i]);
			return -1;
		}
		if ((r = bmfs_create(&fs, names[i], files[i].size)))
			return bmfs_fail(d->out, names[i], r);
		int64_t n = bmfs_write(&fs, names[i], 0, files[i].data, files[i].size);
		if (n != (int64_t)files[i].size)
			return bmfs_fail(d->out, names[i], n < 0 ? (int)n : -EIO);
	}
	return 0;
}

int mkdisk(const struct disk_spec *d)
{
	struct blob m, b, e;
	struct blob *files = calloc((size_t)d->nfiles + 1, sizeof(*files));
	const char **names = calloc((size_t)d->nfiles + 1, sizeof(*names));

	if (!files || !names || load(d->mbr, SECTOR, &m) || load(d->boot, 1ULL << 33, &b) ||
	    load(d->esp, 1ULL << 33, &e))
		return 1;
	uint64_t blocks = 1 + 1 + DISK_SPARE_BLOCKS;   /* block 0, the last, the spare ones */
	for (int i = 0; i < d->nfiles; i++) {
		if (load_file(d->files[i], &files[i], &names[i]))
			return 1;
		blocks += blocks_for(files[i].size);
	}
	/* the ESP at 1 MiB, or at the first 1 MiB boundary after a larger boot file */
	uint64_t boot_sectors = (b.size + SECTOR - 1) / SECTOR;
	uint64_t esp_lba = ESP_LBA;
	if (BOOTFILE_LBA + boot_sectors > ESP_LBA)
		esp_lba = (BOOTFILE_LBA + boot_sectors + ESP_LBA - 1) / ESP_LBA * ESP_LBA;
	uint64_t esp_sectors = (e.size + SECTOR - 1) / SECTOR;
	uint64_t boot_end = (esp_lba + esp_sectors) * SECTOR;
	if (esp_lba + esp_sectors > UINT32_MAX) {
		fprintf(stderr, "mkimage: %s: the boot pieces are past 2 TiB\n", d->out);
		return 1;
	}
	if (boot_end > BMFS_BLOCK)
		blocks += blocks_for(boot_end - BMFS_BLOCK);
	uint64_t disk_bytes = blocks * BMFS_BLOCK;
	if (disk_bytes < d->min_bytes)
		disk_bytes = (d->min_bytes + BMFS_BLOCK - 1) / BMFS_BLOCK * BMFS_BLOCK;

	int fd = open(d->out, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0 || ftruncate(fd, (off_t)disk_bytes)) {
		fprintf(stderr, "mkimage: %s: %s\n", d->out, strerror(errno));
		return 1;
	}
	memset(m.data + MBR_PART_OFF, 0, 64);
	partition(m.data + MBR_PART_OFF, 0x00, 0xEF, (uint32_t)esp_lba, (uint32_t)esp_sectors);
	partition(m.data + MBR_PART_OFF + 16, 0x80, 0xDA, BOOTFILE_LBA, (uint32_t)boot_sectors);
	int bad = pwrite(fd, m.data, SECTOR, 0) != SECTOR ||
		  pwrite(fd, b.data, b.size, BOOTFILE_LBA * SECTOR) != (ssize_t)b.size ||
		  pwrite(fd, e.data, e.size, (off_t)(esp_lba * SECTOR)) != (ssize_t)e.size;
	if (bad) {
		fprintf(stderr, "mkimage: %s: %s\n", d->out, strerror(errno));
		close(fd);
		return 1;
	}
	if (fill_bmfs(d, fd, disk_bytes, boot_end, files, names) || close(fd)) {
		unlink(d->out);
		return 1;
	}
	return 0;
}
