/* demo_proxy.c: see demo_proxy.h.  One thread accepts on every proxy's
 * socket; one thread per client connection reads a request, answers it
 * (demo_answer) or forwards it and its answer, in order, as a broker
 * handles a connection's requests one at a time. */
#include "config.h"

#include "demo_proxy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"

#define FRAME_MAX (64 << 20)

typedef struct proxy_conn {
	struct proxy_conn *next;
	demo_proxy *px;
	int broker;
	int fd, up_fd;
	pthread_t thread;
	atomic_bool done;
} proxy_conn;

struct demo_proxy {
	demo_answer_ctx *ctx;
	int listen_fd[DM_BROKERS + 1];
	struct sockaddr_in upstream[DM_BROKERS + 1];
	int wake[2];
	pthread_t accept_thread;
	pthread_mutex_t lock;
	proxy_conn *conns;
	char bootstrap[256];
};

/* ---- frames --------------------------------------------------------------- */

static int read_full(int fd, void *buf, size_t n)
{
	uint8_t *p = buf;
	while (n) {
		ssize_t got = read(fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return -1;
		p += got;
		n -= (size_t)got;
	}
	return 0;
}

static int write_full(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	while (n) {
		ssize_t put = send(fd, p, n, MSG_NOSIGNAL);
		if (put < 0 && errno == EINTR)
			continue;
		if (put <= 0)
			return -1;
		p += put;
		n -= (size_t)put;
	}
	return 0;
}

/* One frame's body (after its size), malloc'd. */
static uint8_t *read_frame(int fd, size_t *len)
{
	uint8_t hdr[4];
	if (read_full(fd, hdr, 4))
		return NULL;
	uint32_t n = (uint32_t)hdr[0] << 24 | (uint32_t)hdr[1] << 16 | (uint32_t)hdr[2] << 8 | hdr[3];
	if (n < 4 || n > FRAME_MAX)
		return NULL;
	uint8_t *body = malloc(n);
	if (!body)
		abort();
	if (read_full(fd, body, n)) {
		free(body);
		return NULL;
	}
	*len = n;
	return body;
}

static int write_frame(int fd, const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	uint8_t hdr[4];
	size_t n = alen + blen;
	hdr[0] = (uint8_t)(n >> 24);
	hdr[1] = (uint8_t)(n >> 16);
	hdr[2] = (uint8_t)(n >> 8);
	hdr[3] = (uint8_t)n;
	return write_full(fd, hdr, 4) || write_full(fd, a, alen) || (blen && write_full(fd, b, blen))
		? -1 : 0;
}

static int connect_to(const struct sockaddr_in *sa)
{
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int one = 1;
	if (fd < 0)
		return -1;
	if (connect(fd, (const struct sockaddr *)sa, sizeof(*sa))) {
		close(fd);
		return -1;
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

/* ---- one client connection --------------------------------------------------- */

static int16_t be16(const uint8_t *p)
{
	return (int16_t)((uint16_t)p[0] << 8 | p[1]);
}

/* Produce with acks=0 has no answer to wait for. */
static bool produce_without_answer(int16_t version, const uint8_t *p, size_t len)
{
	size_t off = 0;
	if (version >= 9)
		return false;   /* the mock of 2.0.2 stops below v9 */
	if (version >= 3) {
		if (len < 2)
			return false;
		int16_t n = be16(p);
		off = 2 + (n > 0 ? (size_t)n : 0);
	}
	return off + 2 <= len && be16(p + off) == 0;
}

static void conn_close_fds(proxy_conn *c)
{
	pthread_mutex_lock(&c->px->lock);
	if (c->fd >= 0)
		close(c->fd);
	if (c->up_fd >= 0)
		close(c->up_fd);
	c->fd = c->up_fd = -1;
	pthread_mutex_unlock(&c->px->lock);
}

static bool broker_up(demo_proxy *px, int b)
{
	demo_model_lock(px->ctx->model);
	bool up = px->ctx->model->up[b];
	demo_model_unlock(px->ctx->model);
	return up;
}

static void *conn_main(void *arg)
{
	proxy_conn *c = arg;
	demo_proxy *px = c->px;
	wire_wbuf out, hdr;
	wire_wbuf_init(&out);
	wire_wbuf_init(&hdr);

	for (;;) {
		size_t len = 0, rlen = 0;
		uint8_t *req = read_frame(c->fd, &len), *resp = NULL;
		if (!req)
			break;
		if (len < 10 || !broker_up(px, c->broker)) {
			free(req);
			break;
		}
		int16_t key = be16(req), version = be16(req + 2);
		int16_t cid_len = be16(req + 8);
		size_t body = 10 + (cid_len > 0 ? (size_t)cid_len : 0);
		if (body > len) {
			free(req);
			break;
		}
		wire_wbuf_reset(&out);
		wire_wbuf_reset(&hdr);
		if (demo_answer(px->ctx, c->broker, key, version, req + body, len - body, &out)) {
			wire_wbuf_put_raw(&hdr, req + 4, 4);            /* correlation id */
			if (demo_answer_flex_header(key, version))
				wire_wbuf_put_no_tags(&hdr);
			int rc = write_frame(c->fd, hdr.data, hdr.len, out.data, out.len);
			free(req);
			if (rc)
				break;
			continue;
		}
		if (c->up_fd < 0) {
			int fd = connect_to(&px->upstream[c->broker]);
			pthread_mutex_lock(&px->lock);
			c->up_fd = fd;
			pthread_mutex_unlock(&px->lock);
			if (fd < 0) {
				free(req);
				break;
			}
		}
		int rc = write_frame(c->up_fd, req, len, NULL, 0);
		bool no_answer = key == 0 && produce_without_answer(version, req + body, len - body);
		free(req);
		if (rc)
			break;
		if (no_answer)
			continue;
		resp = read_frame(c->up_fd, &rlen);
		if (!resp)
			break;
		/* the mock's answers have a v0 header (the correlation id)
		 * for the requests rewritten here */
		if (demo_rewrite(px->ctx, key, version, resp + 4, rlen - 4, &out))
			rc = write_frame(c->fd, resp, 4, out.data, out.len);
		else
			rc = write_frame(c->fd, resp, rlen, NULL, 0);
		free(resp);
		if (rc)
			break;
	}
	wire_wbuf_free(&out);
	wire_wbuf_free(&hdr);
	conn_close_fds(c);
	atomic_store(&c->done, true);
	return NULL;
}

/* ---- accepting ---------------------------------------------------------------- */

static void reap(demo_proxy *px, bool all)
{
	pthread_mutex_lock(&px->lock);
	proxy_conn **pp = &px->conns;
	while (*pp) {
		proxy_conn *c = *pp;
		if (all || atomic_load(&c->done)) {
			*pp = c->next;
			if (!atomic_load(&c->done)) {
				if (c->fd >= 0)
					shutdown(c->fd, SHUT_RDWR);
				if (c->up_fd >= 0)
					shutdown(c->up_fd, SHUT_RDWR);
			}
			pthread_mutex_unlock(&px->lock);
			pthread_join(c->thread, NULL);
			free(c);
			pthread_mutex_lock(&px->lock);
		} else {
			pp = &c->next;
		}
	}
	pthread_mutex_unlock(&px->lock);
}

static void *accept_main(void *arg)
{
	demo_proxy *px = arg;
	struct pollfd pfd[DM_BROKERS + 1];

	for (;;) {
		pfd[0] = (struct pollfd){ .fd = px->wake[0], .events = POLLIN };
		for (int b = 1; b <= DM_BROKERS; b++)
			pfd[b] = (struct pollfd){ .fd = px->listen_fd[b], .events = POLLIN };
		if (poll(pfd, DM_BROKERS + 1, 1000) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents)
			break;
		reap(px, false);
		for (int b = 1; b <= DM_BROKERS; b++) {
			if (!(pfd[b].revents & POLLIN))
				continue;
			int fd = accept4(px->listen_fd[b], NULL, NULL, SOCK_CLOEXEC);
			if (fd < 0)
				continue;
			if (!broker_up(px, b)) {
				close(fd);      /* a dead broker's port */
				continue;
			}
			int one = 1;
			setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
			proxy_conn *c = calloc(1, sizeof(*c));
			if (!c)
				abort();
			c->px = px;
			c->broker = b;
			c->fd = fd;
			c->up_fd = -1;
			pthread_mutex_lock(&px->lock);
			if (pthread_create(&c->thread, NULL, conn_main, c)) {
				pthread_mutex_unlock(&px->lock);
				close(fd);
				free(c);
				continue;
			}
			c->next = px->conns;
			px->conns = c;
			pthread_mutex_unlock(&px->lock);
		}
	}
	return NULL;
}

/* ---- finding the mock's brokers ------------------------------------------------- */

static int parse_addr(const char *hp, struct sockaddr_in *sa)
{
	char host[64];
	const char *colon = strrchr(hp, ':');
	if (!colon || (size_t)(colon - hp) >= sizeof(host))
		return -1;
	memcpy(host, hp, (size_t)(colon - hp));
	host[colon - hp] = '\0';
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)atoi(colon + 1));
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/* Which mock port is which broker: one Metadata v1 (no topics) to the
 * first bootstrap address. */
static int map_brokers(demo_proxy *px, const char *bootstraps, char *err, size_t errlen)
{
	char first[128];
	struct sockaddr_in sa;
	size_t n = strcspn(bootstraps, ",");
	snprintf(first, sizeof(first), "%.*s", (int)(n < sizeof(first) ? n : sizeof(first) - 1),
		 bootstraps);
	if (parse_addr(first, &sa)) {
		snprintf(err, errlen, "demo: cannot read the mock's address %s", first);
		return -1;
	}
	int fd = connect_to(&sa);
	if (fd < 0) {
		snprintf(err, errlen, "demo: cannot reach the mock broker at %s", first);
		return -1;
	}
	wire_wbuf w;
	wire_wbuf_init(&w);
	wire_wbuf_put_i16(&w, 3);
	wire_wbuf_put_i16(&w, 1);
	wire_wbuf_put_i32(&w, 1);
	wire_wbuf_put_str(&w, "kdeck-demo", false);
	wire_wbuf_put_array_len(&w, 0, false);
	size_t rlen = 0;
	uint8_t *resp = NULL;
	if (!write_frame(fd, w.data, w.len, NULL, 0))
		resp = read_frame(fd, &rlen);
	wire_wbuf_free(&w);
	close(fd);
	int found = 0;
	if (resp) {
		kd_arena a;
		wire_rbuf r;
		arena_init(&a);
		wire_rbuf_init(&r, resp + 4, rlen - 4);
		int32_t nb = wire_rbuf_array_len(&r, false, false, 10);
		for (int32_t i = 0; i < nb && !r.failed; i++) {
			int32_t id = wire_rbuf_i32(&r);
			char *host = wire_rbuf_str(&r, &a, false, false);
			int32_t port = wire_rbuf_i32(&r);
			(void)wire_rbuf_str(&r, &a, false, true);
			char hp[128];
			snprintf(hp, sizeof(hp), "%s:%d", host ? host : "", (int)port);
			if (!r.failed && id >= 1 && id <= DM_BROKERS &&
			    !parse_addr(hp, &px->upstream[id]))
				found++;
		}
		arena_free(&a);
		free(resp);
	}
	if (found != DM_BROKERS) {
		snprintf(err, errlen, "demo: the mock cluster did not list its %d brokers",
			 DM_BROKERS);
		return -1;
	}
	return 0;
}

demo_proxy *demo_proxy_start(demo_answer_ctx *ctx, const char *mock_bootstraps,
			     char *err, size_t errlen)
{
	demo_proxy *px = calloc(1, sizeof(*px));
	if (!px)
		abort();
	px->ctx = ctx;
	px->wake[0] = px->wake[1] = -1;
	for (int b = 0; b <= DM_BROKERS; b++)
		px->listen_fd[b] = -1;
	pthread_mutex_init(&px->lock, NULL);
	if (map_brokers(px, mock_bootstraps, err, errlen))
		goto fail;
	size_t off = 0;
	for (int b = 1; b <= DM_BROKERS; b++) {
		struct sockaddr_in sa = { .sin_family = AF_INET };
		socklen_t sl = sizeof(sa);
		int one = 1;
		sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		px->listen_fd[b] = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
		if (px->listen_fd[b] < 0 ||
		    setsockopt(px->listen_fd[b], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(px->listen_fd[b], (struct sockaddr *)&sa, sizeof(sa)) ||
		    listen(px->listen_fd[b], 64) ||
		    getsockname(px->listen_fd[b], (struct sockaddr *)&sa, &sl)) {
			snprintf(err, errlen, "demo: cannot listen on a loopback port: %s",
				 strerror(errno));
			goto fail;
		}
		ctx->ports[b] = ntohs(sa.sin_port);
		off += (size_t)snprintf(px->bootstrap + off, sizeof(px->bootstrap) - off,
					"%s127.0.0.1:%d", b > 1 ? "," : "", ctx->ports[b]);
	}
	if (pipe(px->wake)) {
		snprintf(err, errlen, "demo: pipe: %s", strerror(errno));
		goto fail;
	}
	if (pthread_create(&px->accept_thread, NULL, accept_main, px)) {
		snprintf(err, errlen, "demo: cannot start the proxy thread");
		goto fail;
	}
	return px;
fail:
	for (int b = 0; b <= DM_BROKERS; b++)
		if (px->listen_fd[b] >= 0)
			close(px->listen_fd[b]);
	if (px->wake[0] >= 0) {
		close(px->wake[0]);
		close(px->wake[1]);
	}
	pthread_mutex_destroy(&px->lock);
	free(px);
	return NULL;
}

const char *demo_proxy_bootstrap(const demo_proxy *p)
{
	return p->bootstrap;
}

void demo_proxy_kick(demo_proxy *px, int broker)
{
	pthread_mutex_lock(&px->lock);
	for (proxy_conn *c = px->conns; c; c = c->next) {
		if (c->broker != broker || atomic_load(&c->done))
			continue;
		if (c->fd >= 0)
			shutdown(c->fd, SHUT_RDWR);
		if (c->up_fd >= 0)
			shutdown(c->up_fd, SHUT_RDWR);
	}
	pthread_mutex_unlock(&px->lock);
}

void demo_proxy_stop(demo_proxy *px)
{
	if (!px)
		return;
	if (write(px->wake[1], "x", 1) != 1)
		log_debug("demo proxy: cannot wake the accept thread");
	pthread_join(px->accept_thread, NULL);
	reap(px, true);
	for (int b = 1; b <= DM_BROKERS; b++)
		close(px->listen_fd[b]);
	close(px->wake[0]);
	close(px->wake[1]);
	pthread_mutex_destroy(&px->lock);
	free(px);
}
