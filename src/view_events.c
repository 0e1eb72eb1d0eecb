/* view_events.c: the session's events (events.c), newest first, and the
 * alerts firing now (alerts.c).  A row opens what it is about: a topic's
 * partitions, a broker's partitions, a group. */
#include "config.h"

#include "view.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "events.h"

char *view_fmt_clock(char *buf, size_t len, int64_t wall_ms)
{
	time_t t = (time_t)(wall_ms / 1000);
	struct tm tm;
	if (wall_ms <= 0 || !localtime_r(&t, &tm) || !strftime(buf, len, "%Y-%m-%d %H:%M:%S", &tm))
		snprintf(buf, len, "-");
	return buf;
}

/* "orders-3", "broker 2", "group g1", or "-" */
static void object_text(char *buf, size_t len, const char *topic, int32_t partition,
			int32_t broker, const char *group)
{
	if (topic && partition >= 0)
		snprintf(buf, len, "%s-%d", topic, (int)partition);
	else if (topic)
		snprintf(buf, len, "%s", topic);
	else if (group)
		snprintf(buf, len, "group %s", group);
	else if (broker >= 0)
		snprintf(buf, len, "broker %d", (int)broker);
	else
		snprintf(buf, len, "-");
}

static void object_row(kd_row *r, const kd_snapshot *s, const char *topic, int32_t broker,
		       const char *group)
{
	r->topic = topic ? snapshot_topic(s, topic) : NULL;
	r->broker = !topic && !group && broker >= 0 ? snapshot_broker(s, broker) : NULL;
	r->group = group;
}

static unsigned severity_flags(kd_severity sev)
{
	return sev == KD_SEV_CRITICAL ? KD_ROW_OFFLINE :
	       sev == KD_SEV_WARNING ? KD_ROW_UNDER_REPLICATED : 0;
}

/* A topic opens its partitions, a broker the partitions it holds, a group
 * its own table. */
static const kd_view_source *drill_object(const kd_row *r, kd_drill *d)
{
	memset(d, 0, sizeof(*d));
	if (r->group && strlen(r->group) < sizeof(d->group)) {
		d->kind = KD_DRILL_GROUP;
		snprintf(d->group, sizeof(d->group), "%s", r->group);
		return &view_group;
	}
	if (r->topic && strlen(r->topic->name) < sizeof(d->topic)) {
		d->kind = KD_DRILL_TOPIC;
		snprintf(d->topic, sizeof(d->topic), "%s", r->topic->name);
		return &view_partitions;
	}
	if (r->broker) {
		d->kind = KD_DRILL_BROKER;
		d->broker = r->broker->id;
		return &view_partitions;
	}
	return NULL;
}

/* ---- events ------------------------------------------------------------------ */

enum { E_TIME, E_SEV, E_KIND, E_OBJECT, E_TEXT, E_N };

static const kd_column event_columns[E_N] = {
	[E_TIME] = { "time", "TIME", KD_COL_NUM, 19, 19, 0, false },
	[E_SEV] = { "severity", "SEVERITY", KD_COL_STR, 8, 8, 1, false },
	[E_KIND] = { "kind", "KIND", KD_COL_STR, 4, 22, 0, false },
	[E_OBJECT] = { "object", "OBJECT", KD_COL_STR, 6, 40, 2, false },
	[E_TEXT] = { "event", "EVENT", KD_COL_STR, 5, 0, 0, true },
};

static void build_events(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	(void)d;
	for (int i = 0; i < s->n_events; i++) {
		const kd_event *e = &s->events[i];
		char key[32], when[32], obj[300];
		/* its number in the session: stable while newer ones arrive */
		uint64_t serial = s->events_total - (uint64_t)i;
		snprintf(key, sizeof(key), "%" PRIu64, serial);
		kd_row *r = view_add_row(v, key);
		view_cell_num(v, r, E_TIME, (double)serial, view_fmt_clock(when, sizeof(when), e->ms));
		view_cell_num(v, r, E_SEV, e->severity, events_severity_name(e->severity));
		view_cell_text(v, r, E_KIND, events_kind_name(e->kind));
		object_text(obj, sizeof(obj), e->topic, e->partition, e->broker, e->group);
		view_cell_text(v, r, E_OBJECT, obj);
		view_cell_text(v, r, E_TEXT, e->text);
		object_row(r, s, e->topic, e->broker, e->group);
		r->flags |= severity_flags(e->severity);
	}
}

