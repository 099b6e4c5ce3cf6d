/* SPDX-License-Identifier: BSD-2-Clause */
/* kmem.h - the kernel's buffer memory: physically contiguous, identity-mapped pieces of
 * 2-4 MiB for DMA rings and bounce buffers. Handed out at boot, never freed. */
#ifndef KMEM_H
#define KMEM_H

#include <stdint.h>

/* size bytes aligned to align (a power of two), zeroed; NULL when the area is used up. */
void *kmem_alloc(uint64_t size, uint64_t align);

#endif
