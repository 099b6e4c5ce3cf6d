/* SPDX-License-Identifier: BSD-2-Clause */
/* bootinfo.h - the loader -> kernel information table at 0x5000 and the memory map at
 * 0x6000, laid out exactly as Pure64 does (ReturnInfinity/Pure64 docs/README.md and
 * src/pure64.asm, src/init/acpi.asm, src/init/smp.asm). Shared by the loader, the kernel
 * and the host tests. Fields marked "addition" are BareMetal-C's, in space Pure64 leaves
 * for future use: another Pure64 leaves them zero and kernel/handoff.c derives them. */
#ifndef BOOTINFO_H
#define BOOTINFO_H

#include <stddef.h>
#include <stdint.h>

#define BOOTINFO_MAX_CPUS      192   /* 32-bit IDs in 0x5100-0x53FF */
#define BOOTINFO_MAX_PCIE      32
#define BOOTINFO_MAX_IOAPIC    16
#define BOOTINFO_MAX_INTSOURCE 32

#define BOOTMODE_BIOS 'B'
#define BOOTMODE_UEFI 'U'

struct bootinfo_pcie {           /* one MCFG allocation */
	uint64_t base;           /* ECAM base */
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;
	uint32_t reserved;
} __attribute__((packed));

struct bootinfo_ioapic {
	uint32_t id;
	uint32_t address;
	uint32_t gsi_base;
	uint32_t reserved;
} __attribute__((packed));

struct bootinfo_intsource {      /* MADT interrupt source override */
	uint8_t bus;
	uint8_t source;
	uint32_t gsi;
	uint16_t flags;          /* MPS INTI: polarity bits 0-1, trigger bits 2-3 */
} __attribute__((packed));

struct bootinfo {
	uint64_t acpi;                     /* 0x000 RSDP address */
	uint32_t bsp_apic_id;              /* 0x008 */
	uint32_t reserved0;
	uint16_t cpu_speed_mhz;            /* 0x010 TSC frequency */
	uint16_t cores_active;             /* 0x012 BSP + APs that came up */
	uint16_t cores_detected;           /* 0x014 enabled entries in the MADT */
	uint8_t phys_bits;                 /* 0x016 */
	uint8_t virt_bits;                 /* 0x017 */
	uint32_t cpuid_max_std;            /* 0x018 */
	uint32_t cpuid_max_ext;            /* 0x01C */
	uint32_t ram_mib;                  /* 0x020 RAMAMOUNT: Pure64's usable MiB (see README) */
	uint8_t reserved1[12];
	uint8_t ioapic_count;              /* 0x030 */
	uint8_t intsource_count;           /* 0x031 */
	uint8_t reserved2[14];
	uint64_t hpet_base;                /* 0x040 */
	uint32_t hpet_freq;                /* 0x048 Hz */
	uint16_t hpet_counter_min;         /* 0x04C */
	uint8_t hpet_counters;             /* 0x04E comparators */
	uint8_t reserved3;
	uint64_t tsc_loader_start;         /* 0x050 T0: RDTSC when the loader began */
	uint64_t tsc_loader_end;           /* 0x058 T1: RDTSC just before the kernel jump */
	uint64_t lapic;                    /* 0x060 local APIC base */
	uint8_t reserved4[24];
	uint64_t video_base;               /* 0x080 linear framebuffer, 0 if none */
	uint16_t video_x;                  /* 0x088 */
	uint16_t video_y;                  /* 0x08A */
	uint16_t video_ppsl;               /* 0x08C pixels per scan line */
	uint16_t video_bpp;                /* 0x08E */
	uint16_t pcie_count;               /* 0x090 MCFG entries */
	uint16_t iapc_boot_arch;           /* 0x092 FADT flags */
	uint8_t reserved5[12];
	uint32_t ram_total_mib;            /* 0x0A0 addition: installed RAM, the boot report's ram= */
	uint8_t reserved6[12];
	uint32_t app_size;                 /* 0x0B0 addition: bytes of program at APP_ADDR, 0 if none */
	uint32_t kernel_size;              /* 0x0B4 addition: bytes of kernel.sys */
	uint64_t program_mem;              /* 0x0B8 addition: bytes mapped at PROGRAM_VIRT */
	uint64_t identity_end;             /* 0x0C0 addition: [0, identity_end) is mapped 1:1 */
	uint64_t program_entry;            /* 0x0C8 addition: entry of a program in program memory, 0 if none */
	uint64_t program_size;             /* 0x0D0 addition: bytes of program memory it takes, .bss included, 4 KiB multiple */
	uint8_t reserved7[8];
	uint8_t flag_1gb_pages;            /* 0x0E0 */
	uint8_t flag_x2apic;               /* 0x0E1 */
	uint8_t flag_bootmode;             /* 0x0E2 addition: 'U' for UEFI, 'B' for BIOS */
	uint8_t reserved8[29];
	/* 0x100 APIC_ID: 32-bit IDs. Our loader lists the cores that started, BSP first;
	 * Pure64 lists every core the MADT enables (CORES_DETECT of them). */
	uint32_t apic_ids[BOOTINFO_MAX_CPUS];
	struct bootinfo_pcie pcie[BOOTINFO_MAX_PCIE];        /* 0x400 */
	struct bootinfo_ioapic ioapic[BOOTINFO_MAX_IOAPIC];  /* 0x600 */
	struct bootinfo_intsource intsource[BOOTINFO_MAX_INTSOURCE]; /* 0x700 */
} __attribute__((packed));