const kd_view_source view_events = {
	.name = "events",
	.title = "Events",
	.n_columns = E_N,
	.columns = event_columns,
	.default_sort = E_TIME,
	.default_desc = true,
	.build = build_events,
	.drill = drill_object,
};

/* ---- alerts ------------------------------------------------------------------ */

enum { A_SEV, A_RULE, A_SINCE, A_OBJECT, A_TEXT, A_N };

static const kd_column alert_columns[A_N] = {
	[A_SEV] = { "severity", "SEVERITY", KD_COL_NUM, 8, 8, 0, false },
	[A_RULE] = { "rule", "RULE", KD_COL_STR, 4, 24, 0, false },
	[A_SINCE] = { "since", "SINCE", KD_COL_NUM, 19, 19, 1, false },
	[A_OBJECT] = { "object", "OBJECT", KD_COL_STR, 6, 40, 2, false },
	[A_TEXT] = { "alert", "ALERT", KD_COL_STR, 5, 0, 0, true },
};

static void build_alerts(kd_view *v, const kd_snapshot *s, const kd_drill *d)
{
	(void)d;
	for (int i = 0; i < s->n_alerts; i++) {
		const kd_alert *a = &s->alerts[i];
		char key[600], when[32], obj[300];
		object_text(obj, sizeof(obj), a->topic, a->partition, a->broker, a->group);
		/* one alert per rule and object; message alerts differ by text */
		snprintf(key, sizeof(key), "%s\x1f%s\x1f%.200s", a->rule ? a->rule : "", obj,
			 a->text ? a->text : "");
		kd_row *r = view_add_row(v, key);
		view_cell_num(v, r, A_SEV, a->severity, events_severity_name(a->severity));
		view_cell_text(v, r, A_RULE, a->rule ? a->rule : "-");
		view_cell_num(v, r, A_SINCE, (double)a->since_ms,
			      view_fmt_clock(when, sizeof(when), a->since_ms));
		view_cell_text(v, r, A_OBJECT, obj);
		view_cell_text(v, r, A_TEXT, a->text ? a->text : "");
		object_row(r, s, a->topic, a->broker, a->group);
		r->flags |= severity_flags(a->severity);
	}
}

const kd_view_source view_alerts = {
	.name = "alerts",
	.title = "Alerts",
	.n_columns = A_N,
	.columns = alert_columns,
	.default_sort = A_SEV,
	.default_desc = true,
	.build = build_alerts,
	.drill = drill_object,
};

bool view_alerts_summary(const kd_snapshot *s, char *buf, size_t len, kd_severity *worst)
{
	int n[KD_SEV_CRITICAL + 1] = { 0 };
	*worst = KD_SEV_INFO;
	if (!s || !s->n_alerts)
		return false;
	for (int i = 0; i < s->n_alerts; i++) {
		kd_severity sv = s->alerts[i].severity;
		if ((unsigned)sv > KD_SEV_CRITICAL)
			sv = KD_SEV_INFO;
		n[sv]++;
		if (sv > *worst)
			*worst = sv;
	}
	size_t at = (size_t)snprintf(buf, len, "ALERTS");
	static const kd_severity order[] = { KD_SEV_CRITICAL, KD_SEV_WARNING, KD_SEV_INFO };
	for (int i = 0; i < 3 && at < len; i++)
		if (n[order[i]])
			at += (size_t)snprintf(buf + at, len - at, " %d %s", n[order[i]],
					       events_severity_name(order[i]));
	return true;
}
