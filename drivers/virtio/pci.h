/* SPDX-License-Identifier: BSD-2-Clause */
/* pci.h - the virtio PCI transport (virtio 1.1, 4.1) shared by the virtio drivers:
 * legacy devices (I/O BAR 0, 4.1.4.8) and 1.x devices (vendor capabilities, 4.1.4), the
 * status handshake (3.1.1), feature negotiation and split virtqueue setup. Polled: no
 * interrupt is configured. */
#ifndef VIRTIO_H
#define VIRTIO_H

#include <stdbool.h>
#include <stdint.h>
#include "drivers/bus/pcidev.h"
#include "drivers/virtio/virtq.h"
#include "drivers/util.h"
#include "common/x86.h"

#define VIRTIO_VENDOR          0x1AF4
#define VIRTIO_ID_MODERN       0x1040   /* 0x1040 + device type: no legacy interface */

/* Device status (2.1) */
#define VIRTIO_S_ACKNOWLEDGE   0x01
#define VIRTIO_S_DRIVER        0x02
#define VIRTIO_S_DRIVER_OK     0x04
#define VIRTIO_S_FEATURES_OK   0x08
#define VIRTIO_S_FAILED        0x80

#define VIRTIO_F_VERSION_1     (1ULL << 32)   /* 6: a 1.x device; a modern driver must take it */

/* Legacy registers in I/O BAR 0 (4.1.4.8) */
#define VIRTIO_LEG_FEATURES    0x00   /* 32 RO: device features 31:0 */
#define VIRTIO_LEG_GUEST_FEAT  0x04   /* 32 RW: driver features */
#define VIRTIO_LEG_QUEUE_PFN   0x08   /* 32 RW: queue address >> 12 */
#define VIRTIO_LEG_QUEUE_SIZE  0x0C   /* 16 RO */
#define VIRTIO_LEG_QUEUE_SEL   0x0E   /* 16 RW */
#define VIRTIO_LEG_NOTIFY      0x10   /* 16 RW: queue number */
#define VIRTIO_LEG_STATUS      0x12   /* 8 RW */
#define VIRTIO_LEG_ISR         0x13   /* 8 RO, read clears */
#define VIRTIO_LEG_DEVICE_CFG  0x14   /* device config while MSI-X is off */
#define VIRTIO_LEG_QUEUE_SHIFT 12

/* Vendor capability (4.1.4): cfg_type at +3, bar at +4, offset at +8, length at +12;
 * the notify capability adds notify_off_multiplier at +16. */
#define VIRTIO_CAP_TYPE        3
#define VIRTIO_CAP_BAR         4
#define VIRTIO_CAP_OFFSET      8
#define VIRTIO_CAP_NOTIFY_MUL  16
#define VIRTIO_CAP_COMMON      1
#define VIRTIO_CAP_NOTIFY      2
#define VIRTIO_CAP_ISR         3
#define VIRTIO_CAP_DEVICE      4

/* Common configuration (4.1.4.3), all RW unless noted */
#define VIRTIO_COM_DFSELECT    0x00   /* 32 */
#define VIRTIO_COM_DF          0x04   /* 32 RO: device features, 32-bit word DFSELECT */
#define VIRTIO_COM_GFSELECT    0x08   /* 32 */
#define VIRTIO_COM_GF          0x0C   /* 32: driver features, word GFSELECT */
#define VIRTIO_COM_STATUS      0x14   /* 8 */
#define VIRTIO_COM_GENERATION  0x15   /* 8 RO: config generation */
#define VIRTIO_COM_Q_SELECT    0x16   /* 16 */
#define VIRTIO_COM_Q_SIZE      0x18   /* 16: max on read, 0 = no such queue */
#define VIRTIO_COM_Q_ENABLE    0x1C   /* 16 */
#define VIRTIO_COM_Q_NOTIFY_OFF 0x1E  /* 16 RO */
#define VIRTIO_COM_Q_DESC      0x20   /* 64 as two 32-bit halves */
#define VIRTIO_COM_Q_DRIVER    0x28   /* 64: avail ring */
#define VIRTIO_COM_Q_DEVICE    0x30   /* 64: used ring */

#define VIRTIO_QUEUE_MAX       256    /* a 1.x queue is cut down to this */
#define VIRTIO_LEGACY_QUEUE_MAX 1024  /* a legacy size cannot be changed: refuse more */
#define VIRTIO_RESET_US        100000

struct virtio_dev {
	const struct pci_dev *pci;
	bool modern;
	uint16_t io;          /* legacy: I/O BAR 0 */
	/* modern: address of each VIRTIO_CAP_* structure (0 if absent); legacy: only
	 * cfg[VIRTIO_CAP_DEVICE], the device config's offset in the I/O BAR */
	uint64_t cfg[5];
	uint32_t notify_mul;
	uint64_t features;    /* negotiated */
};

/* Finds the interface (legacy for IDs below 0x1040 with an assigned I/O BAR 0, else 1.x
 * vendor capabilities) and turns on the PCI function. v starts zeroed. 0 or -ENODEV. */
int virtio_attach(struct virtio_dev *v, const struct pci_dev *p);
/* Resets the device, then ACKNOWLEDGE, DRIVER and features: takes want & offered (plus
 * VERSION_1 for 1.x, which the device must offer), then FEATURES_OK checked (1.x).
 * 0, -ETIMEDOUT (reset did not finish) or -ENODEV; on failure the status is FAILED. */
int virtio_init(struct virtio_dev *v, uint64_t want);
/* Sets up queue index over q: memory from kmem the first time, the same memory again
 * after a reset. 0, -ENODEV (no such queue), -ENOSPC (legacy size too big), -ENOMEM. */
int virtio_queue_setup(struct virtio_dev *v, uint16_t index, struct virtq *q);
/* DRIVER_OK; or FAILED when err is nonzero. Returns err. */
int virtio_ready(struct virtio_dev *v, int err);
/* Tells the device q has new available buffers, unless it said it needs no telling. */
static inline void virtio_notify(struct virtio_dev *v, const struct virtq *q)
{
	/* the new avail index is visible before the flag is read (virtio 1.1, 2.6.13.6):
	 * a device busy with the queue says so, and each notify is a VM exit */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (READ_ONCE(q->used->flags) & VIRTQ_USED_F_NO_NOTIFY)
		return;
	if (v->modern)
		mmio_write16(q->notify, 0, q->index);
	else
		outw(v->io + VIRTIO_LEG_NOTIFY, q->index);
}

/* 32 bits of device configuration at off (5.x). */
uint32_t virtio_config32(struct virtio_dev *v, uint32_t off);

#endif
