/* SPDX-License-Identifier: BSD-2-Clause */
/* common.h - small helpers for the Linux guest's benchmark programs (tests/bench/linux_guest.py
 * builds them with gcc -static -O2 into the initramfs): a monotonic clock, RDTSC, an
 * AF_PACKET socket bound to an interface, and the result line "linux: <name>=<value>". */
#ifndef LINUX_BENCH_COMMON_H
#define LINUX_BENCH_COMMON_H

#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define ETH_TYPE 0x88B5   /* IEEE 802 local experimental EtherType, as our guests use */

static inline double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;
	__asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) : : "memory");
	return (uint64_t)hi << 32 | lo;
}

static inline void die(const char *what)
{
	printf("linux: error=%s\n", what);
	perror(what);
	fflush(stdout);
	exit(1);
}

/* An AF_PACKET raw socket for EtherType proto bound to ifname; its MAC into mac. */
static inline int packet_socket(const char *ifname, int proto, unsigned char mac[6])
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(proto));
	if (fd < 0)
		die("socket");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	strncpy(ifr.ifr_name, ifname, IFNAMSIZ - 1);
	if (ioctl(fd, SIOCGIFINDEX, &ifr) < 0)
		die("SIOCGIFINDEX");
	struct sockaddr_ll sll;
	memset(&sll, 0, sizeof sll);
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(proto);
	sll.sll_ifindex = ifr.ifr_ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof sll) < 0)
		die("bind");
	if (mac) {
		if (ioctl(fd, SIOCGIFHWADDR, &ifr) < 0)
			die("SIOCGIFHWADDR");
		memcpy(mac, ifr.ifr_hwaddr.sa_data, 6);
	}
	return fd;
}

static uint64_t rng_state = 88172645463325252ULL;   /* xorshift64, as our guests use */

static inline uint64_t rng_next(uint64_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state % n;
}

#endif
