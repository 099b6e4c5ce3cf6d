/* SPDX-License-Identifier: BSD-2-Clause */
/* instr - guest instructions per system call under QEMU's -icount shift=0 (RDTSC then counts
 * guest instructions), the Linux side of tests/guest/netcalls and tests/guest/nvsicount:
 *  rx: N recv(MSG_DONTWAIT) calls on an AF_PACKET socket with nothing to receive, timed as
 *      tests/guest/icount.h's MEASURE does (best of ROUNDS loops of N calls, per call, loop
 *      included): "linux: rx_poll_instr=<per call>", and the empty loop "loop_instr=";
 *  read: CALLS pread()s of 4 KiB O_DIRECT at random sectors, each timed alone, the RDTSC
 *      pair's median cost taken off: "linux: read_instr=<median> read_min=<least>"; then
 *      the same polled (preadv2 RWF_HIPRI: the kernel polls the completion queue instead
 *      of sleeping for the interrupt, as our drivers do): "read_poll_instr=", "read_poll_min=".
 * Usage: instr rx IFACE | instr read DEV */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sys/uio.h>
#include "common.h"

#define N_RX   10000
#define ROUNDS 5
#define CALLS  101
#define SECTOR 4096

#define MEASURE(name, n, body)                                                \
	do {                                                                      \
		uint64_t best_ = ~0ULL;                                               \
		for (int r_ = 0; r_ < ROUNDS; r_++) {                                 \
			uint64_t t0_ = rdtsc();                                           \
			for (uint64_t i = 0; i < (n); i++) {                              \
				body;                                                         \
			}                                                                 \
			uint64_t d_ = rdtsc() - t0_;                                      \
			if (d_ < best_)                                                   \
				best_ = d_;                                                   \
		}                                                                     \
		printf("linux: %s=%.1f\n", name, (double)best_ / (n));                \
	} while (0)

static int cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, n, sizeof *v, cmp);
	return v[n / 2];
}

int main(int argc, char **argv)
{
	if (argc < 3)
		die("usage");
	if (strcmp(argv[1], "rx") == 0) {
		unsigned char buf[2048];
		long got = 0;
		int fd = packet_socket(argv[2], ETH_TYPE, 0);
		MEASURE("loop_instr", N_RX, __asm__ volatile("" : : "r"(i) : "memory"));
		MEASURE("rx_poll_instr", N_RX, got += recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0);
		printf("linux: rx_got=%ld\n", got);
		return 0;
	}
	int fd = open(argv[2], O_RDONLY | O_DIRECT);
	if (fd < 0)
		die("open");
	uint64_t bytes, d[CALLS], o[CALLS];
	if (ioctl(fd, BLKGETSIZE64, &bytes) < 0)
		die("BLKGETSIZE64");
	void *buf;
	if (posix_memalign(&buf, SECTOR, SECTOR))
		die("posix_memalign");
	for (int i = 0; i < CALLS; i++) {
		uint64_t t0 = rdtsc();
		o[i] = rdtsc() - t0;
	}
	uint64_t overhead = median(o, CALLS);
	for (int i = 0; i < CALLS; i++) {
		off_t off = (off_t)(rng_next(bytes / SECTOR) * SECTOR);
		uint64_t t0 = rdtsc();
		ssize_t r = pread(fd, buf, SECTOR, off);
		uint64_t t1 = rdtsc();
		if (r != SECTOR)
			die("pread");
		d[i] = t1 - t0 - overhead;
	}
	uint64_t m = median(d, CALLS);
	printf("linux: overhead=%llu\nlinux: read_instr=%llu\nlinux: read_min=%llu\n",
	       (unsigned long long)overhead, (unsigned long long)m, (unsigned long long)d[0]);
	/* the same reads polled, as our drivers wait: preadv2 RWF_HIPRI on a poll queue
	 * (Documentation/block/queue-sysfs.rst io_poll; the drivers' poll_queues=1) */
	for (int i = 0; i < CALLS; i++) {
		struct iovec v = { buf, SECTOR };
		off_t off = (off_t)(rng_next(bytes / SECTOR) * SECTOR);
		uint64_t t0 = rdtsc();
		ssize_t r = preadv2(fd, &v, 1, off, RWF_HIPRI);
		uint64_t t1 = rdtsc();
		if (r != SECTOR) {
			printf("linux: read_poll_error=%d\n", errno);
			return 0;
		}
		d[i] = t1 - t0 - overhead;
	}
	m = median(d, CALLS);
	printf("linux: read_poll_instr=%llu\nlinux: read_poll_min=%llu\n",
	       (unsigned long long)m, (unsigned long long)d[0]);
	return 0;
}
