/* SPDX-License-Identifier: BSD-2-Clause */
/* lwipopts.h - lwIP's configuration for BareMetal-C programs (README "TCP/IP").
 *
 * NO_SYS=1: the raw API, run to completion on the core that polls (bm_net_poll,
 * lib/net/stack.c); no threads, no sockets, no netconn. Every buffer is lwIP's own heap
 * and pools in the program's .bss, i.e. program memory. Protocols: ARP, IPv4, ICMP, UDP,
 * TCP, DHCP, DNS, raw (ping), IPv6 with SLAAC, ICMPv6, MLD and neighbour discovery.
 */
#ifndef BM_LWIPOPTS_H
#define BM_LWIPOPTS_H

#define NO_SYS                     1
#define LWIP_SOCKET                0
#define LWIP_NETCONN               0
#define LWIP_NETIF_API             0
#define SYS_LIGHTWEIGHT_PROT       0
#define LWIP_TIMERS                1

/* Memory: lwIP's heap and pools, sized for a web server with ~100 connections. */
#define MEM_LIBC_MALLOC            0
#define MEMP_MEM_MALLOC            0
#define MEM_ALIGNMENT              8
#define MEM_SIZE                   (4 * 1024 * 1024)
#define MEMP_NUM_PBUF              256
#define MEMP_NUM_RAW_PCB           4
#define MEMP_NUM_UDP_PCB           16
#define MEMP_NUM_TCP_PCB           160
#define MEMP_NUM_TCP_PCB_LISTEN    8
#define MEMP_NUM_TCP_SEG           2048
#define MEMP_NUM_REASSDATA         8
#define IP_REASS_MAX_PBUFS         64
#define MEMP_NUM_FRAG_PBUF         32
/* Room for every ARP entry's queue: packets for hosts that never answer (a SYN flood
 * from spoofed on-link addresses) cannot take all of it from hosts that do. */
#define ARP_QUEUE_LEN              3
#define MEMP_NUM_ARP_QUEUE         (ARP_TABLE_SIZE * ARP_QUEUE_LEN)
#define MEMP_NUM_ND6_QUEUE         32
#define MEMP_NUM_SYS_TIMEOUT       (LWIP_NUM_SYS_TIMEOUT_INTERNAL + 8)
#define PBUF_POOL_SIZE             512
#define PBUF_POOL_BUFSIZE          1536

/* Link layer */
#define LWIP_ARP                   1
/* More entries than TCP pcbs: each connection's peer (or a SYN flood's half-open
 * connections, whose SYN-ACK retransmissions all go out in one slow timer tick) keeps
 * its entry; a smaller table recycles the entry of a host that answers, and the
 * packets queued on it, for hosts that never do. */
#define ARP_TABLE_SIZE             256
#define ARP_QUEUEING               1
#define ETHARP_SUPPORT_STATIC_ENTRIES 1
#define LWIP_ETHERNET              1
#define LWIP_NETIF_LINK_CALLBACK   1
#define LWIP_NETIF_STATUS_CALLBACK 1
#define LWIP_NETIF_HOSTNAME        1
#define LWIP_SINGLE_NETIF          0

/* IPv4 */
#define LWIP_IPV4                  1
#define IP_FORWARD                 0
#define IP_REASSEMBLY              1
#define IP_FRAG                    1
#define LWIP_ICMP                  1
#define LWIP_RAW                   1
#define LWIP_DHCP                  1
#define LWIP_DHCP_DOES_ACD_CHECK   0
#define DHCP_DOES_ARP_CHECK        0
#define LWIP_AUTOIP                0
#define LWIP_IGMP                  0

