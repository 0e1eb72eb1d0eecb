/*
 * test_snapshot_load.c: a snapshot read back from its JSON
 * (src/snapshot_load.c).  A snapshot with every part filled in (groups
 * from the groups poller, replica states, quorum, reassignments, MSK,
 * events, alerts, errors, histories) written as JSON and loaded gives the
 * same JSON, both the --once --json form and the recording's; corrupt
 * documents (wrong types, huge counts, missing members, unsorted arrays)
 * give NULL and a message naming the member, never a crash.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "events.h"
#include "groups_fixtures.h"
#include "snapshot_json.h"
#include "snapshot_load.h"

static void hist(kd_history *h, int n, double base)
{
	h->n = n;
	for (int i = 0; i < n; i++)
		h->v[i] = base + i * 0.25;
}

/* Everything a snapshot can hold, over the groups fixture's cluster. */
static kd_snapshot *rich_snapshot(void)
{
	static const int32_t a_parts[] = { 0, 1, -1 }, b_parts[] = { 2, -1 };
	groups_poller *gp = fake_poller(3);
	kd_snapshot *prev = NULL, *s = NULL;
	for (int i = 0; i < 3; i++) {
		int64_t high[3] = { 100 + 20 * i, 100 + 20 * i, 100 + 20 * i };
		int64_t slow[3] = { 90 + 10 * i, 90 + 10 * i, 90 + 10 * i };
		int64_t idle[3] = { 50, 50, -1 };
		fake_poll f;
		fake_init(&f);
		fake_list(&f, "slow", "Stable");
		fake_list(&f, "idle", "Empty");
		fake_list(&f, "ok", "Stable");
		wire_described_group *d = fake_describe(&f, "slow", "Stable");
		fake_member(&f, d, "m-a", "client-a", a_parts);
		fake_member(&f, d, "m-b", "client-b", b_parts);
		fake_describe(&f, "ok", "Stable");
		fake_fetch(&f, "slow", slow, 3);
		fake_fetch(&f, "idle", idle, 3);
		fake_fetch(&f, "ok", high, 3);
		s = fake_snapshot(1000 * (i + 1), high, prev);
		snapshot_finish(s);
		fake_feed(gp, s, &f);
		snapshot_free(prev);
		prev = s;
		arena_free(&f.a);
	}
	groups_poller_free(gp);

	kd_arena *a = &s->arena;
	s->seq = 42;
	s->taken_ms = 1767225600123;
	s->poll_ms = 17;
	s->interval_ms = 2000;
	s->connected = true;
	s->bootstrap = "localhost:9092";
	s->requests = 12;
	s->na = KD_NA_QUORUM;
	s->msgs_rate = 12.5;
	s->bytes_rate = 1024.75;
	hist(&s->msgs_history, 5, 1);
	hist(&s->bytes_history, 7, 100);
	s->last_error = "metadata: timed out";
	s->last_error_ms = 1767225500000;
	s->last_ok_ms = 1767225600000;
	s->unreachable_since_ms = 0;

	kd_broker *b = &s->brokers[0];
	b->rack = "rack-a";
	b->msgs_in_rate = 3.25;
	b->bytes_in_rate = 400;
	b->log_bytes = 123456;
	b->disk_total = 1 << 30;
	b->disk_usable = 1 << 29;
	b->responsive = true;
	b->na = KD_NA_LOGDIRS | KD_NA_REASSIGN;
	b->leader_throttle = 1000000;
	hist(&b->msgs_history, 3, 2);
	hist(&b->bytes_history, KD_HISTORY, 3);

	for (int t = 0; t < s->n_topics; t++) {
		kd_topic *kt = &s->topics[t];
		kt->min_isr = t == 0 ? 2 : 0;
		kt->msgs_rate = 1.5 + t;
		kt->size = 4096;
		kt->leader_throttled = t == 0 ? "0:1,1:1" : NULL;
		hist(&kt->msgs_history, 4, t);
		for (int p = 0; p < kt->n_partitions; p++) {
			kd_partition *kp = &kt->partitions[p];
			kp->msgs_rate = 0.5 * p;
			kp->size = 1000 + p;
			kd_replica_state *rs = arena_calloc(a, (size_t)kp->n_replicas,
							    sizeof(*rs));
			for (int r = 0; r < kp->n_replicas; r++)
				rs[r] = (kd_replica_state){ .broker = kp->replicas[r], .size = 1000,
							    .leo = 50, .lag_offsets = 0,
							    .lag_bytes = KD_UNKNOWN, .in_isr = true,
							    .stale = r == 1, .out_of_isr_ms = KD_UNKNOWN };
			kp->rstate = rs;
		}
	}
	s->topics[0].partitions[1].err = 9;

	s->quorum.known = true;
	s->quorum.leader = 1;
	s->quorum.epoch = 7;
	s->quorum.high_watermark = 999;
	s->quorum.n_voters = 2;
	s->quorum.voters = arena_calloc(a, 2, sizeof(kd_voter));
	s->quorum.voters[0] = (kd_voter){ 1, 999, 1767225600000, 1767225600000, false };
	s->quorum.voters[1] = (kd_voter){ 5, 990, KD_UNKNOWN, KD_UNKNOWN, true };

	static const int32_t reps[] = { 1, 2, 3 }, add[] = { 3 }, rem[] = { 2 };
	s->reassign_known = true;
	s->n_reassign_rows = 2;
	s->n_reassignments = 1;
	s->reassignments = arena_calloc(a, 2, sizeof(kd_reassignment));
	s->reassignments[0] = (kd_reassignment){ .topic = "orders", .partition = 0,
		.n_replicas = 3, .n_adding = 1, .n_removing = 1, .replicas = reps,
		.adding = add, .removing = rem, .bytes_total = 5000, .bytes_copied = 2500,
		.rate = 250.5, .eta_ms = 10000, .since_ms = 1767225590000 };
	s->reassignments[1] = (kd_reassignment){ .topic = "pay", .partition = 0,
		.n_replicas = 1, .replicas = reps, .bytes_total = KD_UNKNOWN,
		.bytes_copied = KD_UNKNOWN, .rate = KD_UNKNOWN, .eta_ms = KD_UNKNOWN,
		.done = true, .cancelled = true, .done_ms = 1767225595000 };

	kd_msk *m = arena_calloc(a, 1, sizeof(*m));
	static const char *zones[] = { "use1-az1", "use1-az2" }, *auth[] = { "iam" };
	m->name = "prod";
	m->arn = "arn:aws:kafka:us-east-1:1:cluster/prod/x";
	m->state = "ACTIVE";
	m->type = "PROVISIONED";
	m->kafka_version = "3.6.0";
	m->instance_type = "kafka.m5.large";
	m->brokers = 3;
	m->storage_gb = KD_UNKNOWN;
	m->n_zones = 2;
	m->zones = zones;
	m->n_auth = 1;
	m->auth = auth;
	kd_msk_node *nodes = arena_calloc(a, 1, sizeof(*nodes));
	nodes[0] = (kd_msk_node){ 1, "use1-az1", "subnet-1", "kafka.m5.large", NULL };
	m->n_nodes = 1;
	m->nodes = nodes;
	kd_msk_op *ops = arena_calloc(a, 2, sizeof(*ops));
	ops[0] = (kd_msk_op){ "UPDATE", "UPDATE_IN_PROGRESS", "2026-01-01T00:00:00Z", "step 1",
			      NULL };
	ops[1] = (kd_msk_op){ "CREATE", "UPDATE_COMPLETE", "2025-01-01T00:00:00Z", NULL,
			      "2025-01-01T01:00:00Z" };
	m->n_ops = 1;
	m->ops = ops;
	m->n_history = 2;
	m->history = ops;
	m->auth_used = "iam";
	m->read_ms = 1767225600000;
	m->throttled = true;
	s->msk = m;

	kd_event *ev = arena_calloc(a, 3, sizeof(*ev));
	ev[0] = (kd_event){ 1767225600000, KD_EV_BROKER_DOWN, KD_SEV_CRITICAL, NULL, -1, 2,
			    NULL, "broker 2 down (rack b)" };
	ev[1] = (kd_event){ 1767225599000, KD_EV_ISR_SHRINK, KD_SEV_WARNING, "orders", 1, -1,
			    NULL, "orders-1 ISR 1,2 -> 1" };
	ev[2] = (kd_event){ 1767225598000, KD_EV_GROUP_STATUS, KD_SEV_INFO, NULL, -1, -1,
			    "slow", "slow: OK -> WARN \x1b]52;evil\x07" };
	s->n_events = 3;
	s->events = ev;
	s->events_total = 1234;
	kd_alert *al = arena_calloc(a, 1, sizeof(*al));
	al[0] = (kd_alert){ "urp", KD_SEV_CRITICAL, 1767225500000, "under-replicated 4 > 0",
			    "orders", 0, -1, NULL };
	s->n_alerts = 1;
	s->alerts = al;
	static const char *errs[] = { "describe log dirs: broker 3: timed out",
				      "bad \xff utf-8" };
	s->n_errors = 2;
	s->errors = errs;
	return s;
}

