/*
 * topic_rules.h: what kdeck checks before it asks a broker to create or
 * change a topic, so that bad input gets a clear sentence and nothing is
 * sent: names (Kafka's legal characters and length, and the '.'/'_'
 * collision that makes two topics share metric names), partition counts,
 * replication factors against the live brokers, and the values of the
 * topic configs operators set most.  Pure functions, no I/O.  Each check
 * returns 0, or -1 with the sentence in err.
 */
#ifndef KDECK_TOPIC_RULES_H
#define KDECK_TOPIC_RULES_H

#include <stddef.h>

#define TOPIC_NAME_MAX 249

int topic_name_check(const char *name, char *err, size_t errlen);

/* The existing topic that name collides with: the same name, or the same
 * once '.' and '_' are taken as one (Kafka refuses those); NULL when none. */
const char *topic_collision(const char *name, const char *const *existing, int n);

int topic_partitions_check(long partitions, char *err, size_t errlen);
/* Adding partitions: only more than there are. */
int topic_partitions_increase_check(long current, long wanted, char *err, size_t errlen);
/* 1 .. live brokers (a replica per broker at most). */
int topic_rf_check(long rf, int live_brokers, char *err, size_t errlen);

/* A config value for key: checked for the keys kdeck knows (the type and
 * range Kafka enforces), any value for the others (the broker decides);
 * key itself must look like a config name.  rf (> 0) also checks
 * min.insync.replicas against it. */
int topic_config_check(const char *key, const char *value, long rf, char *err, size_t errlen);

/* The topic configs kdeck knows, NULL-ended (completion in the form). */
const char *const *topic_config_keys(void);

#endif
