// SPDX-License-Identifier: BSD-2-Clause
/* bmfs_nvs.c - byte-addressed access to a drive for lib/bmfs.c through b_nvs_read and
 * b_nvs_write: whole aligned sectors straight into or out of the caller's buffer (at
 * most BMFS_NVS_MAX a call), a partial sector through the bounce buffer
 * (read-modify-write). Any short count from the kernel is -EIO. Tested by
 * tests/system/test_bmfs_guest.py (a virtio-blk second drive). */
#include <stdbool.h>
#include "../include/baremetal.h"
#include "bmfs_nvs.h"

static uint8_t bounce[BMFS_NVS_SECTOR];
static struct b_nvs_info nvs_info;   /* in the program's memory, as NVS_INFO wants */

static void copy(void *dst, const void *src, uint64_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n--)
		*d++ = *s++;
}

/* The context: the drive in the low 32 bits, the BMFS area's first sector above. */
static uint64_t ctx_drive(void *ctx)
{
	return (uint64_t)(uintptr_t)ctx & 0xFFFFFFFFu;
}

static uint64_t ctx_base(void *ctx)
{
	return (uint64_t)(uintptr_t)ctx >> 32;
}

/* [off, off + len) of the area between the drive and buf, either way. */
static int nvs_move(void *ctx, uint64_t off, uint8_t *p, uint64_t len, bool write)
{
	uint64_t drive = ctx_drive(ctx);

	off += ctx_base(ctx) * BMFS_NVS_SECTOR;
	while (len) {
		uint64_t sector = off / BMFS_NVS_SECTOR, in = off % BMFS_NVS_SECTOR, n;

		if (in == 0 && len >= BMFS_NVS_SECTOR) {
			uint64_t count = len / BMFS_NVS_SECTOR;
			if (count > BMFS_NVS_MAX)
				count = BMFS_NVS_MAX;
			if ((write ? b_nvs_write(p, sector, count, drive) :
				     b_nvs_read(p, sector, count, drive)) != count)
				return -EIO;
			n = count * BMFS_NVS_SECTOR;
		} else {
			/* a partial sector: read it whole, change or take its part */
			n = BMFS_NVS_SECTOR - in < len ? BMFS_NVS_SECTOR - in : len;
			if (b_nvs_read(bounce, sector, 1, drive) != 1)
				return -EIO;
			if (!write) {
				copy(p, bounce + in, n);
			} else {
				copy(bounce + in, p, n);
				if (b_nvs_write(bounce, sector, 1, drive) != 1)
					return -EIO;
			}
		}
		p += n;
		off += n;
		len -= n;
	}
	return 0;
}

static int nvs_read(void *ctx, uint64_t off, void *buf, uint64_t len)
{
	return nvs_move(ctx, off, buf, len, false);
}

/* b_nvs_write takes a const buffer: the cast only lets one loop serve both ways. */
static int nvs_write(void *ctx, uint64_t off, const void *buf, uint64_t len)
{
	return nvs_move(ctx, off, (uint8_t *)(uintptr_t)buf, len, true);
}

/* The BMFS area from sector base of drive. */
static int nvs_area(struct bmfs_io *io, uint64_t drive, uint64_t base)
{
	uint64_t sectors;

	if (!io)
		return -EINVAL;
	if (drive > 0xFFFFFFFFu)
		return -ENODEV;
	sectors = b_system(NVS_INFO, drive, (uint64_t)(uintptr_t)&nvs_info);
	if (sectors <= base)
		return -ENODEV;
	sectors -= base;
	if (sectors > UINT64_MAX / BMFS_NVS_SECTOR)
		sectors = UINT64_MAX / BMFS_NVS_SECTOR;
	io->read = nvs_read;
	io->write = nvs_write;
	io->ctx = (void *)(uintptr_t)(drive | base << 32);
	io->disk_bytes = sectors * BMFS_NVS_SECTOR;
	return 0;
}

int bmfs_nvs_io(struct bmfs_io *io, uint64_t drive)
{
	return nvs_area(io, drive, 0);
}

int bmfs_mount_drive(struct bmfs *fs, uint64_t drive)
{
	struct bmfs_io io;
	int r;

	if (!fs)
		return -EINVAL;
	if ((r = nvs_area(&io, drive, 0)) < 0)
		return r;
	r = bmfs_mount(fs, &io);
	/* BareMetal-OS's disk: a 128 MiB FAT32 image, then its BMFS disk (baremetal.sh) */
	if (r == -ENODEV && nvs_area(&io, drive, BMFS_NVS_OS_BASE) == 0)
		r = bmfs_mount(fs, &io);
	return r;
}

int bmfs_mount_first(struct bmfs *fs)
{
	if (!fs)
		return -EINVAL;
	for (uint64_t d = 0; d < BMFS_NVS_DRIVES; d++) {
		int r = bmfs_mount_drive(fs, d);
		if (r == 0)
			return (int)d;
		if (r != -ENODEV)
			return r;
	}
	return -ENODEV;
}
