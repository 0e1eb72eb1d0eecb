/*
 * test_tail_buffer.c: the tail pane's ring: wrapping, exact counts when
 * batches are thinned, filters applied again to what is held, the
 * wake-up descriptor, owned copies, capacity changes, the byte bound
 * and saving.
 */
#include "config.h"

#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "tail_buffer.h"

/* Message number i: key "k<i>", value "v<i>" (or a JSON document with
 * json), partition i % 3, offset i. */
static void add_n(tail_buffer *b, int from, int n, bool json)
{
	for (int i = from; i < from + n; i++) {
		char key[32], value[64];
		kd_msg m = {0};
		snprintf(key, sizeof(key), "k%d", i);
		if (json)
			snprintf(value, sizeof(value), "{\"n\":%d}", i);
		else
			snprintf(value, sizeof(value), "v%d", i);
		m.topic = "t";
		m.partition = i % 3;
		m.offset = i;
		m.timestamp = 1000 + i;
		m.ts_type = KD_TS_CREATE;
		m.key = key;
		m.key_len = strlen(key);
		m.value = value;
		m.value_len = strlen(value);
		tail_buffer_add(b, &m);
	}
}

/* One batch of n messages starting at from. */
static void batch(tail_buffer *b, int from, int n, int64_t now)
{
	tail_buffer_begin(b);
	add_n(b, from, n, false);
	tail_buffer_commit(b, now);
}

static tail_buffer *new_buffer(size_t cap, int wake_ms)
{
	char err[128];
	tail_buffer *b = tail_buffer_new(cap, wake_ms, err, sizeof(err));
	if (!b)
		fail_msg("tail_buffer_new: %s", err);
	return b;
}

static msgfilter *compile(const char *src)
{
	char err[256];
	msgfilter *f = msgfilter_compile(src, NULL, err, sizeof(err));
	if (!f)
		fail_msg("filter <%s>: %s", src, err);
	return f;
}

/* The number in value "v<n>" (the bytes are not NUL-terminated). */
static int64_t value_number(const tail_entry *e)
{
	char buf[32];

	assert_non_null(e);
	assert_true(e->msg.value_len > 1 && e->msg.value_len < sizeof(buf));
	memcpy(buf, e->msg.value, e->msg.value_len);
	buf[e->msg.value_len] = '\0';
	return strtoll(buf + 1, NULL, 10);
}

static void test_wrap(void **state)
{
	tail_buffer *b = new_buffer(5, 0);
	tail_stats st;

	(void)state;
	batch(b, 0, 3, 1);
	tail_buffer_stats(b, &st);
	assert_int_equal(st.held, 3);
	assert_int_equal(st.first_seq, 0);
	assert_int_equal(st.next_seq, 3);

	/* 3 + 4 = 7 into 5 slots: seq 0 and 1 go */
	batch(b, 3, 4, 2);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	assert_int_equal(st.held, 5);
	assert_int_equal(st.first_seq, 2);
	assert_int_equal(st.next_seq, 7);
	assert_int_equal(st.consumed, 7);
	assert_null(tail_buffer_get_locked(b, 1));
	assert_null(tail_buffer_get_locked(b, 7));
	for (int64_t s = 2; s < 7; s++) {
		const tail_entry *e = tail_buffer_get_locked(b, s);
		assert_int_equal(e->seq, s);
		assert_int_equal(value_number(e), s);
		assert_int_equal(e->msg.offset, s);
		assert_int_equal(e->msg.partition, s % 3);
	}
	tail_buffer_unlock(b);

	/* many single-message batches: every slot reused several times */
	for (int i = 7; i < 50; i++)
		batch(b, i, 1, 3 + i);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	assert_int_equal(st.first_seq, 45);
	assert_int_equal(st.next_seq, 50);
	for (int64_t s = 45; s < 50; s++)
		assert_int_equal(value_number(tail_buffer_get_locked(b, s)), s);
	assert_int_equal(tail_buffer_last_match_locked(b), 49);
	assert_int_equal(tail_buffer_first_match_locked(b), 45);
	assert_int_equal(tail_buffer_prev_match_locked(b, 45), -1);
	assert_int_equal(tail_buffer_next_match_locked(b, 49), -1);
	assert_int_equal(tail_buffer_next_match_locked(b, 3), 45);
	tail_buffer_unlock(b);
	tail_buffer_free(b);
}

/* A batch far larger than the ring: only the newest are copied, every
 * one is counted and filtered. */
