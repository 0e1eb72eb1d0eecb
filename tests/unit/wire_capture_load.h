/*
 * wire_capture_load.h: read the real broker frames in tests/captures and
 * the facts (kafka-<version>.env) about the cluster that produced them.
 */
#ifndef KDECK_WIRE_CAPTURE_LOAD_H
#define KDECK_WIRE_CAPTURE_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/* The Kafka releases captured, NULL-terminated. */
extern const char *const wcap_kafka_versions[];

/* Load DIR/<tag>-v<version>-<kafka>.<kind>.bin (kind "req" or "resp")
 * into a malloc'd buffer of exactly its size.  Returns 0, or -1 when the
 * file does not exist (that broker lacks that version). */
int wcap_load(const char *tag, int version, const char *kafka, const char *kind,
	      uint8_t **data, size_t *len);
/* Load any file of the captures directory. */
int wcap_load_file(const char *name, uint8_t **data, size_t *len);

/* A fact (KEY=VALUE line) of one .env file of the captures; aborts the
 * test run when the file or the key is missing. */
const char *wcap_env_fact(const char *file, const char *key);
/* A fact from kafka-<kafka>.env. */
const char *wcap_fact(const char *kafka, const char *key);
long long wcap_fact_int(const char *kafka, const char *key);

/* Decode a response body of any API kdeck speaks into *out (the struct
 * its decoder fills); -1 with err filled when it does not decode. */
int wcap_decode(int16_t api, const uint8_t *b, size_t n, int16_t v,
		kd_arena *a, void **out, char *err, size_t errlen);

#endif
