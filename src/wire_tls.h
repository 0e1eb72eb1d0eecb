/*
 * wire_tls.h: TLS for kdeck's own broker connections (OpenSSL).
 *
 * A wire_tls is built once from the ssl.* properties (the same names and
 * defaults as librdkafka, so one -X serves both) and wraps each new
 * connection's plain transport in a TLS transport: certificate and
 * hostname verification, SNI, an optional client certificate, and a
 * non-blocking handshake within the connection's setup timeout.
 *
 * Properties read: ssl.ca.location (file or directory; "probe" = the
 * system store), ssl.ca.pem, ssl.certificate.location, ssl.certificate.pem,
 * ssl.key.location, ssl.key.pem, ssl.key.password,
 * ssl.endpoint.identification.algorithm (https | none),
 * enable.ssl.certificate.verification (true | false), ssl.cipher.suites.
 */
#ifndef KDECK_WIRE_TLS_H
#define KDECK_WIRE_TLS_H

#include <stddef.h>

#include "wire_conn.h"

typedef struct wire_tls wire_tls;

/* Once, first thing in main: OpenSSL without its exit-time cleanup.
 * librdkafka's threads may still be ending while exit() runs, and an
 * OpenSSL thread destructor running after the cleanup reads freed
 * state; the process is ending anyway, so nothing needs freeing. */
void wire_tls_process_init(void);

/* Read the properties and load every certificate and key now, so a bad
 * file or password is reported before any connection (naming the
 * property, never quoting a secret).  NULL with err on failure. */
wire_tls *wire_tls_new(wire_prop_fn prop, void *prop_ctx, char *err, size_t errlen);
void wire_tls_free(wire_tls *tls);

/* Replace *t (a plain transport) by a TLS transport over the same socket
 * and run the handshake within timeout_ms.  host is what the certificate
 * must name (a DNS name or an IP address).  On failure *t is left a
 * transport the caller can close, err says why (verification result,
 * alert, timeout) and the result is a WIRE_ERR_*. */
int wire_tls_wrap(wire_tls *tls, const char *host, wire_transport **t,
		  int timeout_ms, char *err, size_t errlen);

#endif
