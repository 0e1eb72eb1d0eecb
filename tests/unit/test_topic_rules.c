/* test_topic_rules.c: the checks before a topic is created or changed
 * (src/topic_rules.h), with their edge cases. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "topic_rules.h"

static char err[512];

static int name(const char *n)
{
	err[0] = '\0';
	return topic_name_check(n, err, sizeof(err));
}

static void test_names(void **state)
{
	(void)state;
	char long_ok[TOPIC_NAME_MAX + 1], too_long[TOPIC_NAME_MAX + 2];
	memset(long_ok, 'a', TOPIC_NAME_MAX);
	long_ok[TOPIC_NAME_MAX] = '\0';
	memset(too_long, 'a', TOPIC_NAME_MAX + 1);
	too_long[TOPIC_NAME_MAX + 1] = '\0';

	assert_int_equal(name("orders"), 0);
	assert_int_equal(name("Orders.v2_eu-west-1"), 0);
	assert_int_equal(name(long_ok), 0);
	assert_int_equal(name(too_long), -1);
	assert_string_equal(err, "a topic name has at most 249 characters (this one has 250)");
	assert_int_equal(name(""), -1);
	assert_string_equal(err, "a topic needs a name");
	assert_int_equal(name(NULL), -1);
	assert_int_equal(name("."), -1);
	assert_int_equal(name(".."), -1);
	assert_string_equal(err, "'..' cannot be a topic name");
	assert_int_equal(name("..."), 0);
	assert_int_equal(name("a b"), -1);
	assert_string_equal(err, "topic name 'a b': character 2 is not allowed (only letters, "
			    "digits, '.', '_' and '-')");
	assert_int_equal(name("a/b"), -1);
	assert_int_equal(name("ü"), -1);
	/* a name with an escape sequence comes back escaped */
	assert_int_equal(name("x\033]0;t\007"), -1);
	assert_non_null(strstr(err, "'x\\e]0;t\\x07'"));
}

static void test_collisions(void **state)
{
	(void)state;
	const char *existing[] = { "orders.eu", "payments", "__consumer_offsets" };
	assert_string_equal(topic_collision("orders_eu", existing, 3), "orders.eu");
	assert_string_equal(topic_collision("orders.eu", existing, 3), "orders.eu");
	assert_string_equal(topic_collision("__consumer.offsets", existing, 3),
			    "__consumer_offsets");
	assert_null(topic_collision("orders-eu", existing, 3));
	assert_null(topic_collision("orders.e", existing, 3));
	assert_null(topic_collision("orders.euw", existing, 3));
	assert_null(topic_collision("x", existing, 0));
}

static void test_counts(void **state)
{
	(void)state;
	assert_int_equal(topic_partitions_check(1, err, sizeof(err)), 0);
	assert_int_equal(topic_partitions_check(0, err, sizeof(err)), -1);
	assert_int_equal(topic_partitions_check(-3, err, sizeof(err)), -1);
	assert_int_equal(topic_partitions_increase_check(6, 8, err, sizeof(err)), 0);
	assert_int_equal(topic_partitions_increase_check(8, 4, err, sizeof(err)), -1);
	assert_string_equal(err, "partitions can only be added: the topic has 8, 4 is not more "
			    "(Kafka cannot remove partitions)");
	assert_int_equal(topic_partitions_increase_check(8, 8, err, sizeof(err)), -1);
	assert_int_equal(topic_rf_check(3, 3, err, sizeof(err)), 0);
	assert_int_equal(topic_rf_check(4, 3, err, sizeof(err)), -1);
	assert_string_equal(err, "replication factor 4 needs 4 brokers; 3 are up");
	assert_int_equal(topic_rf_check(2, 1, err, sizeof(err)), -1);
	assert_string_equal(err, "replication factor 2 needs 2 brokers; 1 is up");
	assert_int_equal(topic_rf_check(0, 3, err, sizeof(err)), -1);
	assert_int_equal(topic_rf_check(40000, 50000, err, sizeof(err)), -1);
}

static int cfg(const char *k, const char *v, long rf)
{
	err[0] = '\0';
	return topic_config_check(k, v, rf, err, sizeof(err));
}

static void test_configs(void **state)
{
	(void)state;
	assert_int_equal(cfg("retention.ms", "3600000", 3), 0);
	assert_int_equal(cfg("retention.ms", "-1", 3), 0);
	assert_int_equal(cfg("retention.ms", "-2", 3), -1);
	assert_string_equal(err, "retention.ms: '-2' is not a whole number from -1 up");
	assert_int_equal(cfg("retention.ms", "1h", 3), -1);
	assert_int_equal(cfg("retention.ms", "", 3), -1);
	assert_int_equal(cfg("retention.ms", "99999999999999999999", 3), -1);
	assert_int_equal(cfg("max.message.bytes", "2147483648", 3), -1);
	assert_int_equal(cfg("max.message.bytes", "1048588", 3), 0);
	assert_int_equal(cfg("cleanup.policy", "compact", 3), 0);
	assert_int_equal(cfg("cleanup.policy", "delete,compact", 3), 0);
	assert_int_equal(cfg("cleanup.policy", "compact,", 3), -1);
	assert_int_equal(cfg("cleanup.policy", "comp", 3), -1);
	assert_string_equal(err, "cleanup.policy: 'comp' is not a list of delete,compact");
	assert_int_equal(cfg("compression.type", "zstd", 3), 0);
	assert_int_equal(cfg("compression.type", "zst", 3), -1);
	assert_int_equal(cfg("min.insync.replicas", "2", 3), 0);
	assert_int_equal(cfg("min.insync.replicas", "0", 3), -1);
	assert_int_equal(cfg("min.insync.replicas", "4", 3), -1);
	assert_string_equal(err, "min.insync.replicas 4 is more than the replication factor 3: "
			    "every write would fail");
	assert_int_equal(cfg("min.insync.replicas", "4", 0), 0);      /* rf unknown */
	assert_int_equal(cfg("min.cleanable.dirty.ratio", "0.5", 3), 0);
	assert_int_equal(cfg("min.cleanable.dirty.ratio", "1.5", 3), -1);
	assert_int_equal(cfg("unclean.leader.election.enable", "yes", 3), -1);
	/* keys kdeck does not know: the broker decides their values */
	assert_int_equal(cfg("message.downconversion.enable", "whatever", 3), 0);
	assert_int_equal(cfg("Retention.MS", "1", 3), -1);
	assert_int_equal(cfg("retention ms", "1", 3), -1);
	assert_int_equal(cfg("", "1", 3), -1);
	const char *const *keys = topic_config_keys();
	int n = 0;
	while (keys[n])
		n++;
	assert_true(n >= 20);
	assert_string_equal(keys[0], "retention.ms");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_collisions),
		cmocka_unit_test(test_counts),
		cmocka_unit_test(test_configs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
