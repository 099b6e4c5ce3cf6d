/* SPDX-License-Identifier: BSD-2-Clause */
/* tcp.c - TCP for programs (include/bmnet.h) over lwIP's raw TCP API: connections as
 * struct bm_tcp with the program's callbacks, freed once lwIP and the program are
 * both done with them. */
#include <errno.h>
#include <stdlib.h>
#include "bmnet.h"
#include "lwip/tcp.h"
#include "netif_bm.h"

struct bm_tcp {
	struct tcp_pcb *pcb;       /* NULL once lwIP let go of it */
	bm_tcp_accept_fn accept;   /* listener: accept; connecting: connected */
	bm_tcp_recv_fn recv;
	bm_tcp_sent_fn sent;
	bm_tcp_err_fn err;
	void *arg;
	int in_cb;                 /* inside a callback of this connection */
	int aborted;               /* tcp_abort ran inside a callback: lwIP wants ERR_ABRT */
	int released;              /* the program is done with it (close, abort, error) */
	int counted;
};

static unsigned open_conns;

static struct bm_tcp *conn_new(struct tcp_pcb *pcb)
{
	struct bm_tcp *c = calloc(1, sizeof(*c));
	if (c)
		c->pcb = pcb;
	return c;
}

static void conn_maybe_free(struct bm_tcp *c)
{
	if (c->in_cb == 0 && c->released && c->pcb == NULL) {
		if (c->counted)
			open_conns--;
		free(c);
	}
}

static void detach(struct tcp_pcb *pcb)
{
	tcp_arg(pcb, NULL);
	tcp_recv(pcb, NULL);
	tcp_sent(pcb, NULL);
	tcp_err(pcb, NULL);
	tcp_poll(pcb, NULL, 0);
}

static err_t on_recv(void *arg, struct tcp_pcb *pcb, struct pbuf *p, err_t err)
{
	struct bm_tcp *c = arg;
	(void)err;
	if (c == NULL) {               /* closed by the program: drop what still comes */
		if (p) {
			tcp_recved(pcb, p->tot_len);
			pbuf_free(p);
		}
		return ERR_OK;
	}
	c->in_cb++;
	if (p == NULL) {
		if (c->recv)
			c->recv(c, NULL, 0, c->arg);
	} else {
		/* The window first: a close from the callback then finds nothing unread
		 * (lwIP resets a connection closed with unread data, RFC 1122 4.2.2.13). */
		tcp_recved(pcb, p->tot_len);
		for (struct pbuf *q = p; q != NULL && c->pcb != NULL && !c->released; q = q->next)
			if (c->recv && q->len)
				c->recv(c, q->payload, q->len, c->arg);
		pbuf_free(p);
	}
	c->in_cb--;
	int aborted = c->aborted;
	conn_maybe_free(c);
	return aborted ? ERR_ABRT : ERR_OK;
}

static err_t on_sent(void *arg, struct tcp_pcb *pcb, u16_t len)
{
	struct bm_tcp *c = arg;
	(void)pcb;
	if (c == NULL || c->sent == NULL)
		return ERR_OK;
	c->in_cb++;
	c->sent(c, len, c->arg);
	c->in_cb--;
	int aborted = c->aborted;
	conn_maybe_free(c);
	return aborted ? ERR_ABRT : ERR_OK;
}

/* lwIP has freed the pcb (reset, retransmissions or keep-alives gave up). */
static void on_err(void *arg, err_t err)
{
	struct bm_tcp *c = arg;
	if (c == NULL)
		return;
	c->pcb = NULL;
	if (!c->released && c->err) {
		c->in_cb++;
		c->err(c, -bm_errno(err), c->arg);
		c->in_cb--;
	}
	c->released = 1;
	conn_maybe_free(c);
}

static void attach(struct bm_tcp *c)
{
	tcp_arg(c->pcb, c);
	tcp_recv(c->pcb, on_recv);
	tcp_sent(c->pcb, on_sent);
	tcp_err(c->pcb, on_err);
}

