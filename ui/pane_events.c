/* pane_events.c: the Events pane (9), what changed in the cluster this
 * session, newest first, and the Alerts pane (0), the rules firing now,
 * the worst first.  / filters by kind or text; Enter opens the topic,
 * broker or group a row is about. */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>

#include "pane.h"

static kd_color_elem events_summary(const kd_snapshot *s, char *buf, size_t len)
{
	if (!s || !s->events_total) {
		snprintf(buf, len, "no event yet: kdeck compares each poll with the last one");
		return KD_COLOR_EMPTY;
	}
	snprintf(buf, len, "%" PRIu64 " events this session%s", s->events_total,
		 s->events_total > (uint64_t)s->n_events ? " (the newest kept)" : "");
	return KD_COLOR_HEADER_VALUE;
}

static void events_empty(const kd_snapshot *s, char *buf, size_t len)
{
	(void)s;
	snprintf(buf, len, "nothing has changed since kdeck started (brokers down or up, "
		 "leaders, ISR, topics, groups...)");
}

const kd_pane pane_events = {
	.name = "events",
	.source = &view_events,
	.empty = "no events",
	.empty_fn = events_empty,
	.summary = events_summary,
};

static kd_color_elem alerts_summary(const kd_snapshot *s, char *buf, size_t len)
{
	kd_severity worst;
	if (!view_alerts_summary(s, buf, len, &worst)) {
		snprintf(buf, len, "no alert firing");
		return KD_COLOR_STATUS_OK;
	}
	return worst == KD_SEV_CRITICAL ? KD_COLOR_OFFLINE :
	       worst == KD_SEV_WARNING ? KD_COLOR_LAG_WARN : KD_COLOR_HEADER_VALUE;
}

static void alerts_empty(const kd_snapshot *s, char *buf, size_t len)
{
	(void)s;
	snprintf(buf, len, "no alert firing (rules: [alert NAME] in the config file, "
		 "doc/alerts.md)");
}

const kd_pane pane_alerts = {
	.name = "alerts",
	.source = &view_alerts,
	.empty = "no alerts",
	.empty_fn = alerts_empty,
	.summary = alerts_summary,
};
