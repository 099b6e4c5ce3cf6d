// SPDX-License-Identifier: BSD-2-Clause
/* nvs.c - the storage class: drive numbering, argument checks and the per-drive lock
 * and bounce buffer between b_nvs_read/b_nvs_write and the drivers. A bad argument does
 * nothing and returns 0; a device error returns the sectors done before it. */
#include "drivers/nvs/nvs.h"
#include "kernel/driver.h"
#include "drivers/lock.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "include/baremetal.h"
#include "common/x86.h"
#include <stdbool.h>

static struct nvs_dev *drives[NVS_MAX_DRIVES];
static uint32_t ndrives;

int nvs_register(struct nvs_dev *d)
{
	if (ndrives == NVS_MAX_DRIVES)
		return -ENOSPC;
	d->bounce = kmem_alloc(NVS_MAX_IO * NVS_SECTOR, NVS_SECTOR);
	if (!d->bounce)
		return -ENOMEM;
	d->lock = 0;
	/* models come padded with spaces (ATA IDENTIFY) or NULs (NVMe Identify) */
	uint32_t len = sizeof(d->model) - 1;
	while (len && (d->model[len - 1] == ' ' || !d->model[len - 1]))
		len--;
	d->model[len] = 0;
	kprintf("nvs%u: %s %lu sectors %s\n", ndrives, d->type, d->sectors, d->model);
	drives[ndrives++] = d;
	return 0;
}

uint32_t nvs_count(void)
{
	return ndrives;
}

/* A read lands only in the program's memory; a write may come from anything mapped. */
static struct nvs_dev *check(const void *buf, uint64_t sector, uint64_t count, uint64_t drive,
			     bool wr)
{
	if (drive >= ndrives || !count || count > NVS_MAX_PER_CALL)
		return 0;
	struct nvs_dev *d = drives[drive];
	if (sector >= d->sectors || count > d->sectors - sector)
		return 0;
	if (!(wr ? mem_range_ok : mem_prog_ok)(buf, count * NVS_SECTOR))
		return 0;
	return d;
}

/* A chunk failed: redo it a sector at a time, so the call can report exactly the
 * sectors done before the bad one. Returns how many went through. */
static uint32_t retry_single(struct nvs_dev *d, uint64_t sector, uint32_t n, void *bounce, bool wr)
{
	uint32_t i;
	for (i = 0; i < n; i++) {
		uint8_t *b = (uint8_t *)bounce + (uint64_t)i * NVS_SECTOR;
		if (d->rw(d, sector + i, 1, b, wr))
			break;
	}
	return i;
}

/* Both directions through the drive's bounce buffer, NVS_MAX_IO sectors a command. A
 * failed chunk is retried sector by sector (not after a timeout: each try would wait it
 * out again; not on a read-only drive), so the count stops at the first bad sector. */
static uint64_t nvs_rw(void *buf, uint64_t sector, uint64_t count, uint64_t drive, bool wr)
{
	struct nvs_dev *d = check(buf, sector, count, drive, wr);
	uint64_t done = 0;

	if (!d)
		return 0;
	driver_lock(&d->lock);
	while (done < count) {
		uint32_t n = count - done > NVS_MAX_IO ? NVS_MAX_IO : (uint32_t)(count - done);
		uint8_t *p = (uint8_t *)buf + done * NVS_SECTOR;
		if (wr)
			memcpy(d->bounce, p, (uint64_t)n * NVS_SECTOR);
		int r = d->rw(d, sector + done, n, d->bounce, wr);
		if (r)
			n = r == -ETIMEDOUT || r == -EROFS ? 0 :
			    retry_single(d, sector + done, n, d->bounce, wr);
		if (!wr)
			memcpy(p, d->bounce, (uint64_t)n * NVS_SECTOR);
		done += n;
		if (r)
			break;
	}
	driver_unlock(&d->lock);
	return done;
}

uint64_t nvs_read(void *buf, uint64_t sector, uint64_t count, uint64_t drive)
{
	return nvs_rw(buf, sector, count, drive, false);
}

uint64_t nvs_write(const void *buf, uint64_t sector, uint64_t count, uint64_t drive)
{
	return nvs_rw((void *)buf, sector, count, drive, true);
}

uint64_t nvs_info(uint64_t drive, void *info)
{
	struct b_nvs_info *out = info;
	if (drive >= ndrives || !mem_prog_ok(out, sizeof(*out)))
		return 0;
	struct nvs_dev *d = drives[drive];
	memset(out, 0, sizeof(*out));
	out->sectors = d->sectors;
	memcpy(out->model, d->model, sizeof(out->model));
	for (int i = 0; d->type[i] && i < (int)sizeof(out->type) - 1; i++)
		out->type[i] = d->type[i];
	return d->sectors;
}
