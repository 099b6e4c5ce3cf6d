/* SPDX-License-Identifier: BSD-2-Clause */
/* httpd - a minimal HTTP/1.1 keep-alive server for the Linux guest, the like-for-like of
 * apps/httpd in tests/bench/http_qemu.py: one thread, epoll, two in-memory files, /page.html
 * (1 KiB) and /file.bin (1 MiB), on port 80; anything else 404. Each connection keeps its
 * unsent bytes (header, then body) and waits for EPOLLOUT when the socket is full.
 * Usage: httpd [PORT] */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include "common.h"

#define MAX_CONN 256
#define REQ_MAX  4096

struct file { const char *path; size_t size; char *data; };
static struct file files[] = { { "/page.html", 1024, 0 }, { "/file.bin", 1024 * 1024, 0 } };

struct conn {
	int fd;
	char req[REQ_MAX];
	size_t req_len;
	char hdr[256];
	size_t hdr_len, hdr_off;
	const char *body;
	size_t body_len, body_off;
};

static struct conn *conns[65536];

/* Sends what the connection still owes; 0 when done or blocked, -1 when the peer went away. */
static int flush(struct conn *c)
{
	while (c->hdr_off < c->hdr_len || c->body_off < c->body_len) {
		ssize_t n;
		if (c->hdr_off < c->hdr_len)
			n = send(c->fd, c->hdr + c->hdr_off, c->hdr_len - c->hdr_off, MSG_NOSIGNAL | MSG_MORE);
		else
			n = send(c->fd, c->body + c->body_off, c->body_len - c->body_off, MSG_NOSIGNAL);
		if (n < 0)
			return errno == EAGAIN ? 0 : -1;
		if (c->hdr_off < c->hdr_len)
			c->hdr_off += n;
		else
			c->body_off += n;
	}
	return 0;
}

static int pending(struct conn *c)
{
	return c->hdr_off < c->hdr_len || c->body_off < c->body_len;
}

/* Answers every complete request in the buffer while nothing is pending. */
static int serve(struct conn *c)
{
	for (;;) {
		if (pending(c))
			return flush(c);
		c->req[c->req_len] = 0;
		char *end = strstr(c->req, "\r\n\r\n");
		if (!end)
			return c->req_len >= REQ_MAX - 1 ? -1 : 0;
		size_t used = end + 4 - c->req;
		char path[256] = "";
		sscanf(c->req, "GET %255s", path);
		struct file *f = 0;
		for (size_t i = 0; i < sizeof files / sizeof files[0]; i++)
			if (strcmp(path, files[i].path) == 0)
				f = &files[i];
		if (f) {
			c->hdr_len = snprintf(c->hdr, sizeof c->hdr, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n"
			                      "Content-Type: application/octet-stream\r\n\r\n", f->size);
			c->body = f->data;
			c->body_len = f->size;
		} else {
			c->hdr_len = snprintf(c->hdr, sizeof c->hdr,
			                      "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
			c->body_len = 0;
		}
		c->hdr_off = c->body_off = 0;
		memmove(c->req, c->req + used, c->req_len - used);
		c->req_len -= used;
		if (flush(c) < 0)
			return -1;
	}
}

int main(int argc, char **argv)
{
	int port = argc > 1 ? atoi(argv[1]) : 80, one = 1;
	for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
		files[i].data = malloc(files[i].size);
		for (size_t j = 0; j < files[i].size; j++)
			files[i].data[j] = (char)rng_next(256);
	}
	int ls = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	if (bind(ls, (struct sockaddr *)&a, sizeof a) < 0 || listen(ls, 128) < 0)
		die("bind/listen");
	int ep = epoll_create1(0);
	struct epoll_event ev = { .events = EPOLLIN, .data.fd = ls };
	epoll_ctl(ep, EPOLL_CTL_ADD, ls, &ev);
	printf("linux: httpd listening\n");
	fflush(stdout);
	for (;;) {
		struct epoll_event evs[64];
		int n = epoll_wait(ep, evs, 64, -1);
		for (int i = 0; i < n; i++) {
			int fd = evs[i].data.fd;
			if (fd == ls) {
				int cfd;
				while ((cfd = accept4(ls, 0, 0, SOCK_NONBLOCK)) >= 0) {
					if (cfd >= 65536) {
						close(cfd);
						continue;
					}
					setsockopt(cfd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
					conns[cfd] = calloc(1, sizeof(struct conn));
					conns[cfd]->fd = cfd;
					struct epoll_event ce = { .events = EPOLLIN | EPOLLOUT | EPOLLET, .data.fd = cfd };
					epoll_ctl(ep, EPOLL_CTL_ADD, cfd, &ce);
				}
				continue;
			}
			struct conn *c = conns[fd];
			int dead = 0;
			/* edge-triggered: read and answer until the socket is empty or full */
			for (;;) {
				if (serve(c) < 0) {
					dead = 1;
					break;
				}
				if (pending(c) || c->req_len >= REQ_MAX - 1)
					break;   /* EPOLLOUT brings us back */
				ssize_t r = recv(fd, c->req + c->req_len, REQ_MAX - 1 - c->req_len, 0);
				if (r > 0) {
					c->req_len += r;
					continue;
				}
				if (r == 0 || errno != EAGAIN)
					dead = 1;
				break;
			}
			if (dead || (evs[i].events & (EPOLLERR | EPOLLHUP))) {
				close(fd);
				free(c);
				conns[fd] = 0;
			}
		}
	}
}
