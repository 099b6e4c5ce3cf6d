/* SPDX-License-Identifier: BSD-2-Clause */
/* server.h - httpd's connections: a fixed pool, each reading a request head, answering
 * it from BMFS through its own send buffer as TCP's send buffer frees, and kept open
 * between requests (keep-alive, pipelining). Runs inside bm_net_poll's callbacks. */
#ifndef HTTPD_SERVER_H
#define HTTPD_SERVER_H

#include <stdint.h>

#define SERVER_CONNS    128     /* connections at once; more are answered 503 */
#define SERVER_BACKLOG  200     /* handshakes under way at once (lwIP: at most 255) */
#define SERVER_HEAD_MAX 4096    /* bytes of a request head; more is 431 */
#define SERVER_BUF      65536   /* bytes of a file read and sent in one piece (16 KiB: ~10% fewer MB/s) */
#define SERVER_IDLE_MS  15000   /* no whole request head this long after the last
				 * response (or the connect): closed */
#define SERVER_STALL_MS 60000   /* a response that made no progress is reset */

/* Listens on port: 0 or -ENOMEM. */
int server_start(uint16_t port);

/* Closes idle and stalled connections; call now and then with bm_net_now(). */
void server_sweep(uint32_t now_ms);

/* Connections in use. */
unsigned server_conns(void);

#endif
