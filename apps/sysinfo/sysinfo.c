// SPDX-License-Identifier: BSD-2-Clause
/* sysinfo.c - what the machine is, as a program sees it: the cores (SMP_NUMCORES and
 * the APIC IDs of the loader's information table at 0x5000, include/bootinfo.h), RAM
 * (the table's RAMAMOUNT and installed RAM, FREE_MEMORY), drives (NVS_INFO), NICs
 * (NET_STATUS), the framebuffer (SCREEN_*) and the boot times (the loader's TSC stamps
 * T0/T1 at 0x5050/0x5058 over the TSC frequency at 0x5010). */
#include <stdio.h>
#include "baremetal.h"
#include "bootinfo.h"

#define INFO ((const volatile struct bootinfo *)0x5000)
#define MAX_DRIVES 64
#define MAX_NICS   16

static struct b_nvs_info nvs;   /* NVS_INFO writes only into program memory */

static void cores(void)
{
	/* our loader lists the cores that started, BSP first; Pure64 every core the MADT enables */
	unsigned listed = INFO->cores_detected > INFO->cores_active ? INFO->cores_detected : INFO->cores_active;

	if (listed > BOOTINFO_MAX_CPUS)
		listed = BOOTINFO_MAX_CPUS;
	printf("cores: %lu running (SMP_NUMCORES), %u started, %u in the MADT; "
	       "this program on APIC ID %lu, BSP APIC ID %u\n",
	       b_system(SMP_NUMCORES, 0, 0), INFO->cores_active, INFO->cores_detected,
	       b_system(SMP_ID, 0, 0), (unsigned)INFO->bsp_apic_id);
	printf("cores: APIC IDs");
	for (unsigned i = 0; i < listed; i++)
		printf(" %u", (unsigned)INFO->apic_ids[i]);
	printf("\ncpu: TSC %u MHz (the loader's measurement, 0x5010)\n", INFO->cpu_speed_mhz);
}

static void ram(void)
{
	printf("ram: %u MiB installed, %u MiB usable (RAMAMOUNT), %lu MiB free for the program "
	       "(FREE_MEMORY)\n", (unsigned)INFO->ram_total_mib, (unsigned)INFO->ram_mib,
	       b_system(FREE_MEMORY, 0, 0));
}

static void drives(void)
{
	uint64_t d, sectors;

	for (d = 0; d < MAX_DRIVES && (sectors = b_system(NVS_INFO, d, (uint64_t)&nvs)); d++) {
		int len = 0;   /* the model as the device reports it: padded with spaces, maybe no NUL */
		for (int i = 0; i < (int)sizeof(nvs.model) && nvs.model[i]; i++)
			if (nvs.model[i] != ' ')
				len = i + 1;
		printf("drive %lu: %.*s \"%.*s\" %lu sectors of 4096 bytes (%lu MiB)\n", d,
		       (int)sizeof(nvs.type), nvs.type, len, nvs.model, sectors, sectors >> 8);
	}
	if (!d)
		printf("drives: none\n");
}

static void nics(void)
{
	uint64_t i, mac;

	for (i = 0; i < MAX_NICS && (mac = b_system(NET_STATUS, 0, i)); i++)   /* first octet in 47:40 */
		printf("nic %lu: MAC %02lx:%02lx:%02lx:%02lx:%02lx:%02lx\n", i, mac >> 40 & 0xFF,
		       mac >> 32 & 0xFF, mac >> 24 & 0xFF, mac >> 16 & 0xFF, mac >> 8 & 0xFF, mac & 0xFF);
	if (!i)
		printf("nics: none\n");
}

static void screen(void)
{
	uint64_t lfb = b_system(SCREEN_LFB_GET, 0, 0);

	if (!lfb)
		printf("screen: no framebuffer\n");
	else
		printf("screen: %lux%lu %lu bpp, %lu pixels a line, at 0x%lx\n", b_system(SCREEN_X_GET, 0, 0),
		       b_system(SCREEN_Y_GET, 0, 0), b_system(SCREEN_BPP_GET, 0, 0),
		       b_system(SCREEN_PPSL_GET, 0, 0), lfb);
}

static void boot_times(void)
{
	uint64_t mhz = INFO->cpu_speed_mhz, t0 = INFO->tsc_loader_start, t1 = INFO->tsc_loader_end;
	uint64_t now = b_system(TSC, 0, 0);
	uint64_t hz = b_system(TIMECOUNTER_HZ, 0, 0), tc = b_system(TIMECOUNTER, 0, 0);

	printf("boot: by %s", INFO->flag_bootmode == BOOTMODE_UEFI ? "UEFI" : "BIOS");
	if (mhz && t1 > t0)   /* as the kernel's boot report computes its loader= */
		printf(", loader %lu us (T1-T0, TSC at 0x5058 and 0x5050, over the MHz at 0x5010), "
		       "%lu us since the kernel's start (TSC now - T1)\n", (t1 - t0) / mhz, (now - t1) / mhz);
	else
		printf(", loader times not recorded (T0/T1 at 0x5050/0x5058 are 0)\n");
	printf("boot: TIMECOUNTER %lu us since the kernel started the HPET (%lu Hz)\n",
	       hz ? tc / hz * 1000000 + tc % hz * 1000000 / hz : 0, hz);
}

int main(void)
{
	printf("sysinfo: BareMetal-C\n");
	cores();
	ram();
	drives();
	nics();
	screen();
	boot_times();
	printf("sysinfo: done\n");
	return 0;
}
