// SPDX-License-Identifier: BSD-2-Clause
/* kmem.c - bump allocator over the kernel's DMA area (common/memlayout.h). Drivers take
 * their queues and buffers at boot; the physical address is the pointer (identity map). */
#include "kernel/kmem.h"
#include "common/memlayout.h"
#include "common/fmt.h"
#include "common/spinlock.h"

static uint64_t next = KERNEL_DMA_START;
static volatile uint32_t lock;

void *kmem_alloc(uint64_t size, uint64_t align)
{
	spin_lock(&lock);
	uint64_t a = (next + align - 1) & ~(align - 1);
	void *p = 0;
	if (a + size <= KERNEL_DMA_END && a + size > a) {
		next = a + size;
		p = (void *)(uintptr_t)a;
	}
	spin_unlock(&lock);
	if (p)
		memset(p, 0, size);
	return p;
}