_Static_assert(sizeof(struct bootinfo_pcie) == 16, "pcie entry");
_Static_assert(sizeof(struct bootinfo_ioapic) == 16, "ioapic entry");
_Static_assert(sizeof(struct bootinfo_intsource) == 8, "intsource entry");
_Static_assert(offsetof(struct bootinfo, acpi) == 0x000, "ACPI");
_Static_assert(offsetof(struct bootinfo, bsp_apic_id) == 0x008, "BSP_ID");
_Static_assert(offsetof(struct bootinfo, cpu_speed_mhz) == 0x010, "CPU_SPEED");
_Static_assert(offsetof(struct bootinfo, cores_active) == 0x012, "CORES_ACTIVE");
_Static_assert(offsetof(struct bootinfo, cores_detected) == 0x014, "CORES_DETECT");
_Static_assert(offsetof(struct bootinfo, phys_bits) == 0x016, "MEM_PHYSICAL");
_Static_assert(offsetof(struct bootinfo, virt_bits) == 0x017, "MEM_VIRTUAL");
_Static_assert(offsetof(struct bootinfo, cpuid_max_std) == 0x018, "ID_MAX_STANDARD");
_Static_assert(offsetof(struct bootinfo, cpuid_max_ext) == 0x01C, "ID_MAX_EXTENDED");
_Static_assert(offsetof(struct bootinfo, ram_mib) == 0x020, "RAMAMOUNT");
_Static_assert(offsetof(struct bootinfo, ioapic_count) == 0x030, "IOAPIC_COUNT");
_Static_assert(offsetof(struct bootinfo, intsource_count) == 0x031, "INTSOURCE_COUNT");
_Static_assert(offsetof(struct bootinfo, hpet_base) == 0x040, "HPET");
_Static_assert(offsetof(struct bootinfo, hpet_freq) == 0x048, "HPET freq");
_Static_assert(offsetof(struct bootinfo, hpet_counter_min) == 0x04C, "HPET min");
_Static_assert(offsetof(struct bootinfo, hpet_counters) == 0x04E, "HPET counters");
_Static_assert(offsetof(struct bootinfo, tsc_loader_start) == 0x050, "T0");
_Static_assert(offsetof(struct bootinfo, tsc_loader_end) == 0x058, "T1");
_Static_assert(offsetof(struct bootinfo, lapic) == 0x060, "LAPIC");
_Static_assert(offsetof(struct bootinfo, video_base) == 0x080, "VIDEO_BASE");
_Static_assert(offsetof(struct bootinfo, video_x) == 0x088, "VIDEO_X");
_Static_assert(offsetof(struct bootinfo, video_y) == 0x08A, "VIDEO_Y");
_Static_assert(offsetof(struct bootinfo, video_ppsl) == 0x08C, "VIDEO_PPSL");
_Static_assert(offsetof(struct bootinfo, video_bpp) == 0x08E, "VIDEO_BPP");
_Static_assert(offsetof(struct bootinfo, pcie_count) == 0x090, "PCIE_COUNT");
_Static_assert(offsetof(struct bootinfo, iapc_boot_arch) == 0x092, "IAPC_BOOT_ARCH");
_Static_assert(offsetof(struct bootinfo, ram_total_mib) == 0x0A0, "installed RAM");
_Static_assert(offsetof(struct bootinfo, app_size) == 0x0B0, "app size");
_Static_assert(offsetof(struct bootinfo, program_mem) == 0x0B8, "program memory");
_Static_assert(offsetof(struct bootinfo, identity_end) == 0x0C0, "identity end");
_Static_assert(offsetof(struct bootinfo, flag_1gb_pages) == 0x0E0, "FLAG_1GBPAGE");
_Static_assert(offsetof(struct bootinfo, flag_x2apic) == 0x0E1, "FLAG_X2APIC");
_Static_assert(offsetof(struct bootinfo, flag_bootmode) == 0x0E2, "FLAG_BOOTMODE");
_Static_assert(offsetof(struct bootinfo, apic_ids) == 0x100, "APIC_ID");
_Static_assert(offsetof(struct bootinfo, pcie) == 0x400, "PCIE");
_Static_assert(offsetof(struct bootinfo, ioapic) == 0x600, "IOAPIC");
_Static_assert(offsetof(struct bootinfo, intsource) == 0x700, "IOAPIC_INTSOURCE");
_Static_assert(sizeof(struct bootinfo) == 0x800, "the table is 2048 bytes");

/* One record of the memory map at 0x6000 (BIOS E820 layout, 32-byte stride). */
struct memmap_entry {
	uint64_t base;
	uint64_t length;
	uint32_t type;           /* MEMMAP_* */
	uint32_t acpi_attr;
	uint64_t reserved;
} __attribute__((packed));
_Static_assert(sizeof(struct memmap_entry) == 32, "memory map record");

#define MEMMAP_USABLE   1
#define MEMMAP_RESERVED 2
#define MEMMAP_ACPI     3   /* ACPI reclaimable */
#define MEMMAP_NVS      4
#define MEMMAP_BAD      5

#endif
