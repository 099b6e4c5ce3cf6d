/* SPDX-License-Identifier: BSD-2-Clause */
/* nvs.h - the storage class table: every drive of every controller, in the order drivers
 * register them (PCI bus/device/function order, then port or namespace). The API speaks
 * 4096-byte sectors; a driver for 512-byte devices moves 8 of its sectors per one. */
#ifndef NVS_H
#define NVS_H

#include <stdbool.h>
#include <stdint.h>

#define NVS_MAX_DRIVES   16
#define NVS_SECTOR       4096
#define NVS_MAX_PER_CALL 1024   /* sectors (4 MiB) per b_nvs_read / b_nvs_write */
#define NVS_MAX_IO       32     /* sectors per driver call: the bounce buffer (128 KiB) */
#define NVS_SEG_MAX      4      /* physical pieces per driver call (else it bounces) */
#define NVS_PAGE         4096u

/* One physically contiguous piece of a transfer. Every piece but the first starts on a
 * page and every piece but the last ends on one (program memory's runs are whole pages;
 * nvs.c bounces anything else), so the pieces form one PRP list (NVMe) as they are. */
struct nvs_seg {
	uint64_t phys;
	uint32_t len;
};

struct nvs_dev {
	const char *type;             /* "nvme", "ahci", "virtio-blk" */
	char model[48];               /* as the device reports it, NUL-terminated */
	uint64_t sectors;             /* 4096-byte sectors */
	/* Move count (1..max_io) sectors from sector on, from the nseg (1..NVS_SEG_MAX)
	 * pieces at seg to the drive (wr) or back; each piece is non-empty and its address
	 * a multiple of align + 1. Return 0, or a negative error (the device failed or timed
	 * out: nothing is known about the sectors of this call; -EROFS: a read-only drive). */
	int (*rw)(struct nvs_dev *d, uint64_t sector, uint32_t count, const struct nvs_seg *seg,
		  uint32_t nseg, bool wr);
	void *priv;
	uint32_t align;               /* DMA address alignment - 1: AHCI 1, NVMe 3, virtio 0 */
	uint32_t max_io;              /* sectors per rw call; 0 (or more): NVS_MAX_IO */
	/* what nvs.c holds around rw: the drive's own lock (0 at registration) or one the driver
	 * shares among drives on one queue (an NVMe controller's namespaces) */
	volatile uint32_t *lock;
	/* owned by nvs.c */
	void *bounce;
	volatile uint32_t own_lock;
};

/* Adds a drive; its number is the registration order. Prints the boot report line
 * "nvsN: <type> <sectors> sectors <model>". 0, -ENOSPC or -ENOMEM. */
int nvs_register(struct nvs_dev *d);
uint32_t nvs_count(void);

/* The API: sectors done (0 for a bad argument, which touches nothing). */
uint64_t nvs_read(void *buf, uint64_t sector, uint64_t count, uint64_t drive);
uint64_t nvs_write(const void *buf, uint64_t sector, uint64_t count, uint64_t drive);
/* NVS_INFO: fills *info (struct b_nvs_info) and returns the drive's sectors, 0 if none. */
uint64_t nvs_info(uint64_t drive, void *info);

#endif
