/*
 * base64.h: base64 (RFC 4648 section 4) and base64url without padding
 * (section 5), for SASL messages, JWTs and, later, MSK IAM tokens.
 */
#ifndef KDECK_BASE64_H
#define KDECK_BASE64_H

#include <stdbool.h>
#include <stddef.h>

/* Encode n bytes into out (NUL-terminated); returns the length, or
 * (size_t)-1 when outlen is too small.  url: the URL-safe alphabet and
 * no '=' padding. */
size_t base64_encode(const void *in, size_t n, bool url, char *out, size_t outlen);
/* Decode either alphabet, padding optional; returns the byte count or
 * (size_t)-1 for bad input or a too small out. */
size_t base64_decode(const char *in, size_t n, void *out, size_t outlen);

#endif