/* IPv6 */
#define LWIP_IPV6                  1
#define LWIP_IPV6_AUTOCONFIG       1
#define LWIP_IPV6_MLD              1
#define LWIP_ICMP6                 1
#define LWIP_IPV6_REASS            1
#define LWIP_IPV6_FRAG             1
#define IPV6_FRAG_COPYHEADER       1   /* 64-bit pointers do not fit the fragment header */
#define LWIP_IPV6_NUM_ADDRESSES    3
#define LWIP_IPV6_DHCP6            0
#define LWIP_ND6_NUM_NEIGHBORS     16
#define LWIP_ND6_NUM_DESTINATIONS  16
#define LWIP_IPV6_SEND_ROUTER_SOLICIT 1

/* Transport */
#define LWIP_UDP                   1
#define LWIP_TCP                   1
#define TCP_MSS                    1460
#define TCP_WND                    (32 * TCP_MSS)
#define LWIP_WND_SCALE             1
#define TCP_RCV_SCALE              2
#define TCP_SND_BUF                (32 * TCP_MSS)
#define TCP_SND_QUEUELEN           (4 * TCP_SND_BUF / TCP_MSS)
#define TCP_QUEUE_OOSEQ            1
#define TCP_LISTEN_BACKLOG         1
#define TCP_DEFAULT_LISTEN_BACKLOG 64
#define LWIP_TCP_KEEPALIVE         1
#define TCP_OVERSIZE               TCP_MSS
#define LWIP_TCP_TIMESTAMPS        0
#define LWIP_CALLBACK_API          1
/* lib/net's hooks: a SYN flood recycles the oldest half-open connection (synflood.c),
 * initial sequence numbers are RFC 6528's (isn.c) */
#define LWIP_HOOK_FILENAME         "bm_hooks.h"

/* DNS */
#define LWIP_DNS                   1
#define DNS_TABLE_SIZE             8
#define DNS_MAX_SERVERS            2
#define LWIP_DNS_SECURE            (LWIP_DNS_SECURE_RAND_XID | LWIP_DNS_SECURE_NO_MULTIPLE_OUTSTANDING | \
				    LWIP_DNS_SECURE_RAND_SRC_PORT)
#define LWIP_DHCP_GET_NTP_SRV      0

/* Checksums in software, on everything sent and received (no NIC offload is used). */
#define LWIP_CHKSUM_ALGORITHM      3
/* the 32-bit accumulating loop (inet_chksum.c's algorithm 3): the 1 MiB HTTP transfer of
 * tests/bench/vs_linux.py ~5% faster than the default 16-bit one */
#define LWIP_CHKSUM_ALGORITHM      3
#define CHECKSUM_GEN_IP            1
#define CHECKSUM_GEN_UDP           1
#define CHECKSUM_GEN_TCP           1
#define CHECKSUM_GEN_ICMP          1
#define CHECKSUM_GEN_ICMP6         1
#define CHECKSUM_CHECK_IP          1
#define CHECKSUM_CHECK_UDP         1
#define CHECKSUM_CHECK_TCP         1
#define CHECKSUM_CHECK_ICMP        1
#define CHECKSUM_CHECK_ICMP6       1

/* Counters (the Monitor's net command, bm_net_info) */
#define LWIP_STATS                 1
#define LWIP_STATS_LARGE           1   /* 32-bit counters: 16 bits wrap after 65,536 frames */
#define LWIP_STATS_DISPLAY         0
#define LINK_STATS                 1
#define ETHARP_STATS               1
#define IP_STATS                   1
#define IPFRAG_STATS               0
#define ICMP_STATS                 1
#define UDP_STATS                  1
#define TCP_STATS                  1
#define MEM_STATS                  1
#define MEMP_STATS                 1
#define SYS_STATS                  0
#define IP6_STATS                  1
#define ICMP6_STATS                1
#define ND6_STATS                  1
#define MLD6_STATS                 0
#define IP6_FRAG_STATS             0

#define LWIP_PROVIDE_ERRNO         0
#define LWIP_ERRNO_STDINCLUDE      1

#ifdef BM_LWIP_DEBUG
#define LWIP_DEBUG                 1
#endif

#endif
