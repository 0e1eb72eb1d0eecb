/* flight.c: see flight.h. */
#include "config.h"

#include "flight.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert_msg.h"
#include "alerts.h"
#include "events.h"
#include "log.h"
#include "record.h"

struct kd_flight {
	kd_alert_rules *rules;
	kd_alert_state *state;
	kd_alert_msgs *msgs;
	kd_recorder *rec;
	char rec_error[256];     /* the recorder failed: said in the next snapshots */
	kd_event_ring *ring;     /* during evaluate only */
};

static void flight_free(void *ctx)
{
	kd_flight *f = ctx;
	if (!f)
		return;
	alert_msgs_stop(f->msgs);
	alerts_state_free(f->state);
	alerts_rules_free(f->rules);
	recorder_close(f->rec);
	free(f);
}

kd_flight *flight_new(const kd_options *o, char *err, size_t errlen)
{
	kd_flight *f = calloc(1, sizeof(*f));
	if (!f)
		abort();
	err[0] = '\0';
	f->rules = o->config ? alerts_from_config(o->config) : NULL;
	if (f->rules && f->rules->n) {
		f->state = alerts_state_new(f->rules);
		if (f->rules->n_message) {
			f->msgs = alert_msgs_start(f->rules, o, err, errlen);
			if (!f->msgs && err[0]) {
				flight_free(f);
				return NULL;
			}
		}
	}
	if (o->record) {
		kd_record_opts ro = { .bootstrap = o->bootstrap };
		f->rec = recorder_open(o->record, &ro, err, errlen);
		if (!f->rec) {
			flight_free(f);
			return NULL;
		}
		if (recorder_note(f->rec))
			log_warn("%s", recorder_note(f->rec));
	}
	if (!f->state && !f->rec) {
		flight_free(f);
		return NULL;
	}
	return f;
}

static void emit(void *ctx, const kd_event *e, const kd_alert *a)
{
	kd_flight *f = ctx;
	char err[256];
	events_ring_add(f->ring, e);
	if (e->kind == KD_EV_ALERT_FIRED && a && f->rules->command &&
	    alerts_run_command(f->rules, a, err, sizeof(err)))
		log_warn("alert %s: %s", a->rule, err);
}

static void evaluate(void *ctx, kd_snapshot *s, const kd_snapshot *prev, kd_event_ring *ring)
{
	kd_flight *f = ctx;
	if (f->rec_error[0])
		snapshot_add_error(s, "recording stopped: %s", f->rec_error);
	if (!f->state)
		return;
	f->ring = ring;
	alerts_eval(f->state, s, prev, f->msgs, emit, f);
	f->ring = NULL;
}

static void published(void *ctx, const kd_snapshot *s)
{
	kd_flight *f = ctx;
	char err[256];
	if (!f->rec || f->rec_error[0])
		return;
	if (recorder_write(f->rec, s, err, sizeof(err))) {
		snprintf(f->rec_error, sizeof(f->rec_error), "%s", err);
		log_warn("recording stopped: %s", err);
	}
}

static const kd_collector_hooks hooks = {
	.evaluate = evaluate,
	.published = published,
	.free = flight_free,
};

void flight_attach(kd_flight *f, kd_collector *c)
{
	if (f)
		collector_set_hooks(c, &hooks, f);
}
