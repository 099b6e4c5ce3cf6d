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
/* The RAM the boot report shows: usable bytes rounded up to a whole MiB (the firmware's
 * own pieces of RAM below 1 MiB and at the top of low memory add up to less). */
uint32_t memmap_ram_mib(const struct memmap_entry *m, int n);
/* Highest end address of any usable record. */
uint64_t memmap_top(const struct memmap_entry *m, int n);

#endif