/* Resets the connection for the program (it is done with it). Inside one of its
 * callbacks lwIP must then get ERR_ABRT back (aborted). */
static void conn_abort(struct bm_tcp *c)
{
	if (c->released)
		return;
	c->released = 1;
	if (c->pcb != NULL) {
		detach(c->pcb);
		tcp_abort(c->pcb);
		c->pcb = NULL;
		c->aborted = c->in_cb > 0;
	}
}

static err_t on_accept(void *arg, struct tcp_pcb *newpcb, err_t err)
{
	struct bm_tcp *l = arg;
	if (err != ERR_OK || newpcb == NULL)
		return ERR_VAL;
	struct bm_tcp *c = conn_new(newpcb);
	if (c == NULL) {
		tcp_abort(newpcb);
		return ERR_ABRT;
	}
	c->counted = 1;
	open_conns++;
	attach(c);
	c->in_cb++;
	if (l->accept(c, l->arg))
		conn_abort(c);
	c->in_cb--;
	int aborted = c->aborted;
	conn_maybe_free(c);
	return aborted ? ERR_ABRT : ERR_OK;
}

struct bm_tcp *bm_tcp_listen(uint16_t port, bm_tcp_accept_fn accept, void *arg)
{
	if (!bm_net_started() || accept == NULL)
		return NULL;
	struct bm_tcp *l = conn_new(NULL);
	if (l == NULL)
		return NULL;
	bm_net_enter();
	struct tcp_pcb *pcb = tcp_new_ip_type(IPADDR_TYPE_ANY);
	if (pcb == NULL || tcp_bind(pcb, IP_ANY_TYPE, port) != ERR_OK) {
		if (pcb)
			tcp_close(pcb);
		bm_net_leave();
		free(l);
		return NULL;
	}
	struct tcp_pcb *lpcb = tcp_listen_with_backlog(pcb, TCP_DEFAULT_LISTEN_BACKLOG);
	if (lpcb == NULL) {
		tcp_close(pcb);
		bm_net_leave();
		free(l);
		return NULL;
	}
	l->pcb = lpcb;
	l->accept = accept;
	l->arg = arg;
	tcp_arg(lpcb, l);
	tcp_accept(lpcb, on_accept);
	bm_net_leave();
	return l;
}

static err_t on_connected(void *arg, struct tcp_pcb *pcb, err_t err)
{
	struct bm_tcp *c = arg;
	(void)pcb;
	if (c == NULL || err != ERR_OK)
		return ERR_OK;
	c->in_cb++;
	if (c->accept && c->accept(c, c->arg))
		conn_abort(c);
	c->in_cb--;
	int aborted = c->aborted;
	conn_maybe_free(c);
	return aborted ? ERR_ABRT : ERR_OK;
}

struct bm_tcp *bm_tcp_connect(const ip_addr_t *addr, uint16_t port, bm_tcp_accept_fn connected,
			      void *arg)
{
	if (!bm_net_started() || addr == NULL)
		return NULL;
	struct bm_tcp *c = conn_new(NULL);
	if (c == NULL)
		return NULL;
	bm_net_enter();
	c->pcb = tcp_new_ip_type(IP_GET_TYPE(addr));
	if (c->pcb == NULL) {
		bm_net_leave();
		free(c);
		return NULL;
	}
	c->accept = connected;
	c->arg = arg;
	c->counted = 1;
	open_conns++;
	attach(c);
	if (tcp_connect(c->pcb, addr, port, on_connected) != ERR_OK) {
		detach(c->pcb);
		tcp_abort(c->pcb);
		open_conns--;
		bm_net_leave();
		free(c);
		return NULL;
	}
	bm_net_leave();
	return c;
}

void bm_tcp_set_callbacks(struct bm_tcp *c, bm_tcp_recv_fn recv, bm_tcp_sent_fn sent,
			  bm_tcp_err_fn err, void *arg)
{
	if (c == NULL)
		return;
	c->recv = recv;
	c->sent = sent;
	c->err = err;
	c->arg = arg;
}

