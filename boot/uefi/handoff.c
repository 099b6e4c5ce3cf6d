// SPDX-License-Identifier: BSD-2-Clause
/* handoff.c - UEFI memory map to E820, and the ExitBootServices retry loop. Pure code:
 * tests/unit/test_uefi.c drives it with synthetic maps and failing firmware. */
#include "boot/uefi/handoff.h"

uint32_t efi_type_to_e820(uint32_t t)
{
	switch (t) {
	case EFI_LOADER_CODE:
	case EFI_LOADER_DATA:
	case EFI_BOOT_CODE:
	case EFI_BOOT_DATA:
	case EFI_CONVENTIONAL:
	case EFI_PERSISTENT:
		return MEMMAP_USABLE;
	case EFI_ACPI_RECLAIM:
		return MEMMAP_ACPI;
	case EFI_ACPI_NVS:
		return MEMMAP_NVS;
	case EFI_UNUSABLE:
		return MEMMAP_BAD;
	default:
		return MEMMAP_RESERVED;
	}
}

int efi_memmap_to_e820(const void *map, size_t map_size, size_t desc_size,
		       struct memmap_entry *out, int max, uint64_t *runtime_bytes)
{
	int n = 0;

	if (desc_size < sizeof(struct efi_memory_descriptor))
		return -1;
	for (size_t off = 0; off + desc_size <= map_size; off += desc_size) {
		const struct efi_memory_descriptor *d =
			(const struct efi_memory_descriptor *)((const uint8_t *)map + off);
		if (d->type == EFI_MMIO || d->type == EFI_MMIO_PORT || !d->pages)
			continue;
		uint32_t type = efi_type_to_e820(d->type);
		uint64_t len = d->pages << 12;
		if (d->type == EFI_RUNTIME_CODE || d->type == EFI_RUNTIME_DATA)
			*runtime_bytes += len;
		if (n && out[n - 1].type == type && out[n - 1].base + out[n - 1].length == d->physical_start) {
			out[n - 1].length += len;
			continue;
		}
		if (n == max)
			continue;     /* full: keep counting runtime memory */
		out[n].base = d->physical_start;
		out[n].length = len;
		out[n].type = type;
		out[n].acpi_attr = 1;
		out[n].reserved = 0;
		n++;
	}
	return n;
}

int efi_exit_boot_services_retry(int (*get_map)(void *ctx, uint64_t *key),
				 int (*exit_bs)(void *ctx, uint64_t key), void *ctx, int max_tries)
{
	for (int i = 0; i < max_tries; i++) {
		uint64_t key;
		if (get_map(ctx, &key) != 0)
			return -1;
		int r = exit_bs(ctx, key);
		if (r == 0)
			return 0;
		if (r != EFI_HANDOFF_STALE_KEY)
			return -2;
	}
	return -3;
}

const char *efi_payload_check(const void *p, size_t size)
{
	const uint8_t *b = p;

	if (!p || size < PAYLOAD_SLOT + 16)
		return "the payload file is too short to hold the loader and kernel";
	uint32_t magic = b[4] | b[5] << 8 | b[6] << 16 | (uint32_t)b[7] << 24;
	uint32_t ksize = b[8] | b[9] << 8 | b[10] << 16 | (uint32_t)b[11] << 24;
	uint32_t asize = b[12] | b[13] << 8 | b[14] << 16 | (uint32_t)b[15] << 24;
	if (magic != 0x4C434D42u)
		return "the payload file has no BareMetal-C loader header";
	if (ksize == 0 || ksize > PAYLOAD_SLOT || size < PAYLOAD_SLOT + (size_t)ksize)
		return "the payload file's kernel is missing or truncated";
	if (asize > 2 * PAYLOAD_SLOT || (asize && size < 2 * PAYLOAD_SLOT + (size_t)asize))
		return "the payload file's program is over 64 KiB or truncated";
	uint64_t psize = 0;   /* a program for program memory (boot/stage/layout.h, 0x20) */
	for (int i = 7; i >= 0; i--)
		psize = psize << 8 | b[0x20 + i];
	if (psize && (asize || size - 2 * PAYLOAD_SLOT < psize || size < 2 * PAYLOAD_SLOT))
		return "the payload file's program is truncated, or there are two";
	return 0;
}

int gop_pick_mode(const struct gop_mode *modes, int n)
{
	int best = -1;
	uint64_t best_area = 0;

	for (int i = 0; i < n; i++) {
		const struct gop_mode *m = &modes[i];
		uint64_t area = (uint64_t)m->width * m->height;
		if (m->format > 1 || m->width > 1920 || m->height > 1080 || area <= best_area)
			continue;
		best = i;
		best_area = area;
	}
	return best;
}