static void test_thinning_counts_exact(void **state)
{
	tail_buffer *b = new_buffer(100, 0);
	tail_stats st;

	(void)state;
	tail_buffer_set_filter(b, compile("key~/^k[0-9]*7$/"));
	batch(b, 0, 10, 1);             /* k7 matches */
	tail_buffer_begin(b);
	add_n(b, 10, 25000, false);
	tail_buffer_commit(b, 2);
	batch(b, 25010, 990, 3);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	assert_int_equal(st.consumed, 26000);
	assert_int_equal(st.scanned, 26000);
	assert_int_equal(st.matched, 2600);      /* one in ten ends in 7 */
	assert_true(st.filtered);
	assert_int_equal(st.held, 100);
	assert_int_equal(st.held_matched, 10);
	assert_int_equal(st.first_seq, 25900);
	assert_int_equal(st.next_seq, 26000);
	for (int64_t s = 25900; s < 26000; s++) {
		const tail_entry *e = tail_buffer_get_locked(b, s);
		assert_int_equal(value_number(e), s);
		assert_int_equal(e->match, s % 10 == 7);
	}
	/* walking the matches: 25997, 25987, ... */
	int64_t s = tail_buffer_last_match_locked(b);
	int n = 0;
	assert_int_equal(s, 25997);
	while (s >= 0) {
		assert_int_equal(s % 10, 7);
		s = tail_buffer_prev_match_locked(b, s);
		n++;
	}
	assert_int_equal(n, 10);
	tail_buffer_unlock(b);

	/* the thinned batch in one go: the ring holds its newest only */
	tail_buffer_begin(b);
	add_n(b, 26000, 1000, false);
	tail_buffer_commit(b, 4);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	assert_int_equal(st.first_seq, 26900);
	assert_int_equal(value_number(tail_buffer_get_locked(b, 26900)), 26900);
	assert_int_equal(st.matched, 2700);
	tail_buffer_unlock(b);
	tail_buffer_free(b);
}

/* A new filter judges what is held again; the counts restart from it. */
static void test_refilter(void **state)
{
	tail_buffer *b = new_buffer(1000, 0);
	tail_stats st;

	(void)state;
	tail_buffer_begin(b);
	add_n(b, 0, 200, true);
	tail_buffer_commit(b, 1);
	tail_buffer_stats(b, &st);
	assert_int_equal(st.matched, 200);
	assert_false(st.filtered);

	tail_buffer_set_filter(b, compile("value.n >= 150"));
	tail_buffer_stats(b, &st);
	assert_true(st.filtered);          /* asked for, shown at once */
	assert_int_equal(st.matched, 200); /* applied by the next batch */
	tail_buffer_begin(b);
	tail_buffer_commit(b, 2);
	tail_buffer_stats(b, &st);
	assert_int_equal(st.scanned, 200);
	assert_int_equal(st.matched, 50);
	assert_int_equal(st.held_matched, 50);

	tail_buffer_begin(b);
	add_n(b, 200, 100, true);
	tail_buffer_commit(b, 3);
	tail_buffer_stats(b, &st);
	assert_int_equal(st.scanned, 300);
	assert_int_equal(st.matched, 150);
	assert_int_equal(st.consumed, 300);

	/* two filters before a batch: the newer one wins */
	tail_buffer_set_filter(b, compile("value.n < 10"));
	tail_buffer_set_filter(b, compile("value.n < 20"));
	batch(b, 300, 0, 4);
	tail_buffer_stats(b, &st);
	assert_int_equal(st.matched, 20);
	tail_buffer_lock(b);
	assert_int_equal(tail_buffer_first_match_locked(b), 0);
	assert_int_equal(tail_buffer_last_match_locked(b), 19);
	assert_int_equal(tail_buffer_next_match_locked(b, 19), -1);
	tail_buffer_unlock(b);

	/* no filter: everything again */
	tail_buffer_set_filter(b, NULL);
	batch(b, 300, 0, 5);
	tail_buffer_stats(b, &st);
	assert_false(st.filtered);
	assert_int_equal(st.matched, 300);
	assert_int_equal(st.scanned, 300);
	tail_buffer_free(b);
}

static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };
	return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/* One wake-up per wake_ms at most, and none while one is unread. */
static void test_wakeup(void **state)
{
	tail_buffer *b = new_buffer(10, 100);
	int fd = tail_buffer_fd(b);

	(void)state;
	assert_false(readable(fd));
	batch(b, 0, 1, 1000);
	assert_true(readable(fd));
	tail_buffer_ack(b);
	assert_false(readable(fd));
	batch(b, 1, 1, 1050);              /* too soon */
	assert_false(readable(fd));
	batch(b, 2, 0, 1099);              /* still too soon */
	assert_false(readable(fd));
	batch(b, 2, 0, 1100);              /* the change is told later */
	assert_true(readable(fd));
	batch(b, 2, 5, 1300);              /* unread: no second byte */
	tail_buffer_ack(b);
	assert_false(readable(fd));
	batch(b, 7, 0, 1350);              /* nothing new since the read */
	assert_false(readable(fd));
	tail_buffer_set_state(b, TAIL_STATE_FAILED, "boom");
	assert_true(readable(fd));
	tail_stats st;
	tail_buffer_stats(b, &st);
	assert_int_equal(st.state, TAIL_STATE_FAILED);
	assert_string_equal(st.error, "boom");
	tail_buffer_free(b);
}