long bm_tcp_send(struct bm_tcp *c, const void *data, size_t len)
{
	if (c == NULL || c->pcb == NULL || c->released)
		return -ENOTCONN;
	if (len == 0)
		return 0;
	bm_net_enter();
	size_t n = len < tcp_sndbuf(c->pcb) ? len : tcp_sndbuf(c->pcb);
	if (n > 0xFFFF)
		n = 0xFFFF;        /* tcp_write takes a u16_t length */
	err_t e = ERR_MEM;
	while (n > 0 && (e = tcp_write(c->pcb, data, (u16_t)n, TCP_WRITE_FLAG_COPY)) == ERR_MEM)
		n /= 2;            /* out of segments or queue slots: try less */
	if (n > 0 && e == ERR_OK)
		tcp_output(c->pcb);
	bm_net_leave();
	/* another error (ERR_CONN: our side is shut) never clears: no sent callback follows */
	return e == ERR_OK || e == ERR_MEM ? (long)n : -bm_errno(e);
}

size_t bm_tcp_sndbuf(const struct bm_tcp *c)
{
	return c && c->pcb && !c->released ? tcp_sndbuf(c->pcb) : 0;
}

size_t bm_tcp_unacked(const struct bm_tcp *c)
{
	if (c == NULL || c->pcb == NULL)
		return 0;
	return TCP_SND_BUF - tcp_sndbuf(c->pcb);
}

/* RFC 1122 4.2.3.6. lwIP's slow timer (TCP_SLOW_INTERVAL, 500 ms) sends at most one
 * probe a tick and gives up when keep_idle + keep_cnt * keep_intvl has passed: an
 * interval under two ticks would let it give up before keep_cnt probes went out. */
#define KEEPALIVE_INTVL_MIN_MS 1000u   /* two ticks */
#define KEEPALIVE_PROBES       4

void bm_tcp_keepalive(struct bm_tcp *c, uint32_t idle_ms)
{
	if (c == NULL || c->pcb == NULL)
		return;
	if (idle_ms == 0) {             /* off: an idle time of 0 would probe every tick */
		ip_reset_option(c->pcb, SOF_KEEPALIVE);
		return;
	}
	ip_set_option(c->pcb, SOF_KEEPALIVE);
	c->pcb->keep_idle = idle_ms;
	c->pcb->keep_intvl = idle_ms / 4 > KEEPALIVE_INTVL_MIN_MS ? idle_ms / 4 : KEEPALIVE_INTVL_MIN_MS;
	c->pcb->keep_cnt = KEEPALIVE_PROBES;
}

const ip_addr_t *bm_tcp_peer(const struct bm_tcp *c, uint16_t *port)
{
	if (c == NULL || c->pcb == NULL)
		return NULL;
	if (port)
		*port = c->pcb->remote_port;
	return &c->pcb->remote_ip;
}

struct tcp_pcb *bm_tcp_pcb(struct bm_tcp *c)
{
	return c ? c->pcb : NULL;
}

unsigned bm_tcp_count(void)
{
	return open_conns;
}

int bm_tcp_close(struct bm_tcp *c)
{
	if (c == NULL || c->released)
		return -EINVAL;
	c->released = 1;
	if (c->pcb != NULL) {
		bm_net_enter();
		struct tcp_pcb *pcb = c->pcb;
		detach(pcb);
		c->pcb = NULL;
		if (tcp_close(pcb) != ERR_OK) {   /* no memory for the FIN: reset instead */
			tcp_abort(pcb);
			c->aborted = c->in_cb > 0;
		}
		bm_net_leave();
	}
	conn_maybe_free(c);
	return 0;
}

void bm_tcp_abort(struct bm_tcp *c)
{
	if (c == NULL || c->released)
		return;
	bm_net_enter();
	conn_abort(c);
	bm_net_leave();
	conn_maybe_free(c);
}
