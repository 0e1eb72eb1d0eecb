/* gate.c: see gate.h. */
#include "config.h"

#include "gate.h"

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "log.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned n_passed, n_refused;

static const char *const kind_names[GATE_KIND_COUNT] = {
	[GATE_GROUP_OFFSETS] = "reset group offsets",
	[GATE_GROUP_DELETE] = "delete a group",
	[GATE_TOPIC_CREATE] = "create a topic",
	[GATE_TOPIC_DELETE] = "delete a topic",
	[GATE_TOPIC_PARTITIONS] = "add partitions",
	[GATE_CONFIG_ALTER] = "change configs",
	[GATE_REASSIGN] = "reassign partitions",
	[GATE_PRODUCE] = "produce a message",
	[GATE_REASSIGN_CANCEL] = "cancel reassignments",
	[GATE_THROTTLE] = "change replication throttles",
	[GATE_ELECT_LEADERS] = "elect leaders",
};

const char *gate_kind_name(gate_kind k)
{
	return (int)k >= 0 && k < GATE_KIND_COUNT ? kind_names[k] : "change the cluster";
}

static void count(bool passed)
{
	pthread_mutex_lock(&lock);
	if (passed)
		n_passed++;
	else
		n_refused++;
	pthread_mutex_unlock(&lock);
}

int gate_allowed(const kd_options *o, gate_kind kind, char *err, size_t errlen)
{
	if (!o || !o->read_only)
		return 0;
	count(false);
	snprintf(err, errlen, "read-only mode: refusing to %s (%s; nothing was sent)",
		 gate_kind_name(kind), o->read_only_why ? o->read_only_why
							: "kdeck was started with --read-only");
	log_info("gate: refused (read-only): %s", gate_kind_name(kind));
	return -1;
}

int gate_pass(const kd_options *o, gate_kind kind,
	      const char *const *confirmed, int n_confirmed,
	      const char *const *now, int n_now, char *err, size_t errlen)
{
	if (gate_allowed(o, kind, err, errlen))
		return -1;
	int i = 0;
	while (i < n_confirmed && i < n_now && !strcmp(confirmed[i], now[i]))
		i++;
	if (i == n_confirmed && i == n_now && n_now > 0) {
		count(true);
		log_info("gate: passed: %s: %d request%s", gate_kind_name(kind), n_now,
			 n_now == 1 ? "" : "s");
		return 0;
	}
	count(false);
	if (n_now == 0)
		snprintf(err, errlen, "refusing to %s: there is nothing to send (nothing was sent)",
			 gate_kind_name(kind));
	else
		snprintf(err, errlen, "refusing to %s: the plan changed since the preview "
			 "(previewed: %s; now: %s); nothing was sent: preview it again",
			 gate_kind_name(kind), i < n_confirmed ? confirmed[i] : "(nothing more)",
			 i < n_now ? now[i] : "(nothing more)");
	log_info("gate: refused: %s", err);
	return -1;
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
