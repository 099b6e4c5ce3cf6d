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

struct nvs_dev {
	const char *type;             /* "nvme", "ahci", "virtio-blk" */
	char model[48];               /* as the device reports it, NUL-terminated */
	uint64_t sectors;             /* 4096-byte sectors */
	/* Move count (1..NVS_MAX_IO) sectors from sector on, from buf to the drive (wr) or
	 * back: buf physically contiguous, identity-mapped, 4096-aligned. Return 0, or a
	 * negative error (the device failed or timed out: nothing is known about the sectors
	 * of this call; -EROFS: a read-only drive). */
	int (*rw)(struct nvs_dev *d, uint64_t sector, uint32_t count, void *buf, bool wr);
	void *priv;
	/* owned by nvs.c */
	void *bounce;
	volatile uint32_t lock;
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
