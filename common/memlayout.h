/* SPDX-License-Identifier: BSD-2-Clause */
/* memlayout.h - every fixed physical address of the system, loader and kernel alike.
 * Below 1 MiB it follows Pure64's map (ReturnInfinity/Pure64 docs/README.md). */
#ifndef MEMLAYOUT_H
#define MEMLAYOUT_H

#define IDT_ADDR          0x0000ULL   /* 256 16-byte gates */
#define GDT_ADDR          0x1000ULL
#define PML4_ADDR         0x2000ULL
#define PDPT_LOW_ADDR     0x3000ULL   /* identity map */
#define PDPT_HIGH_ADDR    0x4000ULL   /* program memory at PROGRAM_VIRT */
#define INFO_ADDR         0x5000ULL   /* struct bootinfo, 2 KiB */
#define LOADER_VARS_ADDR  0x5800ULL   /* loader scratch: boot/bios/layout.inc */
#define MEMMAP_ADDR       0x6000ULL   /* E820-style map, 32-byte records, zero-terminated */
#define MEMMAP_MAX        127
#define AP_TRAMPOLINE     0x7000ULL   /* SIPI vector 0x07 */
#define LOADER_ADDR       0x8000ULL   /* loader image, up to 32 KiB */
#define LOADER_MAX        0x8000ULL
#define PAYLOAD_KERNEL    0x10000ULL  /* BIOS: kernel as loaded from disk */
#define PAYLOAD_APP       0x18000ULL  /* BIOS: app as loaded from disk */
#define PT_POOL_ADDR      0x10000ULL  /* page directories, after the payload moved */
#define PT_POOL_END       0x60000ULL
#define AP_BOOT_STACKS    0x60000ULL  /* 256 bytes per AP while parked by the loader */
#define BOOT_PT_ADDR      0x70000ULL  /* BIOS bootstrap tables (first 1 GiB) */
#define LOADER_STACK_TOP  0x80000ULL
#define VGA_PLANES_ADDR   0xA0000ULL  /* VGA memory window while loading the font */
#define VGA_TEXT_ADDR     0xB8000ULL  /* VGA text mode: 80x25 (char, attribute) */

#define KERNEL_ADDR       0x100000ULL
#define KERNEL_MAX        32768ULL
#define API_TABLE_ADDR    0x100010ULL
#define APP_ADDR          0x1E0000ULL /* BareMetal's payload address */
#define APP_MAX           65536ULL
#define KERNEL_BOOT_STACK 0x204000ULL /* the BSP's stack until its own is ready */
#define KERNEL_PT_POOL    0x204000ULL /* page tables the kernel adds (guard pages) */
#define KERNEL_PT_POOL_END 0x220000ULL
#define KERNEL_DMA_START  0x220000ULL /* DMA rings and bounce buffers (kernel/kmem.c) */
#define KERNEL_DMA_END    0x400000ULL
#define KERNEL_MEM_END    0x400000ULL /* the kernel owns RAM below this */

#define PROGRAM_VIRT      0xFFFF800000000000ULL
/* Each core's slot at the top of program memory, low to high: guard page, exception
 * stack, guard page, stack (kernel/vm.c). The loader checks that they fit. */
#define CORE_GUARD        0x1000ULL
#define CORE_IST_SIZE     0x2000ULL
#define CORE_STACK_SIZE   0x10000ULL
#define CORE_SLOT_SIZE    (2 * CORE_GUARD + CORE_IST_SIZE + CORE_STACK_SIZE)

#endif
