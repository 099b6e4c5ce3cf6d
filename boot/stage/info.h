/* SPDX-License-Identifier: BSD-2-Clause */
/* info.h - filling Pure64's information table (include/bootinfo.h) from what the stage
 * found. Pure code: the host tests check it against Pure64's docs/README.md. */
#ifndef STAGE_INFO_H
#define STAGE_INFO_H

#include <stdbool.h>
#include <stdint.h>
#include "include/bootinfo.h"
#include "boot/stage/acpi.h"

/* What the stage measured; stage.c reads the hardware, info_fill only arranges it. */
struct info_in {
	const struct acpi_info *acpi;
	const struct memmap_entry *map;    /* the sanitized map (also at 0x6000) */
	int nmap;
	uint64_t firmware_ram;             /* UEFI runtime services RAM the map calls reserved */
	uint64_t tsc_hz, tsc_start, lapic;
	const uint32_t *active;            /* APIC IDs of the cores that started, BSP first */
	uint32_t ncores;
	uint32_t cpuid_max_std, cpuid_max_ext;
	uint8_t phys_bits, virt_bits;
	bool gb_pages, x2apic;
	uint32_t hpet_hz;
	uint8_t hpet_counters;
	uint64_t fb_base;
	uint16_t fb_x, fb_y, fb_ppsl, fb_bpp;
	uint8_t boot_mode;
	uint32_t kernel_size;
	uint64_t program_bytes, identity_end;
	uint64_t program_entry, program_size;   /* the program placed at PROGRAM_VIRT, 0 if none */
	/* Only what Pure64 writes, as it writes it: its APIC ID list (every core the MADT
	 * enables), no BareMetal-C addition. The test loader (LOADER_PURE64). */
	bool pure64;
};

/* RAMAMOUNT as Pure64 counts it (src/pure64.asm, BIOS path): the whole MiB of each usable
 * record, less 2 MiB for its CPU stacks, rounded down to even. */
uint32_t info_ramamount(const struct memmap_entry *m, int n);

/* Writes the whole 2 KiB table at bi; the T1 field is the caller's, just before the jump. */
void info_fill(struct bootinfo *bi, const struct info_in *in);

#endif
