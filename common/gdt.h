/* SPDX-License-Identifier: BSD-2-Clause */
/* gdt.h - the long-mode segment descriptors the loader and the kernel install (Intel SDM
 * vol. 3, 3.4.5 and 5.2.1; the TSS descriptor, 7.2.3): null, 64-bit code at selector
 * 0x08, data at 0x10, and in the kernel one 16-byte TSS descriptor per core from 0x18. */
#ifndef GDT_H
#define GDT_H

#include <stdint.h>

#define GDT_SEL_CODE   0x08
#define GDT_SEL_DATA   0x10
#define GDT_SEL_TSS0   0x18                   /* core n's TSS: GDT_SEL_TSS0 + 16 n */

#define GDT_CODE64     0x00209A0000000000ULL  /* present, DPL 0, execute/read, L (64-bit) */
#define GDT_DATA       0x0000920000000000ULL  /* present, DPL 0, read/write */

#define GDT_TYPE_SHIFT 40
#define GDT_TYPE_MASK  (0xFULL << GDT_TYPE_SHIFT)
#define GDT_TYPE_TSS   0x9ULL                 /* 64-bit TSS, available (ltr sets busy, 0xB) */
#define GDT_PRESENT    (1ULL << 47)

/* The low 8 bytes of a TSS descriptor for base and limit; the high 8 hold base >> 32. */
static inline uint64_t gdt_tss_low(uint64_t base, uint64_t limit)
{
	return (limit & 0xFFFF) | (base & 0xFFFFFF) << 16 | GDT_PRESENT |
	       GDT_TYPE_TSS << GDT_TYPE_SHIFT | ((limit >> 16) & 0xF) << 48 | ((base >> 24) & 0xFF) << 56;
}

#endif
