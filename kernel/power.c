// SPDX-License-Identifier: BSD-2-Clause
/* power.c - SHUTDOWN through ACPI S5 (FADT PM1 control blocks, DSDT \_S5; ACPI 6.4
 * 4.8.3.2 and 16.1.7) and REBOOT through the FADT reset register (4.8.3.6), port 0xCF9
 * and the 8042. Tested on QEMU pc (PIIX4 PM) and q35 (ICH9 LPC). */
#include "kernel/kernel.h"
#include "kernel/acpi_s5.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

#define FADT_DSDT        40
#define FADT_PM1A_CNT    64
#define FADT_PM1B_CNT    68
#define FADT_FLAGS       112
#define FADT_RESET_REG   116   /* Generic Address Structure: space id, ..., address at +4 */
#define FADT_RESET_VALUE 128
#define FADT_X_DSDT      140
#define FADT_RESET_REG_SUP (1u << 10)
#define GAS_SYSTEM_IO    1
#define GAS_SYSTEM_MEMORY 0
#define PM1_SLP_EN       (1u << 13)
#define PM1_SLP_TYP_SHIFT 10
#define RESET_CONTROL    0xCF9  /* PIIX/ICH reset control: 0x06 = hard reset */
#define KBC_COMMAND      0x64
#define KBC_PULSE_RESET  0xFE

static const uint8_t *table(uint64_t phys, const char *sig)
{
	const uint8_t *t = (const uint8_t *)(uintptr_t)phys;
	if (!phys || !mem_range_ok(t, 36) || memcmp(t, sig, 4))
		return 0;
	return t;
}

static uint32_t rd32(const uint8_t *p) { uint32_t v; memcpy(&v, p, 4); return v; }
static uint64_t rd64(const uint8_t *p) { uint64_t v; memcpy(&v, p, 8); return v; }

/* The FADT, through the RSDT or XSDT whose address the loader left at 0x5000. */
static const uint8_t *fadt(void)
{
	uint64_t sdt = BOOTINFO->acpi;
	const uint8_t *t = table(sdt, "XSDT");
	int step = 8;
	if (!t) {
		t = table(sdt, "RSDT");
		step = 4;
	}
	if (!t)
		return 0;
	uint32_t len = rd32(t + 4);
	for (uint32_t off = 36; off + step <= len; off += step) {
		const uint8_t *f = table(step == 8 ? rd64(t + off) : rd32(t + off), "FACP");
		if (f)
			return f;
	}
	return 0;
}

int power_shutdown(void)
{
	const uint8_t *f = fadt();
	if (f) {
		uint64_t dsdt = rd32(f + FADT_DSDT);
		if (rd32(f + 4) >= FADT_X_DSDT + 8 && rd64(f + FADT_X_DSDT))
			dsdt = rd64(f + FADT_X_DSDT);
		const uint8_t *d = table(dsdt, "DSDT");
		uint8_t a, b;
		uint32_t len = d ? rd32(d + 4) : 0;
		if (len > 36 && mem_range_ok(d, len) && acpi_s5_parse(d + 36, len - 36, &a, &b) == 0) {
			uint16_t pm1a = (uint16_t)rd32(f + FADT_PM1A_CNT), pm1b = (uint16_t)rd32(f + FADT_PM1B_CNT);
			cpu_cli();
			outw(pm1a, (uint16_t)((inw(pm1a) & 0xE3FF) | a << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
			if (pm1b)
				outw(pm1b, (uint16_t)((inw(pm1b) & 0xE3FF) | b << PM1_SLP_TYP_SHIFT | PM1_SLP_EN));
			delay_us(100000);
		}
	}
	kprintf("shutdown: ACPI S5 did not power off\n");
	return -EIO;
}

int power_reboot(void)
{
	const uint8_t *f = fadt();

	cpu_cli();
	if (f && rd32(f + 4) >= FADT_RESET_VALUE + 1 && (rd32(f + FADT_FLAGS) & FADT_RESET_REG_SUP)) {
		uint64_t addr = rd64(f + FADT_RESET_REG + 4);
		uint8_t v = f[FADT_RESET_VALUE];
		if (f[FADT_RESET_REG] == GAS_SYSTEM_IO)
			outb((uint16_t)addr, v);
		else if (f[FADT_RESET_REG] == GAS_SYSTEM_MEMORY && mem_range_ok((void *)addr, 1))
			*(volatile uint8_t *)(uintptr_t)addr = v;
		delay_us(50000);
	}
	outb(RESET_CONTROL, 0x06);
	delay_us(50000);
	outb(KBC_COMMAND, KBC_PULSE_RESET);
	delay_us(50000);
	/* Last resort: a triple fault with an empty IDT. */
	struct {
		uint16_t limit;
		uint64_t base;
	} __attribute__((packed)) empty = { 0, 0 };
	__asm__ volatile("lidt %0; int3" : : "m"(empty));
	return -EIO;
}
