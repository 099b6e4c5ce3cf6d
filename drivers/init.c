// SPDX-License-Identifier: BSD-2-Clause
/* init.c - the drivers' bring-up (drivers/init.h). */
#include "drivers/init.h"
#include "drivers/hid/ps2.h"
#include "drivers/bus/pcidev.h"
#include "drivers/nvs/nvs.h"
#include "drivers/net/net.h"
#include "common/fmt.h"

void drivers_init(uint8_t bsp_apic_id)
{
	ps2_init(bsp_apic_id);
	pci_init();
	if (!nvs_count())
		kprintf("nvs: no drives\n");
	if (!net_count())
		kprintf("net: no interfaces\n");
}
