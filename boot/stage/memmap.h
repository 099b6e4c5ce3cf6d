/* SPDX-License-Identifier: BSD-2-Clause */
/* memmap.h - firmware memory maps made sane, and what the loader derives from them. */
#ifndef MEMMAP_H
#define MEMMAP_H

#include <stdint.h>
#include "include/bootinfo.h"

/* Sorts, drops empty records, resolves overlaps (the more restrictive type wins:
 * anything beats usable, then the higher type number; undefined type 0 reads as reserved)
 * and merges neighbours of one type.
 * Writes at most max records to out; returns how many. */
int memmap_sanitize(const struct memmap_entry *in, int n, struct memmap_entry *out, int max);
/* Usable bytes in a sanitized map. */
uint64_t memmap_usable_bytes(const struct memmap_entry *m, int n);
/* Bytes of [base, end) that no usable record of a sanitized map covers. */
uint64_t memmap_missing(const struct memmap_entry *m, int n, uint64_t base, uint64_t end);
/* The RAM the boot report shows: the map's RAM (usable, ACPI reclaimable and ACPI NVS
 * records) plus firmware_ram (RAM the map shows as reserved: UEFI runtime services
 * memory), rounded up to a whole MiB. What a firmware keeps beyond that (the EBDA, the
 * 384 KiB legacy hole below 1 MiB) is less than 1 MiB, so this is the RAM installed. */
uint32_t memmap_ram_mib(const struct memmap_entry *m, int n, uint64_t firmware_ram);
/* Highest end address of any usable record. */
uint64_t memmap_top(const struct memmap_entry *m, int n);

#endif
