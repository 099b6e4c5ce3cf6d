// SPDX-License-Identifier: BSD-2-Clause
/* handoff.c - reads back what the loader handed over: Pure64's information table at
 * 0x5000 and the memory map at 0x6000, as BareMetal's kernel reads them. The checks that
 * need nothing but the table run here; the "# key=value" lines let the host compare the
 * rest with QEMU's configuration and recompute RAMAMOUNT from the map
 * (tests/system/test_handoff.py). */
#include "baremetal.h"
#include "bootinfo.h"
#include "../tap.h"

#define INFO    ((const volatile struct bootinfo *)0x5000)
#define MEMMAP  ((const volatile struct memmap_entry *)0x6000)
#define MAP_MAX 127

static void diag_i(const char *key, uint64_t i, uint64_t v)
{
	tap_puts("# ");
	tap_puts(key);
	tap_putu(i);
	tap_puts("=");
	tap_putu(v);
	tap_puts("\n");
}

int main(void)
{
	const volatile struct bootinfo *bi = INFO;
	uint64_t bsp = b_system(SMP_ID, 0, 0);
	uint32_t n = bi->cores_detected;

	tap_puts("TAP version 13\n");
	tap_diag("bsp", bsp);
	tap_diag("bsp_id", bi->bsp_apic_id);
	tap_diag("cores_active", bi->cores_active);
	tap_diag("cores_detected", n);
	tap_diag("numcores", b_system(SMP_NUMCORES, 0, 0));
	tap_diag("ramamount", bi->ram_mib);
	tap_diag("ram_total", bi->ram_total_mib);
	tap_diag("iapc_boot_arch", bi->iapc_boot_arch);
	tap_diag("program_mem_mib", bi->program_mem >> 20);
	tap_diag("free_mib", b_system(FREE_MEMORY, 0, 0));
	tap_diag("app_size", bi->app_size);
	tap_diag("bootmode", bi->flag_bootmode);

	/* T0/T1 (0x5050, 0x5058): RDTSC at the loader's start and just before the jump */
	uint64_t t0 = bi->tsc_loader_start, t1 = bi->tsc_loader_end, now;
	__asm__ volatile("rdtsc; shl $32, %%rdx; or %%rdx, %%rax" : "=a"(now) : : "rdx");
	tap_ok(t0 != 0 && t1 > t0 && now > t1, "T0 < T1 < now");

	/* APIC_ID (0x5100): 32-bit IDs, CORES_DETECT of them; the BSP among them */
	int bsp_listed = 0, small = 1, distinct = 1;
	for (uint32_t i = 0; i < n && i < BOOTINFO_MAX_CPUS; i++) {
		uint32_t id = bi->apic_ids[i];
		diag_i("apic", i, id);
		small &= id < 255;
		bsp_listed |= id == bsp;
		for (uint32_t j = 0; j < i; j++)
			distinct &= bi->apic_ids[j] != id;
	}
	tap_ok(n >= 1 && small && distinct, "APIC_ID: distinct xAPIC IDs, one per 32 bits");
	tap_ok(bsp_listed && bi->bsp_apic_id == bsp, "the BSP is CPU_BSP_ID and in APIC_ID");

	/* The memory map, E820 records of 32 bytes up to a blank one */
	uint32_t m = 0;
	for (; m < MAP_MAX && MEMMAP[m].type; m++) {
		diag_i("map_base", m, MEMMAP[m].base);
		diag_i("map_len", m, MEMMAP[m].length);
		diag_i("map_type", m, MEMMAP[m].type);
	}
	tap_diag("map_records", m);
	tap_ok(m > 0 && m < MAP_MAX, "a zero-terminated memory map at 0x6000");

	/* The kernel copied this program to 0x1E0000 from right after its image */
	tap_ok(bi->app_size == 65536, "the program was found after the kernel and copied");
	tap_exit();
}
