/* SPDX-License-Identifier: BSD-2-Clause */
/* rawtx - raw frames through AF_PACKET, like tests/guest/netbench: sends N frames of 1514
 * bytes (EtherType 0x88B5, payload "TXBN", src the NIC's MAC, dst broadcast) as fast as
 * send() returns, then one "DONE" frame; prints the guest-side frames/s; then echoes every
 * 0x88B5 frame back with src/dst swapped until one whose payload is "EXIT".
 * Usage: rawtx IFACE N */
#include <errno.h>
#include "common.h"

#define FRAME 1514

int main(int argc, char **argv)
{
	if (argc < 3)
		die("usage");
	unsigned char mac[6], f[FRAME];
	long n = atol(argv[2]);
	int fd = packet_socket(argv[1], ETH_TYPE, mac);

	memset(f, 0, sizeof f);
	memset(f, 0xff, 6);
	memcpy(f + 6, mac, 6);
	f[12] = ETH_TYPE >> 8;
	f[13] = ETH_TYPE & 0xff;
	memcpy(f + 14, "TXBN", 4);
	long sent = 0, busy = 0;
	double t0 = now_s();
	while (sent < n) {
		if (send(fd, f, FRAME, 0) == FRAME) {
			sent++;
		} else if (errno == ENOBUFS || errno == EAGAIN) {
			busy++;   /* the qdisc or ring is full: try again */
		} else {
			die("send");
		}
	}
	double dt = now_s() - t0;
	memcpy(f + 14, "DONE", 4);
	while (send(fd, f, 60, 0) != 60)
		;
	printf("linux: tx_guest_fps=%.0f\nlinux: tx_busy=%ld\nlinux: echo ready\n", sent / dt, busy);
	fflush(stdout);
	for (long echoed = 0;; echoed++) {
		ssize_t len = recv(fd, f, sizeof f, 0);
		if (len < 0)
			die("recv");
		if (len >= 18 && memcmp(f + 14, "EXIT", 4) == 0) {
			printf("linux: echoed=%ld\n", echoed);
			return 0;
		}
		unsigned char t[6];
		memcpy(t, f, 6);
		memcpy(f, f + 6, 6);
		memcpy(f + 6, t, 6);
		if (send(fd, f, len, 0) != len)
			die("send echo");
	}
}
