// SPDX-License-Identifier: BSD-2-Clause
/* nvme_prp.c - PRP1/PRP2 and the PRP list for one physically contiguous transfer
 * (NVMe 1.4, 4.3: only PRP1 may carry a page offset; later entries are page aligned). */
#include "drivers/nvs/nvme_prp.h"
#include "common/errno.h"

int nvme_prp_build(uint64_t buf_phys, uint32_t bytes, uint64_t *prp1, uint64_t *prp2,
		   uint64_t *list, uint32_t list_max)
{
	uint64_t page = buf_phys & ~(uint64_t)(NVME_PAGE - 1);
	uint64_t pages = ((buf_phys - page) + bytes + NVME_PAGE - 1) / NVME_PAGE;

	if (!bytes || (buf_phys & 3))
		return -EINVAL;
	if (list_max > NVME_PRP_LIST_MAX)
		list_max = NVME_PRP_LIST_MAX;
	if (pages > 2 && pages - 1 > list_max)
		return -EINVAL;
	*prp1 = buf_phys;
	*prp2 = 0;
	if (pages == 2)
		*prp2 = page + NVME_PAGE;
	else if (pages > 2) {
		for (uint64_t i = 1; i < pages; i++)
			list[i - 1] = page + i * NVME_PAGE;
		*prp2 = (uint64_t)(uintptr_t)list;
	}
	return 0;
}
