/* SPDX-License-Identifier: BSD-2-Clause */
/* handoff.h - the pure parts of the UEFI front end, free of GNU-EFI types so the host
 * tests can build them: memory map conversion and the ExitBootServices retry. */
#ifndef UEFI_HANDOFF_H
#define UEFI_HANDOFF_H

#include <stddef.h>
#include <stdint.h>
#include "include/bootinfo.h"

/* EFI_MEMORY_DESCRIPTOR (UEFI 2.9, 7.2.3). The firmware's stride (DescriptorSize) may be
 * larger than this structure; always walk the map with it. */
struct efi_memory_descriptor {
	uint32_t type;
	uint32_t pad;
	uint64_t physical_start;
	uint64_t virtual_start;
	uint64_t pages;
	uint64_t attribute;
};
_Static_assert(sizeof(struct efi_memory_descriptor) == 40, "EFI memory descriptor");

/* EFI_MEMORY_TYPE values */
enum {
	EFI_RESERVED, EFI_LOADER_CODE, EFI_LOADER_DATA, EFI_BOOT_CODE, EFI_BOOT_DATA,
	EFI_RUNTIME_CODE, EFI_RUNTIME_DATA, EFI_CONVENTIONAL, EFI_UNUSABLE, EFI_ACPI_RECLAIM,
	EFI_ACPI_NVS, EFI_MMIO, EFI_MMIO_PORT, EFI_PAL_CODE, EFI_PERSISTENT,
};

/* E820 type of a UEFI memory type once boot services have exited: loader and boot
 * services memory is free RAM again; runtime services memory stays reserved. */
uint32_t efi_type_to_e820(uint32_t efi_type);

/* Converts a UEFI memory map to E820 records, merging neighbours of one type; skips
 * MMIO. Adds the bytes of runtime services memory (RAM the map now calls reserved) to
 * *runtime_bytes. Returns the number written (at most max), or -1 for a bad
 * descriptor size. */
int efi_memmap_to_e820(const void *map, size_t map_size, size_t desc_size,
		       struct memmap_entry *out, int max, uint64_t *runtime_bytes);

/* ExitBootServices with a fresh map key on each try (UEFI 2.9, 7.4: EFI_INVALID_PARAMETER
 * means the map changed since GetMemoryMap). get_map returns 0 and the key, or a
 * negative value; exit_bs returns 0 on success, EFI_HANDOFF_STALE_KEY when the key was
 * stale, any other value for a hard failure. Returns 0 once boot services have exited,
 * or a negative value after max_tries or a hard failure. */
#define EFI_HANDOFF_STALE_KEY 1
int efi_exit_boot_services_retry(int (*get_map)(void *ctx, uint64_t *key),
				 int (*exit_bs)(void *ctx, uint64_t key), void *ctx, int max_tries);


/* The payload file (same layout as the BIOS image's payload: loader in a 32 KiB slot,
 * kernel in a 32 KiB slot, then the program). NULL when usable, else why not. */
#define PAYLOAD_SLOT 32768u
const char *efi_payload_check(const void *p, size_t size);

/* A GOP mode as QueryMode describes it; format 0 (RGBX) and 1 (BGRX) are 32 bpp. */
struct gop_mode {
	uint32_t width, height, format;
};
/* The largest mode up to 1920x1080 with 32 bits per pixel; -1 when none qualifies. */
int gop_pick_mode(const struct gop_mode *modes, int n);

#endif
