/* SPDX-License-Identifier: BSD-2-Clause */
/* nvme_prp.h - NVMe PRP entries for one transfer (NVMe 1.4, 4.3, with a 4 KiB memory
 * page size): pure arithmetic, shared by the driver and its host test. */
#ifndef NVME_PRP_H
#define NVME_PRP_H

#include <stdint.h>
#include "drivers/nvs/nvs.h"

#define NVME_PAGE          4096u
#define NVME_PRP_LIST_MAX  (NVME_PAGE / 8)   /* entries in one list page, no chaining */

/* Fills PRP1/PRP2 for the nseg (> 0) physical pieces at seg, laid out as struct nvs_seg
 * promises (every piece but the first starts on a page, every one but the last ends on
 * one; none empty) and the first dword aligned: PRP1 is the first piece's address with
 * its page offset; one page needs no PRP2, two pages put the second page in PRP2, more
 * put the address of list in PRP2 and the second and later pages in list[0..]. list is a
 * page-aligned, identity-mapped page (its address is physical) of list_max
 * (<= NVME_PRP_LIST_MAX) entries and is only written when used.
 * Returns 0, or -EINVAL (no pieces, an empty one, a misaligned one, more pages than
 * list_max allows): nothing is written then. */
int nvme_prp_segs(const struct nvs_seg *seg, uint32_t nseg, uint64_t *prp1, uint64_t *prp2,
		  uint64_t *list, uint32_t list_max);

/* The same for one physically contiguous piece of bytes at buf_phys. */
static inline int nvme_prp_build(uint64_t buf_phys, uint32_t bytes, uint64_t *prp1,
				 uint64_t *prp2, uint64_t *list, uint32_t list_max)
{
	const struct nvs_seg seg = { buf_phys, bytes };
	return nvme_prp_segs(&seg, 1, prp1, prp2, list, list_max);
}

#endif