/* Entries own their bytes: nulls stay null, headers are copied, long
 * values are cut but keep their size. */
static void test_entry_copy(void **state)
{
	char big[100];
	kd_msg_header h[2] = {
		{ "trace", "abc", 3 },
		{ "nil", NULL, 0 },
	};
	kd_msg m = {0};
	tail_entry *e;

	(void)state;
	memset(big, 'x', sizeof(big));
	m.topic = "orders";
	m.value = big;
	m.value_len = sizeof(big);
	m.headers = h;
	m.n_headers = 2;
	e = tail_entry_copy(&m, 10);
	memset(big, 'y', sizeof(big));
	assert_null(e->msg.key);
	assert_string_equal(e->msg.topic, "orders");
	assert_int_equal(e->msg.value_len, 10);
	assert_int_equal(e->value_size, 100);
	assert_memory_equal(e->msg.value, "xxxxxxxxxx", 10);
	assert_int_equal(e->msg.n_headers, 2);
	assert_string_equal(e->msg.headers[0].name, "trace");
	assert_memory_equal(e->msg.headers[0].value, "abc", 3);
	assert_int_equal(e->msg.headers[0].value_len, 3);
	assert_string_equal(e->msg.headers[1].name, "nil");
	assert_null(e->msg.headers[1].value);
	free(e);

	/* an empty value is not a null one */
	m.value = "";
	m.value_len = 0;
	m.n_headers = 0;
	e = tail_entry_copy(&m, 10);
	assert_non_null(e->msg.value);
	assert_int_equal(e->msg.value_len, 0);
	assert_null(e->msg.headers);
	free(e);
}

static void test_capacity(void **state)
{
	tail_buffer *b = new_buffer(10, 0);
	tail_stats st;

	(void)state;
	batch(b, 0, 10, 1);
	assert_int_equal(tail_buffer_set_capacity(b, 0), -1);
	assert_int_equal(tail_buffer_set_capacity(b, TAIL_BUFFER_MAX_CAP + 1), -1);
	assert_int_equal(tail_buffer_set_capacity(b, 4), 0);
	batch(b, 10, 0, 2);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	assert_int_equal(st.cap, 4);
	assert_int_equal(st.first_seq, 6);
	for (int64_t s = 6; s < 10; s++)
		assert_int_equal(value_number(tail_buffer_get_locked(b, s)), s);
	tail_buffer_unlock(b);
	assert_int_equal(tail_buffer_set_capacity(b, 20), 0);
	batch(b, 10, 12, 3);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	assert_int_equal(st.held, 16);
	assert_int_equal(st.first_seq, 6);
	for (int64_t s = 6; s < 22; s++)
		assert_int_equal(value_number(tail_buffer_get_locked(b, s)), s);
	tail_buffer_unlock(b);
	tail_buffer_free(b);
}

/* Message i with key "k<i>" and a value of size bytes. */
static void add_big(tail_buffer *b, int i, size_t size)
{
	char key[32];
	char *value = malloc(size);
	kd_msg m = {0};

	assert_non_null(value);
	memset(value, 'x', size);
	snprintf(key, sizeof(key), "k%d", i);
	m.topic = "t";
	m.offset = i;
	m.key = key;
	m.key_len = strlen(key);
	m.value = value;
	m.value_len = size;
	tail_buffer_add(b, &m);
	free(value);
}

/* The number in key "k<n>". */
static int key_number(const tail_entry *e)
{
	char buf[32];

	assert_non_null(e);
	assert_true(e->msg.key_len > 1 && e->msg.key_len < sizeof(buf));
	memcpy(buf, e->msg.key, e->msg.key_len);
	buf[e->msg.key_len] = '\0';
	return atoi(buf + 1);
}

/* The ring holds bytes as well as messages: a batch of large messages
 * keeps only its newest within the bound (counted all the same), small
 * ones push the large ones out, and one message larger than the bound is
 * still shown. */