static char *dump(const kd_snapshot *s, unsigned flags)
{
	json_t *j = snapshot_json_object(s, flags);
	char *t = json_dumps(j, JSON_INDENT(1) | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(17));
	json_decref(j);
	assert_non_null(t);
	return t;
}

static void round_trip(kd_snapshot *s, unsigned flags)
{
	char err[256] = "";
	char *a = dump(s, flags);
	json_t *j = json_loads(a, 0, NULL);
	assert_non_null(j);
	kd_snapshot *back = snapshot_from_json(j, err, sizeof(err));
	if (!back)
		fail_msg("load failed: %s", err);
	assert_true(back->replayed);
	char *b = dump(back, flags);
	assert_string_equal(a, b);
	/* and the --once --json text too */
	char *x = snapshot_json(s), *y = snapshot_json(back);
	assert_string_equal(x, y);
	free(x);
	free(y);
	free(a);
	free(b);
	json_decref(j);
	snapshot_free(back);
}

static void test_round_trip(void **state)
{
	(void)state;
	kd_snapshot *s = rich_snapshot();
	s->replayed = true;   /* a loaded snapshot says so: compare like with like */
	assert_non_null(s->groups);
	assert_true(s->groups->n_groups == 3);
	round_trip(s, SNAPSHOT_JSON_RECORD);
	round_trip(s, 0);

	/* the parts that may be absent */
	s->msk = NULL;
	s->groups = NULL;
	s->reassign_known = false;
	s->quorum.known = false;
	s->cluster_id = NULL;
	s->controller_id = -1;
	s->n_events = s->n_alerts = 0;
	round_trip(s, SNAPSHOT_JSON_RECORD);
	snapshot_free(s);

	kd_snapshot *empty = snapshot_new();
	empty->replayed = true;
	round_trip(empty, SNAPSHOT_JSON_RECORD);
	snapshot_free(empty);
}

