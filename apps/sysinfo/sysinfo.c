// SPDX-License-Identifier: BSD-2-Clause
/* sysinfo.c - what the machine is, as a program sees it: the cores (SMP_NUMCORES and
 * the APIC IDs of the loader's information table at 0x5000, include/bootinfo.h), RAM
 * (the table's RAMAMOUNT and installed RAM, FREE_MEMORY), drives (NVS_INFO), NICs
 * (NET_STATUS), the framebuffer (SCREEN_*) and the boot times (the loader's TSC stamps
 * T0/T1 at 0x5050/0x5058 over the TSC frequency at 0x5010). Only the API, no C library. */
#include "baremetal.h"
#include "bootinfo.h"
#include "../common/line.h"

#define INFO ((const volatile struct bootinfo *)0x5000)
#define MAX_DRIVES 64
#define MAX_NICS   16

static struct b_nvs_info nvs;   /* NVS_INFO writes only into program memory */

static void cores(void)
{
	struct line l = { 0 };
	uint64_t n = b_system(SMP_NUMCORES, 0, 0);
	uint32_t listed = INFO->cores_detected > INFO->cores_active ? INFO->cores_detected : INFO->cores_active;

	if (listed > BOOTINFO_MAX_CPUS)
		listed = BOOTINFO_MAX_CPUS;
	ln_s(&l, "cores: ");
	ln_u(&l, n);
	ln_s(&l, " running (SMP_NUMCORES), ");
	ln_u(&l, INFO->cores_active);
	ln_s(&l, " started, ");
	ln_u(&l, INFO->cores_detected);
	ln_s(&l, " in the MADT; this program on APIC ID ");
	ln_u(&l, b_system(SMP_ID, 0, 0));
	ln_s(&l, ", BSP APIC ID ");
	ln_u(&l, INFO->bsp_apic_id);
	ln_out(&l);
	/* our loader lists the cores that started, BSP first; Pure64 every core the MADT enables */
	ln_s(&l, "cores: APIC IDs");
	for (uint32_t i = 0; i < listed; i++) {
		ln_s(&l, " ");
		ln_u(&l, INFO->apic_ids[i]);
	}
	ln_out(&l);
	ln_s(&l, "cpu: TSC ");
	ln_u(&l, INFO->cpu_speed_mhz);
	ln_s(&l, " MHz (the loader's measurement, 0x5010)");
	ln_out(&l);
}

static void ram(void)
{
	struct line l = { 0 };

	ln_s(&l, "ram: ");
	ln_u(&l, INFO->ram_total_mib);
	ln_s(&l, " MiB installed, ");
	ln_u(&l, INFO->ram_mib);
	ln_s(&l, " MiB usable (RAMAMOUNT), ");
	ln_u(&l, b_system(FREE_MEMORY, 0, 0));
	ln_s(&l, " MiB free for the program (FREE_MEMORY)");
	ln_out(&l);
}

static void drives(void)
{
	struct line l = { 0 };
	uint64_t d;

	for (d = 0; d < MAX_DRIVES; d++) {
		uint64_t sectors = b_system(NVS_INFO, d, (uint64_t)&nvs);
		if (!sectors)
			break;
		int len = 0;   /* the model as the device reports it: padded with spaces, maybe no NUL */
		for (int i = 0; i < (int)sizeof(nvs.model) && nvs.model[i]; i++)
			if (nvs.model[i] != ' ')
				len = i + 1;
		ln_s(&l, "drive ");
		ln_u(&l, d);
		ln_s(&l, ": ");
		ln_sn(&l, nvs.type, sizeof(nvs.type));
		ln_s(&l, " \"");
		ln_sn(&l, nvs.model, (uint64_t)len);
		ln_s(&l, "\" ");
		ln_u(&l, sectors);
		ln_s(&l, " sectors of 4096 bytes (");
		ln_u(&l, sectors >> 8);
		ln_s(&l, " MiB)");
		ln_out(&l);
	}
	if (!d)
		ln_s(&l, "drives: none"), ln_out(&l);
}

static void nics(void)
{
	struct line l = { 0 };
	uint64_t i;

	for (i = 0; i < MAX_NICS; i++) {
		uint64_t mac = b_system(NET_STATUS, 0, i);
		if (!mac)
			break;
		ln_s(&l, "nic ");
		ln_u(&l, i);
		ln_s(&l, ": MAC ");
		for (int b = 5; b >= 0; b--) {   /* first octet in bits 47:40 */
			ln_x(&l, (mac >> (8 * b)) & 0xFF, 2);
			if (b)
				ln_s(&l, ":");
		}
		ln_out(&l);
	}
	if (!i)
		ln_s(&l, "nics: none"), ln_out(&l);
}

static void screen(void)
{
	struct line l = { 0 };
	uint64_t lfb = b_system(SCREEN_LFB_GET, 0, 0);

	if (!lfb) {
		ln_s(&l, "screen: no framebuffer");
	} else {
		ln_s(&l, "screen: ");
		ln_u(&l, b_system(SCREEN_X_GET, 0, 0));
		ln_s(&l, "x");
		ln_u(&l, b_system(SCREEN_Y_GET, 0, 0));
		ln_s(&l, " ");
		ln_u(&l, b_system(SCREEN_BPP_GET, 0, 0));
		ln_s(&l, " bpp, ");
		ln_u(&l, b_system(SCREEN_PPSL_GET, 0, 0));
		ln_s(&l, " pixels a line, at 0x");
		ln_x(&l, lfb, 1);
	}
	ln_out(&l);
}

static void boot_times(void)
{
	struct line l = { 0 };
	uint64_t mhz = INFO->cpu_speed_mhz, t0 = INFO->tsc_loader_start, t1 = INFO->tsc_loader_end;
	uint64_t now = b_system(TSC, 0, 0);
	uint64_t hz = b_system(TIMECOUNTER_HZ, 0, 0), tc = b_system(TIMECOUNTER, 0, 0);

	ln_s(&l, "boot: by ");
	ln_s(&l, INFO->flag_bootmode == BOOTMODE_UEFI ? "UEFI" : "BIOS");
	if (mhz && t1 > t0) {
		/* the kernel's boot report computes its loader= the same way */
		ln_s(&l, ", loader ");
		ln_u(&l, (t1 - t0) / mhz);
		ln_s(&l, " us (T1-T0, TSC at 0x5058 and 0x5050, over the MHz at 0x5010), ");
		ln_u(&l, (now - t1) / mhz);
		ln_s(&l, " us since the kernel's start (TSC now - T1)");
	} else {
		ln_s(&l, ", loader times not recorded (T0/T1 at 0x5050/0x5058 are 0)");
	}
	ln_out(&l);
	ln_s(&l, "boot: TIMECOUNTER ");
	ln_u(&l, hz ? tc / hz * 1000000 + tc % hz * 1000000 / hz : 0);
	ln_s(&l, " us since the kernel started the HPET (");
	ln_u(&l, hz);
	ln_s(&l, " Hz)");
	ln_out(&l);
}

int main(void)
{
	struct line l = { 0 };

	ln_s(&l, "sysinfo: BareMetal-C");
	ln_out(&l);
	cores();
	ram();
	drives();
	nics();
	screen();
	boot_times();
	ln_s(&l, "sysinfo: done");
	ln_out(&l);
	return 0;
}
