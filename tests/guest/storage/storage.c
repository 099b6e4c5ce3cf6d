// SPDX-License-Identifier: BSD-2-Clause
/* storage.c - guest checks of every drive the kernel found (tests/system/test_storage.py
 * prepares the disks and checks them byte for byte after QEMU exits):
 *  - reads at the start, middle and end match the host's pattern;
 *  - writes of 1, 2, 8, 33 and 256 sectors from page-aligned and unaligned buffers;
 *  - buffers in the payload area, on the stack and at odd addresses (DMA straight to the
 *    buffer, or through the bounce buffer where the device cannot reach it), and a
 *    write from the kernel's memory (readable, so it bounces), rewritten afterwards;
 *  - every bad argument returns 0 and writes nothing;
 *  - a read across sector 5000 (where the host may inject an I/O error) and the call
 *    after it, reported as "# errprobe" lines.
 * Pattern: qword j of 4096-byte sector s is 0xB0000000... | s << 16 | j (host), and
 * 0xC0DE0000... | s << 16 | j for what this program writes. */
#include "baremetal.h"
#include "../tap.h"

#define SECTOR  4096
#define HOST    0xB000000000000000ULL
#define GUEST   0xC0DE000000000000ULL

static uint8_t *const mem = (uint8_t *)0xFFFF800000000000ULL;   /* program memory */

static const struct { uint64_t sector, count, offset; } writes[] = {
	{ 10, 1, 0 }, { 20, 2, 8 }, { 40, 8, 0 }, { 100, 33, 100 }, { 1000, 256, 4 },
	{ 1300, 3, 1 }, { 1400, 2, 4094 },
};

static void fill(uint8_t *buf, uint64_t sector, uint64_t count, uint64_t tag)
{
	uint64_t *q = (uint64_t *)buf;   /* unaligned for some offsets: x86 does not mind */
	for (uint64_t s = 0; s < count; s++)
		for (uint64_t j = 0; j < SECTOR / 8; j++)
			q[s * (SECTOR / 8) + j] = tag | (sector + s) << 16 | j;
}

static int same(const uint8_t *buf, uint64_t sector, uint64_t count, uint64_t tag)
{
	const uint64_t *q = (const uint64_t *)buf;
	for (uint64_t s = 0; s < count; s++)
		for (uint64_t j = 0; j < SECTOR / 8; j++)
			if (q[s * (SECTOR / 8) + j] != (tag | (sector + s) << 16 | j))
				return 0;
	return 1;
}

static uint8_t payload[3 * SECTOR + 8] __attribute__((aligned(SECTOR)));   /* 0x1E0000.. */

static int bytes_same(const uint8_t *a, const uint8_t *b, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		if (a[i] != b[i])
			return 0;
	return 1;
}

/* Buffers from every kind of memory the pointer rule lets a program hand over. */
static void check_buffers(uint64_t d, uint64_t n)
{
	uint8_t stack[SECTOR + 3];
	uint64_t mid = n / 2;

	tap_ok(b_nvs_read(payload, mid, 3, d) == 3 && same(payload, mid, 3, HOST),
	       "read 3 sectors into the payload area");
	tap_ok(b_nvs_read(payload + 2, mid, 3, d) == 3 && same(payload + 2, mid, 3, HOST),
	       "read 3 sectors into the payload area at an even, unaligned address");
	tap_ok(b_nvs_read(payload + 1, 7, 2, d) == 2 && same(payload + 1, 7, 2, HOST),
	       "read 2 sectors into the payload area at an odd address");
	tap_ok(b_nvs_read(stack + 3, mid + 5, 1, d) == 1 && same(stack + 3, mid + 5, 1, HOST),
	       "read a sector into a buffer on the stack");
	tap_ok(b_nvs_read(mem + 0x5FFFFF, mid, 2, d) == 2 && same(mem + 0x5FFFFF, mid, 2, HOST),
	       "read 2 sectors into program memory at an odd address");
	tap_ok(b_nvs_read(mem + 0x1FF000 + 12, mid, 2, d) == 2 && same(mem + 0x1FF000 + 12, mid, 2, HOST),
	       "read 2 sectors into program memory across a 2 MiB page");
	/* from the kernel's image (readable): back as written, then the test's pattern again */
	const uint8_t *kern = (const uint8_t *)0x100000;
	uint8_t *r = mem + 0x400000;
	tap_ok(b_nvs_write(kern, 1500, 1, d) == 1 && b_nvs_read(r, 1500, 1, d) == 1 &&
	       bytes_same(r, kern, SECTOR), "write a sector from the kernel's memory");
	fill(payload, 1500, 1, GUEST);
	tap_ok(b_nvs_write(payload, 1500, 1, d) == 1 && b_nvs_read(r, 1500, 1, d) == 1 &&
	       same(r, 1500, 1, GUEST), "write a sector from the payload area");
}

