/* gate.c: see gate.h. */
#include "config.h"

#include "gate.h"

#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

#define GATE_MAX_CONFIRMED 16

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static bool read_only;
static struct {
	gate_kind kind;
	uint64_t hash;
} confirmed[GATE_MAX_CONFIRMED];
static int n_confirmed;
static unsigned n_passed, n_refused;

static const char *const kind_names[GATE_KIND_COUNT] = {
	[GATE_GROUP_OFFSETS] = "reset group offsets",
	[GATE_GROUP_DELETE] = "delete a group",
	[GATE_TOPIC_CREATE] = "create a topic",
	[GATE_TOPIC_DELETE] = "delete a topic",
	[GATE_TOPIC_PARTITIONS] = "add partitions",
	[GATE_CONFIG_ALTER] = "change configs",
	[GATE_REASSIGN] = "reassign partitions",
};

const char *gate_kind_name(gate_kind k)
{
	return (int)k >= 0 && k < GATE_KIND_COUNT ? kind_names[k] : "change the cluster";
}

/* The whole description counts: one changed offset is another change. */
static uint64_t hash_text(const char *s)
{
	uint64_t h = 1469598103934665603ULL;
	for (; s && *s; s++)
		h = (h ^ (uint8_t)*s) * 1099511628211ULL;
	return h;
}

void gate_set_read_only(bool on)
{
	pthread_mutex_lock(&lock);
	if (on)
		read_only = true;
	pthread_mutex_unlock(&lock);
}

bool gate_read_only(void)
{
	pthread_mutex_lock(&lock);
	bool on = read_only;
	pthread_mutex_unlock(&lock);
	return on;
}

static int refuse_read_only(gate_kind kind, char *err, size_t errlen)
{
	snprintf(err, errlen, "read-only mode: refusing to %s (kdeck was started "
		 "with --read-only; nothing was sent)", gate_kind_name(kind));
	return -1;
}

int gate_allowed(gate_kind kind, char *err, size_t errlen)
{
	if (gate_read_only()) {
		pthread_mutex_lock(&lock);
		n_refused++;
		pthread_mutex_unlock(&lock);
		log_info("gate: refused (read-only): %s", gate_kind_name(kind));
		return refuse_read_only(kind, err, errlen);
	}
	return 0;
}

void gate_confirm(gate_kind kind, const char *description)
{
	pthread_mutex_lock(&lock);
	if (n_confirmed == GATE_MAX_CONFIRMED) {
		memmove(&confirmed[0], &confirmed[1], sizeof(confirmed[0]) * (GATE_MAX_CONFIRMED - 1));
		n_confirmed--;
	}
	confirmed[n_confirmed].kind = kind;
	confirmed[n_confirmed].hash = hash_text(description);
	n_confirmed++;
	pthread_mutex_unlock(&lock);
}

void gate_forget(void)
{
	pthread_mutex_lock(&lock);
	n_confirmed = 0;
	pthread_mutex_unlock(&lock);
}

int gate_check(gate_kind kind, const char *description, char *err, size_t errlen)
{
	uint64_t h = hash_text(description);
	int rc = -1;

	pthread_mutex_lock(&lock);
	if (read_only) {
		refuse_read_only(kind, err, errlen);
	} else {
		for (int i = 0; i < n_confirmed; i++) {
			if (confirmed[i].kind == kind && confirmed[i].hash == h) {
				memmove(&confirmed[i], &confirmed[i + 1],
					sizeof(confirmed[0]) * (size_t)(n_confirmed - i - 1));
				n_confirmed--;
				rc = 0;
				break;
			}
		}
		if (rc)
			snprintf(err, errlen, "refusing to %s: this change was not previewed "
				 "and confirmed (nothing was sent)", gate_kind_name(kind));
	}
	if (rc)
		n_refused++;
	else
		n_passed++;
	pthread_mutex_unlock(&lock);
	if (rc)
		log_info("gate: refused: %s: %s", gate_kind_name(kind), description);
	else
		log_info("gate: passed: %s: %s", gate_kind_name(kind), description);
	return rc;
}

unsigned gate_passed(void)
{
	pthread_mutex_lock(&lock);
	unsigned n = n_passed;
	pthread_mutex_unlock(&lock);
	return n;
}

unsigned gate_refused(void)
{
	pthread_mutex_lock(&lock);
	unsigned n = n_refused;
	pthread_mutex_unlock(&lock);
	return n;
}
