// SPDX-License-Identifier: BSD-2-Clause
/* mmio.c - walks PCI through BUS_READ and reads the first register of every memory BAR
 * from the kernel's address space: a BAR the loader left unmapped faults here, and the
 * kernel's crash report ends the test. Prints "# bar" lines the host cross-checks. */
#include "baremetal.h"
#include "../tap.h"

static uint32_t cfg(uint32_t bus, uint32_t dev, uint32_t fn, uint32_t reg)
{
	return (uint32_t)b_system(BUS_READ, 0, (uint64_t)bus << 24 | dev << 19 | fn << 16 | reg);
}

static void bar_line(uint32_t bus, uint32_t dev, uint32_t fn, int n, uint64_t base, uint32_t val,
		     uint32_t id)
{
	tap_puts("# bar ");
	tap_puthex((uint64_t)bus << 16 | dev << 8 | fn);
	tap_puts(" id=");
	tap_puthex(id);
	tap_puts(" n=");
	tap_putu((uint64_t)n);
	tap_puts(" base=");
	tap_puthex(base);
	tap_puts(" first=");
	tap_puthex(val);
	tap_puts("\n");
}

int main(void)
{
	uint64_t bars = 0, high = 0;

	for (uint32_t bus = 0; bus < 256; bus++) {
		for (uint32_t dev = 0; dev < 32; dev++) {
			for (uint32_t fn = 0; fn < 8; fn++) {
				uint32_t id = cfg(bus, dev, fn, 0);
				if ((id & 0xFFFF) == 0xFFFF)
					continue;
				uint32_t type = (cfg(bus, dev, fn, 3) >> 16) & 0x7F;
				for (int n = 0; type == 0 && n < 6; n++) {
					uint32_t lo = cfg(bus, dev, fn, 4 + (uint32_t)n);
					if (lo & 1)
						continue;                /* I/O */
					uint64_t base = lo & 0xFFFFFFF0u;
					int is64 = (lo & 6) == 4;
					if (is64)
						base |= (uint64_t)cfg(bus, dev, fn, 5 + (uint32_t)n) << 32;
					if (base) {
						uint32_t v = *(volatile uint32_t *)base;
						bar_line(bus, dev, fn, n, base, v, id);
						bars++;
						if (base >= (4ULL << 30))
							high++;
					}
					if (is64)
						n++;
				}
				if (fn == 0 && !((cfg(bus, dev, 0, 3) >> 16) & 0x80))
					break;
			}
		}
	}
	tap_diag("bars", bars);
	tap_diag("high_bars", high);
	tap_ok(bars > 0, "every memory BAR read without a fault");
	tap_ok(b_system(BUS_READ, 0, 1ULL << 32) == 0xFFFFFFFFu, "BUS_READ refuses segment 1");
	tap_exit();
}