static void drive_line(uint64_t d, const struct b_nvs_info *in)
{
	tap_puts("# drive ");
	tap_putu(d);
	tap_puts(" type=");
	tap_puts(in->type);
	tap_puts(" sectors=");
	tap_putu(in->sectors);
	tap_puts(" model=");
	tap_puts(in->model);
	tap_puts("\n");
}

static void check_drive(uint64_t d, uint64_t n)
{
	uint8_t *buf = mem;                /* page-aligned */
	uint64_t mid = n / 2, last = n - 1;

	tap_ok(b_nvs_read(buf, 0, 1, d) == 1 && same(buf, 0, 1, HOST), "read the first sector");
	tap_ok(b_nvs_read(buf, mid, 1, d) == 1 && same(buf, mid, 1, HOST), "read a middle sector");
	tap_ok(b_nvs_read(buf, last, 1, d) == 1 && same(buf, last, 1, HOST), "read the last sector");
	tap_ok(b_nvs_read(buf + 12, mid - 20, 40, d) == 40 && same(buf + 12, mid - 20, 40, HOST),
	       "read 40 sectors into an unaligned buffer");
	check_buffers(d, n);

	for (unsigned i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
		uint8_t *w = mem + 0x200000 + writes[i].offset, *r = mem + 0x400000;
		fill(w, writes[i].sector, writes[i].count, GUEST);
		int ok = b_nvs_write(w, writes[i].sector, writes[i].count, d) == writes[i].count &&
			 b_nvs_read(r, writes[i].sector, writes[i].count, d) == writes[i].count &&
			 same(r, writes[i].sector, writes[i].count, GUEST);
		tap_puts(ok ? "ok " : "not ok ");
		tap_putu((uint64_t)++tap_n);
		if (!ok)
			tap_failed++;
		tap_puts(" - write and read back ");
		tap_putu(writes[i].count);
		tap_puts(writes[i].offset ? " sectors from an unaligned buffer\n" : " sectors\n");
	}

	/* Bad arguments: nothing happens, 0 comes back. The host checks sector 3000 on. */
	uint8_t *w = mem + 0x200000;
	fill(w, 3000, 2, GUEST);
	tap_ok(b_nvs_write(w, 3000, 1, 99) == 0, "write to a missing drive returns 0");
	tap_ok(b_nvs_write(w, n, 1, d) == 0, "write past the end returns 0");
	tap_ok(b_nvs_write(w, n - 1, 2, d) == 0, "write running over the end returns 0");
	tap_ok(b_nvs_write(w, 3000, 0, d) == 0, "write of 0 sectors returns 0");
	tap_ok(b_nvs_write(w, 3000, 1025, d) == 0, "write over the per-call limit returns 0");
	tap_ok(b_nvs_write(0, 3000, 1, d) == 0, "write from NULL returns 0");
	tap_ok(b_nvs_read(0, 3000, 1, d) == 0, "read into NULL returns 0");
	tap_ok(b_nvs_read((void *)0x0000700000000000ULL, 3000, 1, d) == 0, "read into unmapped memory returns 0");
	tap_ok(b_nvs_read(buf, ~0ULL, 2, d) == 0, "read with a wrapping range returns 0");

	/* Error probe: 20 sectors across sector 5000, then one more call. */
	uint64_t got = b_nvs_read(buf, 4990, 20, d);
	uint64_t after = b_nvs_read(buf, 6000, 1, d);
	tap_puts("# errprobe drive=");
	tap_putu(d);
	tap_puts(" got=");
	tap_putu(got);
	tap_puts(" after=");
	tap_putu(after);
	tap_puts(after == 1 && same(buf, 6000, 1, HOST) ? " ok\n" : " bad\n");
}

int main(void)
{
	struct b_nvs_info info;
	uint64_t drives = 0;

	tap_puts("TAP version 13\n");
	while (b_system(NVS_INFO, drives, (uint64_t)&info))
		drive_line(drives++, &info);
	tap_diag("drives", drives);
	tap_ok(b_system(NVS_INFO, drives, (uint64_t)&info) == 0, "NVS_INFO past the last drive returns 0");
	for (uint64_t d = 0; d < drives; d++) {
		b_system(NVS_INFO, d, (uint64_t)&info);
		check_drive(d, info.sectors);
	}
	tap_exit();
}
