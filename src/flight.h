/*
 * flight.h: what runs beside the collector on its thread each poll: the
 * alert rules of the config file (alerts.h, with the message-rule
 * consumers of alert_msg.h) and the flight recorder (--record, record.h).
 * Alerts fill each snapshot's alerts and add their fired and resolved
 * events to the collector's ring; the recorder writes each published
 * snapshot.  The collector owns it once attached (an abandoned collector
 * may outlive the UI by one poll).
 */
#ifndef KDECK_FLIGHT_H
#define KDECK_FLIGHT_H

#include <stddef.h>

#include "collector.h"
#include "options.h"

typedef struct kd_flight kd_flight;

/* From o->record and o->config's alert rules.  NULL with err "" when
 * there is nothing to do; NULL with err when the recording cannot be
 * opened or a message rule's consumer cannot start. */
kd_flight *flight_new(const kd_options *o, char *err, size_t errlen);
/* Before collector_start; c frees f when it is freed. */
void flight_attach(kd_flight *f, kd_collector *c);

#endif
