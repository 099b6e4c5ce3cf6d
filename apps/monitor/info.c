// SPDX-License-Identifier: BSD-2-Clause
/* info.c - what the Monitor says about the machine: the banner (after BareMetal-Monitor's
 * first line, src/monitor.asm: "[cpu: cores x MHz]  [mem: MiB free]  [net: MAC]") and
 * sysinfo, from the API (SMP_NUMCORES, FREE_MEMORY, NVS_INFO, NET_STATUS, SCREEN_*,
 * CONSOLE_GET) and the information table at 0x5000 (include/bootinfo.h). */
#include "baremetal.h"
#include "bootinfo.h"
#include "mon.h"
#include "disk.h"

#define MAX_DRIVES 64
#define MAX_NICS   16
#define MIB_SHIFT  20

static const volatile struct bootinfo *const info = (const volatile struct bootinfo *)INFO_TABLE;
static struct b_nvs_info nvs;   /* NVS_INFO writes only into the program's memory */

/* Program memory a program may use: from its base past what the loader placed there
 * (0x50D0: 0 under the Monitor, a payload) and FREE_MEMORY MiB, below the stacks. */
uint64_t program_limit(void)
{
	return PROGRAM_BASE + info->program_size + (b_system(FREE_MEMORY, 0, 0) << MIB_SHIFT);
}

void out_mac(uint64_t mac)
{
	for (int i = 5; i >= 0; i--) {   /* first octet in 47:40 */
		out_hex(mac >> (8 * i), 2);
		if (i)
			out(":");
	}
}

void banner(void)
{
	uint64_t mac = b_system(NET_STATUS, 0, 0);

	out(MON_NAME " " MON_VERSION "\n[cpu: ");
	out_dec(info->cores_active);
	out(" x ");
	out_dec(info->cpu_speed_mhz);
	out(" MHz]  [mem: ");
	out_dec(b_system(FREE_MEMORY, 0, 0));
	out(" MiB free]  [net: ");
	if (mac)
		out_mac(mac);
	else
		out("N/A");
	out("]\n\n");
}

static void drives(void)
{
	uint64_t d, sectors;

	for (d = 0; d < MAX_DRIVES && (sectors = b_system(NVS_INFO, d, (uint64_t)(uintptr_t)&nvs)); d++) {
		uint64_t len = 0;   /* the model as the device reports it: space-padded, maybe no NUL */
		for (uint64_t i = 0; i < sizeof(nvs.model) && nvs.model[i]; i++)
			if (nvs.model[i] != ' ')
				len = i + 1;
		out("drive ");
		out_dec(d);
		out(": ");
		for (uint64_t i = 0; i < sizeof(nvs.type) && nvs.type[i]; i++)
			out_n(&nvs.type[i], 1);
		out(" \"");
		out_n(nvs.model, len);
		out("\" ");
		out_dec(sectors);
		out(" sectors of 4096 bytes\n");
	}
	if (!d)
		out("drives: none\n");
	int fs = bmfs_mount_first(&mon_fs);
	if (fs >= 0) {
		out("bmfs: drive ");
		out_dec((uint64_t)fs);
		out(", ");
		out_dec(bmfs_free_blocks(&mon_fs));
		out(" of ");
		out_dec(bmfs_blocks(&mon_fs));
		out(" blocks of 2 MiB free\n");
	} else {
		out("bmfs: none\n");
	}
}

static void nics(void)
{
	uint64_t i, mac;

	for (i = 0; i < MAX_NICS && (mac = b_system(NET_STATUS, 0, i)); i++) {
		out("nic ");
		out_dec(i);
		out(": ");
		out_mac(mac);
		out("\n");
	}
	if (!i)
		out("nics: none\n");
}

static void screen(void)
{
	uint64_t lfb = b_system(SCREEN_LFB_GET, 0, 0), on = b_system(CONSOLE_GET, 0, 0);

	if (lfb) {
		out("screen: framebuffer ");
		out_dec(b_system(SCREEN_X_GET, 0, 0));
		out("x");
		out_dec(b_system(SCREEN_Y_GET, 0, 0));
		out(", ");
		out_dec(b_system(SCREEN_BPP_GET, 0, 0));
		out(" bpp at ");
		out_hex(lfb, 16);
		out("\n");
	} else {
		out(on & B_CONSOLE_VGA ? "screen: VGA text 80x25\n" : "screen: none\n");
	}
	out("consoles:");
	out(on & B_CONSOLE_SERIAL ? " serial" : "");
	out(on & B_CONSOLE_VGA ? " vga" : "");
	out(on & B_CONSOLE_LFB ? " framebuffer" : "");
	out("\n");
}

int cmd_sysinfo(int argc, char **argv)
{
	(void)argv;
	if (argc > 1) {
		out("sysinfo: Too many arguments\n");
		return -1;
	}
	out("cores: ");
	out_dec(b_system(SMP_NUMCORES, 0, 0));
	out(" running, BSP APIC ID ");
	out_dec(info->bsp_apic_id);
	out(", ");
	out_dec(info->cpu_speed_mhz);
	out(" MHz\nmemory: ");
	out_dec(info->ram_total_mib);
	out(" MiB installed, ");
	out_dec(b_system(FREE_MEMORY, 0, 0));
	out(" MiB free for programs\n");
	drives();
	nics();
	screen();
	return 0;
}
