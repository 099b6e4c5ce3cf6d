// SPDX-License-Identifier: BSD-2-Clause
/* info.c - Pure64's information table at 0x5000, field by field as Pure64 fills it
 * (ReturnInfinity/Pure64 docs/README.md "Information Table"; src/pure64.asm builds it,
 * src/init/acpi.asm lists the APIC IDs and reads IAPC_BOOT_ARCH), then BareMetal-C's
 * additions in the space Pure64 leaves for future use. */
#include "boot/stage/info.h"
#include "boot/stage/memmap.h"
#include "common/string.h"

#define MIB_SHIFT       20
#define PURE64_STACKS   2      /* MiB Pure64 keeps back from RAMAMOUNT for its CPU stacks */

uint32_t info_ramamount(const struct memmap_entry *m, int n)
{
	uint64_t mib = 0;

	for (int i = 0; i < n; i++)
		if (m[i].type == MEMMAP_USABLE)
			mib += m[i].length >> MIB_SHIFT;
	return mib > PURE64_STACKS ? (uint32_t)(mib - PURE64_STACKS) & ~1u : 0;
}

void info_fill(struct bootinfo *bi, const struct info_in *in)
{
	const struct acpi_info *ai = in->acpi;

	memset(bi, 0, sizeof(*bi));
	bi->acpi = ai->sdt;
	bi->bsp_apic_id = in->active[0];
	bi->cpu_speed_mhz = (uint16_t)(in->tsc_hz / 1000000);
	bi->cores_active = (uint16_t)in->ncores;
	bi->cores_detected = (uint16_t)(ai->cpu_count ? ai->cpu_count : 1);
	bi->phys_bits = in->phys_bits;
	bi->virt_bits = in->virt_bits;
	bi->cpuid_max_std = in->cpuid_max_std;
	bi->cpuid_max_ext = in->cpuid_max_ext;
	bi->ram_mib = info_ramamount(in->map, in->nmap);
	bi->ioapic_count = (uint8_t)ai->ioapic_count;
	memcpy(bi->ioapic, ai->ioapic, sizeof(bi->ioapic));
	bi->intsource_count = (uint8_t)ai->iso_count;
	memcpy(bi->intsource, ai->iso, sizeof(bi->intsource));
	bi->hpet_base = ai->hpet;
	bi->hpet_freq = in->hpet_hz;
	bi->hpet_counter_min = ai->hpet_min_tick;
	bi->hpet_counters = in->hpet_counters;
	bi->tsc_loader_start = in->tsc_start;
	bi->lapic = in->lapic;
	bi->video_base = in->fb_base;
	bi->video_x = in->fb_x;
	bi->video_y = in->fb_y;
	bi->video_ppsl = in->fb_ppsl;
	bi->video_bpp = in->fb_bpp;
	bi->pcie_count = (uint16_t)ai->mcfg_count;
	memcpy(bi->pcie, ai->mcfg, sizeof(bi->pcie));
	bi->iapc_boot_arch = ai->have_fadt ? ai->iapc_boot_arch : IAPC_BOOT_ARCH_PCAT;
	bi->flag_1gb_pages = in->gb_pages;
	bi->flag_x2apic = in->x2apic;

	const uint32_t *ids = in->pure64 && ai->cpu_count ? ai->apic_ids : in->active;
	uint32_t n = in->pure64 && ai->cpu_count ? ai->cpu_count : in->ncores;
	if (n > BOOTINFO_MAX_CPUS)
		n = BOOTINFO_MAX_CPUS;
	memcpy(bi->apic_ids, ids, n * sizeof(ids[0]));
	if (in->pure64)
		return;

	bi->ram_total_mib = memmap_ram_mib(in->map, in->nmap, in->firmware_ram);
	bi->kernel_size = in->kernel_size;
	bi->program_mem = in->program_bytes;
	bi->identity_end = in->identity_end;
	bi->program_entry = in->program_entry;
	bi->program_size = in->program_size;
	bi->flag_bootmode = in->boot_mode;
}
