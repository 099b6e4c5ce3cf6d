/* SPDX-License-Identifier: BSD-2-Clause */
/* blk_regs.h - virtio block device (virtio 1.1, 5.2): IDs, feature bits, device
 * configuration and the request header. */
#ifndef VIRTIO_BLK_REGS_H
#define VIRTIO_BLK_REGS_H

#include <stdint.h>

#define VIRTIO_BLK_ID_LEGACY   0x1001   /* transitional (4.1.2.3) */
#define VIRTIO_BLK_ID_MODERN   0x1042   /* 0x1040 + device type 2 */

#define VIRTIO_BLK_F_RO        (1ULL << 5)   /* 5.2.3: the device is read-only */

#define VIRTIO_BLK_CFG_CAPACITY 0x00   /* 64 RO: size in 512-byte sectors (5.2.4) */
#define VIRTIO_BLK_SECTOR      512

/* Request (5.2.6): this header, the data, then one status byte the device writes. */
#define VIRTIO_BLK_T_IN        0    /* read */
#define VIRTIO_BLK_T_OUT       1    /* write */
#define VIRTIO_BLK_T_GET_ID    8    /* the serial: up to 20 bytes, NUL only when shorter */
#define VIRTIO_BLK_ID_BYTES    20
#define VIRTIO_BLK_S_OK        0    /* else IOERR 1, UNSUPP 2 */

struct virtio_blk_req {
	uint32_t type;
	uint32_t reserved;
	uint64_t sector;           /* 512-byte sectors */
} __attribute__((packed));
_Static_assert(sizeof(struct virtio_blk_req) == 16, "virtio_blk_req");

#endif
