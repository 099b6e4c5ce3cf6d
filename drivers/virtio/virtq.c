// SPDX-License-Identifier: BSD-2-Clause
/* virtq.c - split virtqueue arithmetic (virtio 1.1, 2.6): the layout of the three parts,
 * the descriptor free list, publishing chains (2.6.13) and taking used ones back (2.6.14).
 * Memory only: the transport (drivers/virtio/pci.c) tells the device where it lies. */
#include "drivers/virtio/virtq.h"
#include "common/errno.h"

static uint32_t align_up(uint32_t v, uint32_t a)
{
	return (v + a - 1) & ~(a - 1);
}

void virtq_layout(uint16_t size, uint32_t align, struct virtq_layout *l)
{
	/* avail and used each end with a 16-bit event index (2.6.10) */
	l->avail = sizeof(struct virtq_desc) * size;
	l->used = align_up(l->avail + sizeof(uint16_t) * (3 + size), align);
	l->size = align_up(l->used + sizeof(uint16_t) * 3 + sizeof(struct virtq_used_elem) * size,
			   align);
}

void virtq_init(struct virtq *q, void *mem, uint16_t size, uint32_t align)
{
	struct virtq_layout l;

	virtq_layout(size, align, &l);
	__builtin_memset(mem, 0, l.size);
	q->desc = mem;
	q->avail = (struct virtq_avail *)((uint8_t *)mem + l.avail);
	q->used = (struct virtq_used *)((uint8_t *)mem + l.used);
	q->size = size;
	for (uint16_t i = 0; i < size; i++)
		q->desc[i].next = i + 1;
	q->free_head = 0;
	q->num_free = size;
	q->avail_idx = q->last_used = 0;
}

int virtq_add(struct virtq *q, const struct virtq_buf *b, uint16_t n)
{
	if (!n)
		return -EINVAL;
	if (n > q->num_free)
		return -ENOSPC;
	uint16_t head = q->free_head, i = head;
	for (uint16_t k = 0; k < n; k++) {
		struct virtq_desc *d = &q->desc[i];
		d->addr = b[k].addr;
		d->len = b[k].len;
		d->flags = (k + 1 < n ? VIRTQ_DESC_F_NEXT : 0) |
			   (b[k].device_writes ? VIRTQ_DESC_F_WRITE : 0);
		if (k + 1 < n)
			i = d->next;
		else
			q->free_head = d->next;
	}
	q->num_free -= n;
	q->avail->ring[q->avail_idx & (q->size - 1)] = head;
	/* the ring entry and the descriptors before the index that publishes them (2.6.13.3) */
	__atomic_store_n(&q->avail->idx, ++q->avail_idx, __ATOMIC_RELEASE);
	return head;
}

bool virtq_poll(struct virtq *q, uint16_t *id, uint32_t *len)
{
	if (__atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE) == q->last_used)
		return false;
	struct virtq_used_elem e = q->used->ring[q->last_used++ & (q->size - 1)];
	*id = (uint16_t)e.id;
	*len = e.len;
	if (e.id >= q->size)   /* a broken device: keep the free list intact */
		return true;
	uint16_t i = *id, n = 1;
	while (q->desc[i].flags & VIRTQ_DESC_F_NEXT && n < q->size) {
		i = q->desc[i].next;
		n++;
	}
	q->desc[i].next = q->free_head;
	q->free_head = *id;
	q->num_free += n;
	return true;
}

bool virtq_has_used(const struct virtq *q)
{
	return __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE) != q->last_used;
}
