// SPDX-License-Identifier: BSD-2-Clause
/* nvs.c - the storage class: drive numbering, argument checks, the per-drive lock and the
 * program's buffer as physical pieces for the drivers' DMA (a bounce buffer where the
 * hardware cannot reach it), between b_nvs_read/b_nvs_write and the drivers. A bad
 * argument does nothing and returns 0; a device error returns the sectors done before it. */
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
	d->own_lock = 0;
	if (!d->lock)
		d->lock = &d->own_lock;
	if (!d->max_io || d->max_io > NVS_MAX_IO)
		d->max_io = NVS_MAX_IO;
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

/* The physical pieces of [va, va + bytes) into seg: how many, or 0 when the transfer must
 * bounce: vm_phys cannot translate a part, there are more than NVS_SEG_MAX pieces, or a
 * piece breaks off inside a page (cannot happen with whole-page runs; NVMe needs it). */
static uint32_t segs(uint64_t va, uint64_t bytes, struct nvs_seg *seg)
{
	uint32_t n = 0;
	while (bytes) {
		uint64_t phys = 0, len = vm_phys(va, bytes, &phys);
		if (!len || n == NVS_SEG_MAX || (n && (phys | va) & (NVS_PAGE - 1)))
			return 0;
		seg[n++] = (struct nvs_seg){ phys, (uint32_t)len };
		va += len;
		bytes -= len;
	}
	return n;
}

/* One driver call for n sectors at buf: DMA straight into or out of buf's physical pieces
 * when direct, else (or when segs says so) through the drive's bounce buffer. */
static int chunk(struct nvs_dev *d, uint64_t sector, uint32_t n, uint8_t *buf, bool wr,
		 bool direct)
{
	/* in a struct: an array variable of 16 bytes or more is 16-byte aligned by the ABI,
	 * which costs a realigned frame on the kernel's 8-byte-aligned stack */
	struct { struct nvs_seg s[NVS_SEG_MAX]; } segv;
	struct nvs_seg *seg = segv.s;
	uint64_t bytes = (uint64_t)n * NVS_SECTOR;
	uint32_t nseg = direct ? segs((uintptr_t)buf, bytes, seg) : 0;

	if (nseg)
		return d->rw(d, sector, n, seg, nseg, wr);
	seg[0] = (struct nvs_seg){ (uintptr_t)d->bounce, (uint32_t)bytes };
	if (wr)
		memcpy(d->bounce, buf, bytes);
	int r = d->rw(d, sector, n, seg, 1, wr);
	if (!r && !wr)
		memcpy(buf, d->bounce, bytes);
	return r;
}

/* At most max_io sectors a driver call. DMA goes straight to the program's buffer (zero-copy)
 * unless the hardware cannot reach it: an address not a multiple of the driver's
 * alignment (AHCI: even, 4.2.3; NVMe: dword, 4.3), a piece vm_phys cannot translate
 * (segs), or a write's source that is not the program's memory (the kernel's, MMIO:
 * readable by the pointer rule, but not the device's to fetch from); those bounce. A
 * failed chunk is retried sector by sector (not after a timeout: each try would wait it
 * out again; not on a read-only drive), so the count stops at the first bad sector. A
 * read that stops early may have written past the sectors it reports. */
static uint64_t nvs_rw(void *buf, uint64_t sector, uint64_t count, uint64_t drive, bool wr)
{
	struct nvs_dev *d = check(buf, sector, count, drive, wr);
	uint64_t done = 0;

	if (!d)
		return 0;
	bool direct = !((uintptr_t)buf & d->align) &&
		      (!wr || mem_prog_ok(buf, count * NVS_SECTOR));
	driver_lock(d->lock);
	while (done < count) {
		uint32_t n = count - done > d->max_io ? d->max_io : (uint32_t)(count - done);
		uint8_t *p = (uint8_t *)buf + done * NVS_SECTOR;
		int r = chunk(d, sector + done, n, p, wr, direct);
		if (r) {
			uint32_t i = 0;
			if (r != -ETIMEDOUT && r != -EROFS)   /* to the first bad sector */
				while (i < n && !chunk(d, sector + done + i, 1, p + (uint64_t)i * NVS_SECTOR,
						       wr, direct))
					i++;
			done += i;
			break;
		}
		done += n;
	}
	driver_unlock(d->lock);
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
