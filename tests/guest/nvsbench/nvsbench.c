// SPDX-License-Identifier: BSD-2-Clause
/* nvsbench.c - storage figures inside QEMU (tests/bench/storage_qemu.py): sequential
 * read MiB/s in 1 MiB calls and 4 KiB random-read IOPS, per drive, timed on the HPET. */
#include "baremetal.h"
#include "../tap.h"

#define SEQ_BYTES  (32ULL << 20)
#define CALL       256                 /* sectors per call: 1 MiB */
#define RAND_READS 4000

static uint8_t *const buf = (uint8_t *)0xFFFF800000000000ULL;

static uint64_t now_us(void)
{
	return b_system(TIMECOUNTER, 0, 0) * 1000000 / b_system(TIMECOUNTER_HZ, 0, 0);
}

int main(void)
{
	struct b_nvs_info info;

	for (uint64_t d = 0; b_system(NVS_INFO, d, (uint64_t)&info); d++) {
		uint64_t n = info.sectors, total = SEQ_BYTES / 4096, done = 0;
		uint64_t t0 = now_us();
		for (uint64_t s = 0; s < total; s += CALL)
			done += b_nvs_read(buf, s % (n - CALL), CALL, d);
		uint64_t seq_us = now_us() - t0;
		uint64_t x = 88172645463325252ULL, ok = 0;
		t0 = now_us();
		for (int i = 0; i < RAND_READS; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			ok += b_nvs_read(buf, x % n, 1, d);
		}
		uint64_t rand_us = now_us() - t0;
		tap_puts("# bench drive=");
		tap_putu(d);
		tap_puts(" type=");
		tap_puts(info.type);
		tap_puts(" seq_mib_s=");
		tap_putu(done * 4096 * 1000000 / (seq_us ? seq_us : 1) >> 20);
		tap_puts(" rand_iops=");
		tap_putu(ok * 1000000 / (rand_us ? rand_us : 1));
		tap_puts("\n");
		tap_ok(done == total && ok == RAND_READS, "every read completed");
	}
	tap_exit();
}
