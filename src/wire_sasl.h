/*
 * wire_sasl.h: SASL authentication on kdeck's own connections.
 *
 * Runs KIP-152's exchange on an open connection: SaslHandshake v1 names
 * the mechanism, then one SaslAuthenticate per mechanism message
 * (sasl_mech.h does the mechanism), and hands the session lifetime the
 * broker granted to the connection, which re-authenticates in time
 * (KIP-368).  Used as wire_conn_opts.authenticate through security.h.
 */
#ifndef KDECK_WIRE_SASL_H
#define KDECK_WIRE_SASL_H

#include <stddef.h>

#include "sasl_mech.h"
#include "wire_conn.h"

/* Authenticate c with creds.  Returns WIRE_OK; WIRE_ERR_AUTH with
 * "authentication failed (MECH): <the broker's message>" for rejected
 * credentials or a mechanism the listener does not enable; another
 * WIRE_ERR_* for I/O.  Messages never quote a secret. */
int wire_sasl_authenticate(wire_conn *c, const sasl_creds *creds,
			   char *err, size_t errlen);

#endif
