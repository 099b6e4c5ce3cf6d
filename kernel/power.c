// SPDX-License-Identifier: BSD-2-Clause
/* power.c - SHUTDOWN through ACPI S5 (FADT PM1 control blocks, DSDT \_S5; ACPI 6.4
 * 4.8.3.2 and 16.1.7) and REBOOT through the FADT reset register (4.8.3.6), port 0xCF9
 * and the 8042. Tested on QEMU pc (PIIX4 PM) and q35 (ICH9 LPC). */
#include "kernel/kernel.h"
#include "kernel/acpi_s5.h"
#include "common/acpi.h"
#include "common/errno.h"
#include "common/fmt.h"
#include "common/x86.h"

#define FADT_RESET_REG_SUP (1u << 10)
#define GAS_SYSTEM_IO    1
#define GAS_SYSTEM_MEMORY 0
#define PM1_SLP_EN       (1u << 13)
#define PM1_SLP_TYP_SHIFT 10
#define RESET_CONTROL    0xCF9  /* PIIX/ICH reset control: 0x06 = hard reset */
#define KBC_COMMAND      0x64
#define KBC_PULSE_RESET  0xFE

/* common/acpi.c reads tables through this: identity, where the memory map has RAM or
 * ACPI data. */
const void *acpi_map(uint64_t phys, uint64_t len)
{
	const void *p = (const void *)(uintptr_t)phys;
	return mem_range_ok(p, len) ? p : 0;
}

/* The FADT, checked, through the RSDT or XSDT whose address the loader left at 0x5000
 * (Pure64's ACPI field). */
static const uint8_t *fadt(void)
{
	return acpi_find_table(BOOTINFO->acpi, "FACP", ACPI_FADT_PM1B_CNT + 4);
}

int power_shutdown(void)
{
	const uint8_t *f = fadt();
	if (f) {
		const uint8_t *d = acpi_map_table(acpi_fadt_dsdt(f, acpi_rd32(f + 4)), ACPI_SDT_HEADER_LEN);
		uint8_t a, b;
		if (d && !memcmp(d, "DSDT", 4) &&
		    acpi_s5_parse(d + ACPI_SDT_HEADER_LEN, acpi_rd32(d + 4) - ACPI_SDT_HEADER_LEN, &a, &b) == 0) {
			uint16_t pm1a = (uint16_t)acpi_rd32(f + ACPI_FADT_PM1A_CNT);
			uint16_t pm1b = (uint16_t)acpi_rd32(f + ACPI_FADT_PM1B_CNT);
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
	if (f && acpi_rd32(f + 4) >= ACPI_FADT_RESET_VALUE + 1 &&
	    (acpi_rd32(f + ACPI_FADT_FLAGS) & FADT_RESET_REG_SUP)) {
		uint64_t addr = acpi_rd64(f + ACPI_FADT_RESET_REG + 4);
		uint8_t v = f[ACPI_FADT_RESET_VALUE];
		if (f[ACPI_FADT_RESET_REG] == GAS_SYSTEM_IO)
			outb((uint16_t)addr, v);
		else if (f[ACPI_FADT_RESET_REG] == GAS_SYSTEM_MEMORY && mem_range_ok((void *)addr, 1))
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
