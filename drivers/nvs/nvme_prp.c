// SPDX-License-Identifier: BSD-2-Clause
/* nvme_prp.c - PRP1/PRP2 and the PRP list for one transfer over physical pieces
 * (NVMe 1.4, 4.3: only PRP1 may carry a page offset; later entries are page aligned). */
#include "drivers/nvs/nvme_prp.h"
#include "common/errno.h"

#define PAGE_MASK ((uint64_t)NVME_PAGE - 1)

int nvme_prp_segs(const struct nvs_seg *seg, uint32_t nseg, uint64_t *prp1, uint64_t *prp2,
		  uint64_t *list, uint32_t list_max)
{
	uint64_t total = 0;

	if (!nseg || (seg[0].phys & 3))
		return -EINVAL;
	if (nseg == 1 && seg[0].len && (seg[0].phys & PAGE_MASK) + seg[0].len <= NVME_PAGE) {
		*prp1 = seg[0].phys;   /* the common 4 KiB read: one page, PRP1 alone */
		*prp2 = 0;
		return 0;
	}
	if (list_max > NVME_PRP_LIST_MAX)
		list_max = NVME_PRP_LIST_MAX;
	for (uint32_t i = 0; i < nseg; i++) {   /* the layout; then the pages are contiguous */
		uint64_t end = seg[i].phys + seg[i].len;
		if (!seg[i].len || (i && (seg[i].phys & PAGE_MASK)) || (i + 1 < nseg && (end & PAGE_MASK)))
			return -EINVAL;
		total += seg[i].len;
	}
	/* the pages touched, less PRP1's */
	uint64_t entries = ((seg[0].phys & PAGE_MASK) + total + PAGE_MASK) / NVME_PAGE - 1;
	if (entries > 1 && entries > list_max)
		return -EINVAL;
	/* PRP2 is the one entry after PRP1, or the list of them */
	*prp1 = seg[0].phys;
	*prp2 = 0;
	uint64_t k = 0;
	for (uint32_t i = 0; i < nseg; i++) {
		uint64_t a = i ? seg[i].phys : (seg[0].phys & ~PAGE_MASK) + NVME_PAGE;
		for (; a < seg[i].phys + seg[i].len; a += NVME_PAGE, k++)
			if (entries == 1)
				*prp2 = a;
			else
				list[k] = a;
	}
	if (entries > 1)
		*prp2 = (uint64_t)(uintptr_t)list;
	return 0;
}

