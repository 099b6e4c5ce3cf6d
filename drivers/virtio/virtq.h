/* SPDX-License-Identifier: BSD-2-Clause */
/* virtq.h - the split virtqueue (virtio 1.1, 2.6): ring layouts, the descriptor free list
 * and the avail/used indexes, which run free and wrap at 2^16. Pure memory arithmetic, no
 * device access, so the host tests (tests/unit/test_virtq.c) run it as the kernel does. */
#ifndef VIRTQ_H
#define VIRTQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define VIRTQ_DESC_F_NEXT  1   /* next is valid */
#define VIRTQ_DESC_F_WRITE 2   /* the device writes this buffer */
#define VIRTQ_LEGACY_ALIGN 4096   /* 2.6.2: the used ring starts on a page */
#define VIRTQ_MODERN_ALIGN 4      /* 2.6: descriptors 16, avail 2, used 4 */

struct virtq_desc {            /* 2.6.5 */
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
} __attribute__((packed));
_Static_assert(sizeof(struct virtq_desc) == 16, "virtq_desc");

struct virtq_avail {           /* 2.6.6; used_event follows ring[size] */
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[];
} __attribute__((packed));
_Static_assert(sizeof(struct virtq_avail) == 4, "virtq_avail");

struct virtq_used_elem {       /* 2.6.8 */
	uint32_t id;               /* head of the chain */
	uint32_t len;              /* bytes the device wrote */
} __attribute__((packed));
_Static_assert(sizeof(struct virtq_used_elem) == 8, "virtq_used_elem");

#define VIRTQ_USED_F_NO_NOTIFY 1   /* the device asks not to be notified (2.6.7.2) */

struct virtq_used {            /* 2.6.8; avail_event follows ring[size] */
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[];
} __attribute__((packed));
_Static_assert(offsetof(struct virtq_used, ring) == 4, "virtq_used");

/* Offsets in one contiguous area (descriptors at 0) and its size, each part starting on
 * align: 4096 for legacy devices (2.6.2), VIRTQ_MODERN_ALIGN for 1.x devices. */
struct virtq_layout {
	uint32_t avail, used, size;
};

struct virtq {
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t size;             /* entries; a power of two */
	uint16_t free_head;        /* first free descriptor; chained through next */
	uint16_t num_free;
	uint16_t avail_idx;        /* what we published in avail->idx */
	uint16_t last_used;        /* the used->idx we have consumed up to */
	/* kept here for the transport (drivers/virtio/pci.c) */
	uint16_t index;            /* the device's queue number */
	uint64_t notify;           /* modern: where to write index to notify */
};

/* One buffer of a chain: physical address, length, whether the device writes it. */
struct virtq_buf {
	uint64_t addr;
	uint32_t len;
	bool device_writes;
};

void virtq_layout(uint16_t size, uint32_t align, struct virtq_layout *l);
/* Clears the area at mem (virtq_layout(size, align) bytes) and sets up q over it: all
 * descriptors free, both indexes 0. */
void virtq_init(struct virtq *q, void *mem, uint16_t size, uint32_t align);
/* Chains n buffers into free descriptors and makes the chain available to the device (the
 * caller then notifies). Returns the head descriptor, -EINVAL for n == 0, or -ENOSPC when
 * fewer than n descriptors are free (nothing changes). */
int virtq_add(struct virtq *q, const struct virtq_buf *b, uint16_t n);
/* True when the device has returned a chain: its head in *id and the bytes it wrote in
 * *len; the chain's descriptors are free again. False: nothing new. */
bool virtq_poll(struct virtq *q, uint16_t *id, uint32_t *len);
/* A queue whose driver has one chain in flight at a time and uses nothing else (virtio-blk)
 * writes the chain's descriptors itself, past the free list (num_free then only says
 * whether the queue is in service: a driver sets it to 0 to take it out), makes it
 * available with virtq_publish (its head) and waits with virtq_poll_alone, true once the
 * device has returned it. Never mixed with virtq_add / virtq_poll on one queue. */
static inline void virtq_publish(struct virtq *q, uint16_t head)
{
	q->avail->ring[q->avail_idx & (q->size - 1)] = head;
	__atomic_store_n(&q->avail->idx, ++q->avail_idx, __ATOMIC_RELEASE);   /* 2.6.13.3 */
}

static inline bool virtq_poll_alone(struct virtq *q)
{
	if (__atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE) == q->last_used)
		return false;
	q->last_used++;
	return true;
}
/* True when the device has returned a chain virtq_poll has not taken yet. */
bool virtq_has_used(const struct virtq *q);

#endif