static void test_byte_bound(void **state)
{
	tail_buffer *b = new_buffer(100, 0);
	tail_stats st;
	const size_t bound = 20000;

	(void)state;
	assert_int_equal(tail_buffer_set_max_bytes(b, 0), -1);
	assert_int_equal(tail_buffer_set_max_bytes(b, TAIL_BUFFER_MAX_BYTES + 1), -1);
	assert_int_equal(tail_buffer_set_max_bytes(b, bound), 0);
	/* 50 values of 4,000 bytes in one batch: about 4 fit */
	tail_buffer_begin(b);
	for (int i = 0; i < 50; i++)
		add_big(b, i, 4000);
	tail_buffer_commit(b, 1);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	assert_int_equal(st.consumed, 50);
	assert_int_equal(st.next_seq, 50);
	assert_true(st.bytes <= bound);
	assert_true(st.held >= 3 && st.held <= 5);
	assert_int_equal(st.first_seq, 50 - (int64_t)st.held);
	for (int64_t s = st.first_seq; s < 50; s++)
		assert_int_equal(key_number(tail_buffer_get_locked(b, s)), s);
	tail_buffer_unlock(b);
	/* the same over many batches of one */
	for (int i = 50; i < 80; i++) {
		tail_buffer_begin(b);
		add_big(b, i, 4000);
		tail_buffer_commit(b, 2);
	}
	tail_buffer_stats(b, &st);
	assert_int_equal(st.consumed, 80);
	assert_true(st.bytes <= bound);
	assert_true(st.held >= 3 && st.held <= 5);
	/* small messages take the room back: the count bound again */
	for (int i = 80; i < 280; i += 20)
		batch(b, i, 20, 3);
	tail_buffer_stats(b, &st);
	assert_int_equal(st.held, 100);
	assert_true(st.bytes <= bound);
	/* one message over the bound is kept, alone */
	tail_buffer_begin(b);
	add_big(b, 280, 3 * bound);
	tail_buffer_commit(b, 4);
	tail_buffer_lock(b);
	tail_buffer_stats_locked(b, &st);
	assert_int_equal(st.held, 1);
	assert_int_equal(st.consumed, 281);
	assert_int_equal(key_number(tail_buffer_get_locked(b, 280)), 280);
	assert_int_equal(tail_buffer_get_locked(b, 280)->msg.value_len, 3 * bound);
	tail_buffer_unlock(b);
	tail_buffer_free(b);
}

/* The rate is measured over a second or more of the caller's clock. */
static void test_rate(void **state)
{
	tail_buffer *b = new_buffer(10, 0);
	tail_stats st;

	(void)state;
	batch(b, 0, 0, 10000);
	batch(b, 0, 300, 10500);
	tail_buffer_stats(b, &st);
	assert_true(st.rate == 0.0);
	batch(b, 300, 200, 11000);
	tail_buffer_stats(b, &st);
	assert_true(st.rate > 499.9 && st.rate < 500.1);
	batch(b, 500, 0, 13000);
	tail_buffer_stats(b, &st);
	assert_true(st.rate == 0.0);
	tail_buffer_free(b);
}

static void test_save(void **state)
{
	tail_buffer *b = new_buffer(10, 0);
	char *text = NULL, err[128];
	size_t len = 0;
	FILE *f;
	int64_t cut = -1;

	(void)state;
	tail_buffer_set_filter(b, compile("key:k1"));
	batch(b, 0, 12, 1);                /* holds 2..11; k10 and k11 match */
	f = open_memstream(&text, &len);
	assert_int_equal(tail_buffer_save(b, f, true, &cut, err, sizeof(err)), 2);
	fclose(f);
	assert_int_equal(cut, 0);
	assert_string_equal(text,
		"{\"topic\":\"t\",\"partition\":1,\"offset\":10,\"timestamp\":1010,"
		"\"timestamp_iso\":\"1970-01-01T00:00:01.010Z\",\"timestamp_type\":\"create\","
		"\"key\":\"k10\",\"value\":\"v10\",\"headers\":[]}\n"
		"{\"topic\":\"t\",\"partition\":2,\"offset\":11,\"timestamp\":1011,"
		"\"timestamp_iso\":\"1970-01-01T00:00:01.011Z\",\"timestamp_type\":\"create\","
		"\"key\":\"k11\",\"value\":\"v11\",\"headers\":[]}\n");
	free(text);
	text = NULL;
	f = open_memstream(&text, &len);
	assert_int_equal(tail_buffer_save(b, f, false, NULL, err, sizeof(err)), 10);
	fclose(f);
	assert_non_null(strstr(text, "\"offset\":2,"));
	assert_null(strstr(text, "\"offset\":1,"));
	free(text);
	tail_buffer_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_thinning_counts_exact),
		cmocka_unit_test(test_refilter),
		cmocka_unit_test(test_wakeup),
		cmocka_unit_test(test_entry_copy),
		cmocka_unit_test(test_capacity),
		cmocka_unit_test(test_byte_bound),
		cmocka_unit_test(test_rate),
		cmocka_unit_test(test_save),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
