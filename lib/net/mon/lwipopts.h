/* SPDX-License-Identifier: BSD-2-Clause */
/* lwipopts.h - lwIP's configuration for the Monitor (apps/monitor: `net`, `ping`), a
 * bare payload of at most 64 KiB, .bss included (lib/payload.ld).
 *
 * NO_SYS=1, the raw API, run to completion while a command polls
 * (apps/monitor/netstack.c).
 * IPv4 only: ARP, ICMP, UDP, DHCP, DNS and raw pcbs (ping); no TCP, no IPv6, no
 * fragments. Built freestanding: no newlib, the few string functions lwIP calls come
 * from lib/net/mon/string.c. Every buffer comes from lwIP's heap, a static array in the
 * Monitor's .bss: with MEMP_MEM_MALLOC the pools' elements are allocated from it too,
 * so the MEMP_NUM_ and PBUF_POOL_SIZE counts below are no limit, the heap is. The
 * stack takes one frame at a time and handles it before the next (netstack.c), so it
 * needs one frame's buffer, one being sent, and the DHCP, DNS and ping state.
 */
#ifndef BM_MON_LWIPOPTS_H
#define BM_MON_LWIPOPTS_H

#define NO_SYS                     1
#define LWIP_SOCKET                0
#define LWIP_NETCONN               0
#define LWIP_NETIF_API             0
#define SYS_LIGHTWEIGHT_PROT       0
#define LWIP_TIMERS                1

/* Memory: one heap; pool elements come from it (memp.c with MEMP_MEM_MALLOC). */
#define MEM_LIBC_MALLOC            0
#define MEMP_MEM_MALLOC            1
#define MEM_ALIGNMENT              8
#define MEM_SIZE                   (8 * 1024)
#define MEMP_NUM_PBUF              4
#define MEMP_NUM_RAW_PCB           1
#define MEMP_NUM_UDP_PCB           2   /* DHCP and DNS */
#define MEMP_NUM_SYS_TIMEOUT       (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 1)
#define PBUF_POOL_SIZE             4
#define PBUF_POOL_BUFSIZE          1536   /* a whole Ethernet frame */

/* Link layer */
#define LWIP_ARP                   1
#define ARP_TABLE_SIZE             4
#define ARP_QUEUEING               0      /* the last packet to an unresolved address waits */
#define LWIP_ETHERNET              1
#define LWIP_SINGLE_NETIF          1
#define LWIP_NETIF_HOSTNAME        1
#define LWIP_NETIF_STATUS_CALLBACK 0
#define LWIP_NETIF_LINK_CALLBACK   0
#define LWIP_NETIF_LOOPBACK        0
#define LWIP_HAVE_LOOPIF           0
#define LWIP_NUM_NETIF_CLIENT_DATA 0

/* IPv4 */
#define LWIP_IPV4                  1
#define LWIP_IPV6                  0
#define IP_FORWARD                 0
#define IP_REASSEMBLY              0
#define IP_FRAG                    0
#define LWIP_ICMP                  1
#define LWIP_RAW                   1
#define LWIP_DHCP                  1
#define LWIP_DHCP_DOES_ACD_CHECK   0
#define DHCP_DOES_ARP_CHECK        0
#define LWIP_DHCP_GET_NTP_SRV      0
#define LWIP_AUTOIP                0
#define LWIP_IGMP                  0
#define LWIP_ACD                   0

/* Transport */
#define LWIP_UDP                   1
#define LWIP_TCP                   0
#define LWIP_CALLBACK_API          1

/* DNS: one server (DHCP's first, or QEMU's), random query ids (RFC 5452 section 9.2). */
#define LWIP_DNS                   1
#define DNS_TABLE_SIZE             2
#define DNS_MAX_SERVERS            1
#define DNS_MAX_NAME_LENGTH        128
#define LWIP_DNS_SECURE            LWIP_DNS_SECURE_RAND_XID

/* Checksums in software on everything sent and received (no NIC offload). */
#define CHECKSUM_GEN_IP            1
#define CHECKSUM_GEN_UDP           1
#define CHECKSUM_GEN_ICMP          1
#define CHECKSUM_CHECK_IP          1
#define CHECKSUM_CHECK_UDP         1
#define CHECKSUM_CHECK_ICMP        1

/* Counters: the link layer's (the `net` command), beside the kernel's NET_STATS. */
#define LWIP_STATS                 1
#define LWIP_STATS_DISPLAY         0
#define LINK_STATS                 1
#define ETHARP_STATS               0
#define IP_STATS                   0
#define IPFRAG_STATS               0
#define ICMP_STATS                 0
#define UDP_STATS                  0
#define MEM_STATS                  0
#define MEMP_STATS                 0
#define SYS_STATS                  0

#define LWIP_PROVIDE_ERRNO         0

#endif