/* The loaded snapshot works with the lookups (sorted arrays, members). */
static void test_lookups(void **state)
{
	(void)state;
	char err[256];
	kd_snapshot *s = rich_snapshot();
	json_t *j = snapshot_json_object(s, SNAPSHOT_JSON_RECORD);
	kd_snapshot *b = snapshot_from_json(j, err, sizeof(err));
	assert_non_null(b);
	assert_non_null(snapshot_partition(b, "orders", 2));
	assert_non_null(snapshot_broker(b, 1));
	const kd_group *g = groups_find(b->groups, "slow");
	assert_non_null(g);
	const kd_group_partition *p = groups_find_partition(g, "orders", 2);
	assert_non_null(p);
	assert_non_null(groups_member_of(g, p));
	assert_string_equal(groups_member_of(g, p)->client_id, "client-b");
	assert_int_equal(b->n_reassignments, 1);
	assert_int_equal(b->reassignments[0].since_ms, 1767225590000);
	assert_int_equal(b->brokers[0].bytes_history.n, KD_HISTORY);
	assert_string_equal(b->last_error, "metadata: timed out");
	assert_int_equal(g->eval.n_partitions, g->n_partitions);
	json_decref(j);
	snapshot_free(b);
	snapshot_free(s);
}

/* Load text with one change made by a jq-like path edit. */
static void expect_refused(const json_t *good, const char *path, json_t *value,
			   const char *want)
{
	char err[256] = "";
	json_t *j = json_deep_copy(good), *cur = j;
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", path);
	char *save, *tok = strtok_r(buf, ".", &save), *next;
	while ((next = strtok_r(NULL, ".", &save))) {
		cur = json_is_array(cur) ? json_array_get(cur, (size_t)atoi(tok))
					 : json_object_get(cur, tok);
		assert_non_null(cur);
		tok = next;
	}
	if (json_is_array(cur))
		json_array_set_new(cur, (size_t)atoi(tok), value);
	else if (value)
		json_object_set_new(cur, tok, value);
	else
		json_object_del(cur, tok);
	kd_snapshot *s = snapshot_from_json(j, err, sizeof(err));
	if (s)
		fail_msg("%s accepted", path);
	if (!strstr(err, want))
		fail_msg("%s: message \"%s\" lacks \"%s\"", path, err, want);
	json_decref(j);
}

