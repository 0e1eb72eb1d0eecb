/* test_form.c: the form model (src/form.h): typing, Tab between fields,
 * checks shown per field, completion of config keys, submit only when
 * every field passes. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "form.h"

static int positive(const char *v, void *ctx, char *err, size_t errlen)
{
	(void)ctx;
	char *end;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < 1) {
		snprintf(err, errlen, "'%s' is not a count", v);
		return -1;
	}
	return 0;
}

static void type(kd_form *f, const char *s)
{
	for (; *s; s++)
		assert_int_equal(form_key(f, (unsigned char)*s), FORM_EDITING);
}

static void test_form(void **state)
{
	(void)state;
	static const char *const keys[] = { "retention.ms", "retention.bytes", "min.insync.replicas",
					    NULL };
	kd_form f;
	memset(&f, 0, sizeof(f));
	form_add(&f, "name", "letters, digits, . _ -", NULL);
	form_field *parts = form_add(&f, "partitions", NULL, "1");
	parts->check = positive;
	form_field *cfg = form_add(&f, "configs", "key=value, ...", NULL);
	cfg->completions = keys;

	type(&f, "orders");
	assert_int_equal(form_key(&f, FORM_KEY_TAB), FORM_EDITING);
	assert_int_equal(f.focus, 1);
	assert_int_equal(form_key(&f, FORM_KEY_BACKSPACE), FORM_EDITING);
	type(&f, "0");
	assert_int_equal(form_key(&f, FORM_KEY_TAB), FORM_EDITING);
	/* the check ran on leaving the field */
	assert_string_equal(f.fields[1].error, "'0' is not a count");
	type(&f, "min");
	form_key(&f, FORM_KEY_COMPLETE);
	assert_string_equal(cfg->value, "min.insync.replicas");
	type(&f, "=2,ret");
	form_key(&f, FORM_KEY_COMPLETE);
	assert_string_equal(cfg->value, "min.insync.replicas=2,retention.");    /* two match */
	type(&f, "ms=3600000");
	/* Enter: refused while a field fails, focus on it */
	assert_int_equal(form_key(&f, FORM_KEY_ENTER), FORM_EDITING);
	assert_int_equal(f.focus, 1);
	form_key(&f, 'U' & 0x1f);
	type(&f, "6");
	assert_int_equal(form_key(&f, FORM_KEY_ENTER), FORM_SUBMITTED);
	assert_string_equal(f.fields[0].value, "orders");
	assert_string_equal(f.fields[1].value, "6");
	assert_string_equal(cfg->value, "min.insync.replicas=2,retention.ms=3600000");
	/* UTF-8 in and out; BackTab wraps; Esc cancels */
	form_key(&f, FORM_KEY_BACKTAB);
	form_key(&f, FORM_KEY_BACKTAB);
	assert_int_equal(f.focus, 2);
	form_key(&f, 0xe9);
	assert_string_equal(cfg->value + strlen(cfg->value) - 2, "\xc3\xa9");
	form_key(&f, FORM_KEY_BACKSPACE);
	assert_string_equal(cfg->value, "min.insync.replicas=2,retention.ms=3600000");
	assert_int_equal(form_key(&f, FORM_KEY_ESC), FORM_CANCELLED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_form),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
