/* SPDX-License-Identifier: BSD-2-Clause */
/* acpi.h - the loader's ACPI reader (ACPI 6.x, sections 5.2.5-5.2.12; HPET and MCFG specs),
 * over common/acpi.h's checked tables. */
#ifndef ACPI_H
#define ACPI_H

#include <stdbool.h>
#include <stdint.h>
#include "common/acpi.h"   /* acpi_map, acpi_rsdp_valid */
#include "include/bootinfo.h"

#define ACPI_MAX_CPUS 256
/* IA-PC boot architecture flags (ACPI 6.4 5.2.9.3) a machine without them has:
 * LEGACY_DEVICES (bit 0) and 8042 (bit 1). */
#define IAPC_BOOT_ARCH_PCAT 0x0003

struct acpi_info {
	uint64_t sdt;                 /* XSDT or RSDT address */
	bool xsdt;
	uint64_t lapic;               /* MADT local APIC address (after any override) */
	uint32_t cpu_count;           /* enabled local APIC / x2APIC entries */
	uint32_t apic_ids[ACPI_MAX_CPUS];
	uint32_t ioapic_count;
	struct bootinfo_ioapic ioapic[BOOTINFO_MAX_IOAPIC];
	uint32_t iso_count;
	struct bootinfo_intsource iso[BOOTINFO_MAX_INTSOURCE];
	uint64_t hpet;                /* 0 when there is no HPET table */
	uint16_t hpet_min_tick;
	uint32_t mcfg_count;
	struct bootinfo_pcie mcfg[BOOTINFO_MAX_PCIE];
	bool have_fadt;
	uint16_t iapc_boot_arch;      /* the FADT's, or IAPC_BOOT_ARCH_PCAT when it predates them */
	uint32_t tables_rejected;     /* tables skipped for a bad checksum or length */
};

/* Scans the EBDA's first KiB and 0xE0000-0xFFFFF (ACPI 6.4 5.2.5.1); 0 if none. */
uint64_t acpi_find_rsdp_bios(void);
/* Reads MADT, HPET, MCFG and FADT through the RSDP at rsdp. Tables with a bad checksum
 * or length are skipped and counted. Returns 0, or -EINVAL when the RSDP or the
 * RSDT/XSDT itself is invalid (out is then zeroed). */
int acpi_parse(uint64_t rsdp, struct acpi_info *out);

#endif