static void test_corrupt(void **state)
{
	(void)state;
	kd_snapshot *s = rich_snapshot();
	json_t *good = snapshot_json_object(s, SNAPSHOT_JSON_RECORD);
	snapshot_free(s);

	expect_refused(good, "seq", json_string("1"), "seq: expected an integer");
	expect_refused(good, "taken_ms", NULL, "taken_ms: missing");
	expect_refused(good, "brokers", json_object(), "brokers: expected an array");
	expect_refused(good, "brokers.0.port", json_integer(70000), "brokers[0].port: 70000 out");
	expect_refused(good, "brokers.0.rack", json_integer(1), "brokers[0].rack: expected a string");
	expect_refused(good, "topics.0.partitions.1.isr.0", json_string("x"),
		       "topics[0].partitions[1].isr[0]: expected an integer");
	expect_refused(good, "topics.0.partitions.0.replica_states", json_array(),
		       "topics[0].partitions[0].replica_states: 0 entries");
	expect_refused(good, "topics.0.partition_count", json_integer(1000000000),
		       "topics[0].partition_count");
	expect_refused(good, "topics.0.partition_count", json_integer(2),
		       "topics[0].partition_count: 2, but 3");
	expect_refused(good, "topics.0.id", json_string("zz"), "topics[0].id");
	expect_refused(good, "topics.1.name", json_string("a"), "topics not sorted");
	expect_refused(good, "topics.0.msgs_per_sec", json_true(), "expected a number");
	expect_refused(good, "topics.0.name", json_stringn("a\0b", 3), "NUL");
	expect_refused(good, "groups.count", json_integer(99), "groups.count");
	expect_refused(good, "groups.groups.0.status", json_string("FINE"), "groups.groups[0].status");
	expect_refused(good, "groups.groups.0.partitions.0.committed", json_real(1.5),
		       "groups.groups[0].partitions[0].committed");
	expect_refused(good, "groups.config.isolation", json_string("x"), "isolation");
	expect_refused(good, "reassignments.0.state", json_string("paused"), "reassignments[0].state");
	expect_refused(good, "msk.zones.0", json_integer(1), "msk.zones[0]");
	expect_refused(good, "msk.nodes", json_string("x"), "msk.nodes");
	expect_refused(good, "events.0.kind", json_string("meteor"), "events[0].kind");
	expect_refused(good, "alerts.0.severity", json_string("dire"), "alerts[0].severity");
	expect_refused(good, "quorum.voters.0", json_integer(3), "quorum.voters[0]");

	/* huge counts: an array longer than a cap */
	json_t *many = json_array();
	for (int i = 0; i < KD_EVENTS_KEEP + 1; i++)
		json_array_append(many, json_array_get(json_object_get(good, "events"), 0));
	expect_refused(good, "events", many, "events: 1001 elements, at most 1000");
	json_t *errs = json_array();
	for (int i = 0; i < KD_ERRORS_MAX + 1; i++)
		json_array_append_new(errs, json_string("e"));
	expect_refused(good, "errors", errs, "errors: 65 elements");
	json_t *reps = json_array();
	for (int i = 0; i < KD_REPLICAS_MAX + 1; i++)
		json_array_append_new(reps, json_integer(1));
	expect_refused(good, "topics.0.partitions.0.replicas", reps, "replicas: 257 elements");
	json_t *h = json_array();
	for (int i = 0; i < KD_HISTORY + 1; i++)
		json_array_append_new(h, json_real(1));
	expect_refused(good, "brokers.0.msgs_in_per_sec_history", h, "33 elements");

	char err[128] = "";
	assert_null(snapshot_from_json(NULL, err, sizeof(err)));
	assert_null(snapshot_from_json(json_object_get(good, "seq"), err, sizeof(err)));
	assert_string_equal(err, "document: expected an object");
	json_t *empty = json_object();
	assert_null(snapshot_from_json(empty, err, sizeof(err)));
	assert_string_equal(err, "seq: missing");
	json_decref(empty);

	/* every member of every object replaced by each wrong type: a clean
	 * refusal or a load, never a crash (ASan and UBSan watch) */
	json_t *wrong[] = { json_null(), json_true(), json_integer(-5), json_integer(INT64_MAX),
			    json_real(-1e300), json_string("x"), json_array(), json_object() };
	int loaded = 0, refused = 0;
	json_t *stack[64];
	int depth = 0;
	stack[depth++] = good;
	while (depth) {
		json_t *cur = stack[--depth];
		const char *k;
		json_t *v;
		size_t i;
		if (json_is_object(cur)) {
			json_object_foreach(cur, k, v) {
				json_t *keep = json_incref(v);
				for (size_t w = 0; w < sizeof(wrong) / sizeof(wrong[0]); w++) {
					json_object_set(cur, k, wrong[w]);
					kd_snapshot *x = snapshot_from_json(good, err, sizeof(err));
					if (x) {
						loaded++;
						char *t = snapshot_json(x);
						assert_non_null(t);
						free(t);
					} else {
						refused++;
						assert_true(err[0]);
					}
					snapshot_free(x);
				}
				json_object_set_new(cur, k, keep);
				if ((json_is_object(keep) || json_is_array(keep)) && depth < 64)
					stack[depth++] = keep;
			}
		} else if (json_is_array(cur)) {
			json_array_foreach(cur, i, v)
				if ((json_is_object(v) || json_is_array(v)) && depth < 64 && i < 2)
					stack[depth++] = v;
		}
	}
	assert_true(refused > 100);
	assert_true(loaded > 0);
	for (size_t w = 0; w < sizeof(wrong) / sizeof(wrong[0]); w++)
		json_decref(wrong[w]);
	json_decref(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_lookups),
		cmocka_unit_test(test_corrupt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
