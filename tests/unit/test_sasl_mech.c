/*
 * test_sasl_mech.c: the SASL mechanisms, as pure state machines.
 * SCRAM-SHA-256 against the example exchange of RFC 7677 section 3;
 * SCRAM-SHA-512 against a server side computed here with OpenSSL; PLAIN
 * and OAUTHBEARER framing byte for byte; hostile server messages; and no
 * secret in any error message.
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
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "base64.h"
#include "sasl_mech.h"

#define PW "pencil"

static const uint8_t *out;
static size_t outlen;
static char err[512];

static int step_str(sasl_mech *m, const char *in)
{
	return sasl_mech_step(m, (const uint8_t *)in, in ? strlen(in) : 0, &out, &outlen,
			      err, sizeof(err));
}

static void assert_out(const char *want)
{
	if (outlen != strlen(want) || memcmp(out, want, outlen))
		fail_msg("sent \"%.*s\", want \"%s\"", (int)outlen, (const char *)out, want);
}

/* RFC 7677 section 3 */
static const char *rfc_server_first =
	"r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
static const char *rfc_client_final =
	"c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,"
	"p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
static const char *rfc_server_final = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

static sasl_mech *rfc_mech(void)
{
	sasl_creds c = { .mechanism = "scram-sha-256", .username = "user", .password = PW,
			 .nonce = "rOprNGfwEbeRWgbNEkqO" };
	sasl_mech *m = sasl_mech_new(&c, err, sizeof(err));
	assert_non_null(m);
	assert_string_equal(sasl_mech_name(m), "SCRAM-SHA-256");
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	assert_out("n,,n=user,r=rOprNGfwEbeRWgbNEkqO");
	return m;
}

static void test_scram256_rfc7677(void **state)
{
	(void)state;
	sasl_mech *m = rfc_mech();
	assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
	assert_out(rfc_client_final);
	assert_int_equal(step_str(m, rfc_server_final), SASL_MECH_DONE);
	sasl_mech_free(m);
}

static void expect_fail_after_first(const char *server_first, const char *msg)
{
	sasl_mech *m = rfc_mech();
	assert_int_equal(step_str(m, server_first), SASL_MECH_FAIL);
	if (!strstr(err, msg))
		fail_msg("\"%s\": got \"%s\"", server_first, err);
	assert_null(strstr(err, PW));
	sasl_mech_free(m);
}

static void test_scram_bad_server(void **state)
{
	(void)state;
	/* a wrong server signature: the broker does not know the password */
	sasl_mech *m = rfc_mech();
	assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
	assert_int_equal(step_str(m, "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "signature is wrong"));
	sasl_mech_free(m);
	/* the broker's error attribute in the final message */
	m = rfc_mech();
	assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
	assert_int_equal(step_str(m, "e=invalid-proof"), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "invalid-proof"));
	sasl_mech_free(m);

	expect_fail_after_first("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
				"does not extend");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
				"does not extend");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=!!!,i=4096", "not base64");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,i=4096", "without r, s and i");
	expect_fail_after_first("e=unknown-user", "unknown-user");
	expect_fail_after_first("\x1b]52;c;AAAA\x07", "?]52;c;AAAA?");
	expect_fail_after_first("", "cannot read");
}

/* A SCRAM server side, as RFC 5802 computes it, for SHA-512. */
static void server_side(const EVP_MD *md, const char *password, const uint8_t *salt,
			size_t saltlen, int iters, const char *auth_message,
			uint8_t *stored_key, uint8_t *server_sig, size_t *mdlen)
{
	uint8_t salted[EVP_MAX_MD_SIZE], ck[EVP_MAX_MD_SIZE], sk[EVP_MAX_MD_SIZE];
	unsigned int n;
	size_t ml = (size_t)EVP_MD_get_size(md);
	PKCS5_PBKDF2_HMAC(password, (int)strlen(password), salt, (int)saltlen, iters, md,
			  (int)ml, salted);
	HMAC(md, salted, (int)ml, (const uint8_t *)"Client Key", 10, ck, &n);
	HMAC(md, salted, (int)ml, (const uint8_t *)"Server Key", 10, sk, &n);
	EVP_Digest(ck, ml, stored_key, &n, md, NULL);
	HMAC(md, sk, (int)ml, (const uint8_t *)auth_message, strlen(auth_message),
	     server_sig, &n);
	*mdlen = ml;
}

/* The broker's check: H(proof XOR HMAC(StoredKey, AuthMessage)) == StoredKey */
static void check_scram512(const char *client_password, bool want_ok)
{
	const char *password = "alice-secret=,x";
	sasl_creds c = { .mechanism = "SCRAM-SHA-512", .username = "a=b,c",
			 .password = client_password, .nonce = "clientnonce123" };
	sasl_mech *m = sasl_mech_new(&c, err, sizeof(err));
	assert_non_null(m);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	assert_out("n,,n=a=3Db=2Cc,r=clientnonce123");
	static const uint8_t salt[] = "0123456789abcdef";
	char salt64[64], server_first[256];
	base64_encode(salt, 16, false, salt64, sizeof(salt64));
	snprintf(server_first, sizeof(server_first), "r=clientnonce123SERVER,s=%s,i=4096", salt64);
	assert_int_equal(step_str(m, server_first), SASL_MECH_SEND);
	char final[512];
	snprintf(final, sizeof(final), "%.*s", (int)outlen, (const char *)out);
	const char *p = strstr(final, ",p=");
	assert_non_null(p);
	char auth_message[1024];
	snprintf(auth_message, sizeof(auth_message), "n=a=3Db=2Cc,r=clientnonce123,%s,%.*s",
		 server_first, (int)(p - final), final);
	uint8_t stored[EVP_MAX_MD_SIZE], sig[EVP_MAX_MD_SIZE], proof[128], csig[EVP_MAX_MD_SIZE];
	uint8_t ck[EVP_MAX_MD_SIZE], h[EVP_MAX_MD_SIZE];
	size_t ml;
	unsigned int n;
	server_side(EVP_sha512(), password, salt, 16, 4096, auth_message, stored, sig, &ml);
	assert_int_equal(base64_decode(p + 3, strlen(p + 3), proof, sizeof(proof)), ml);
	HMAC(EVP_sha512(), stored, (int)ml, (const uint8_t *)auth_message,
	     strlen(auth_message), csig, &n);
	for (size_t i = 0; i < ml; i++)
		ck[i] = proof[i] ^ csig[i];
	EVP_Digest(ck, ml, h, &n, EVP_sha512(), NULL);
	assert_int_equal(memcmp(h, stored, ml) == 0, want_ok);
	if (want_ok) {
		char v[200] = "v=";
		base64_encode(sig, ml, false, v + 2, sizeof(v) - 2);
		assert_int_equal(step_str(m, v), SASL_MECH_DONE);
	}
	sasl_mech_free(m);
}

static void test_scram512(void **state)
{
	(void)state;
	check_scram512("alice-secret=,x", true);
	check_scram512("alice-secret", false);
}

static void test_plain(void **state)
{
	(void)state;
	sasl_creds c = { .mechanism = "plain", .username = "alice", .password = "alice-secret" };
	sasl_mech *m = sasl_mech_new(&c, err, sizeof(err));
	assert_non_null(m);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	static const char want[] = "\0alice\0alice-secret";
	assert_int_equal(outlen, sizeof(want) - 1);
	assert_memory_equal(out, want, sizeof(want) - 1);
	assert_int_equal(step_str(m, ""), SASL_MECH_DONE);
	sasl_mech_free(m);
}

static int token_ok(void *ctx, char *tok, size_t toklen, int64_t *expiry_ms,
		    char *e, size_t elen)
{
	(void)ctx;
	(void)e;
	(void)elen;
	snprintf(tok, toklen, "tok-Zz9.secret");
	*expiry_ms = 1800000000000LL;
	return 0;
}

static int token_fail(void *ctx, char *tok, size_t toklen, int64_t *expiry_ms,
		      char *e, size_t elen)
{
	(void)ctx;
	(void)tok;
	(void)toklen;
	(void)expiry_ms;
	snprintf(e, elen, "the provider is down");
	return -1;
}

static void test_oauthbearer(void **state)
{
	(void)state;
	sasl_creds c = { .mechanism = "OAUTHBEARER", .token = token_ok };
	sasl_mech *m = sasl_mech_new(&c, err, sizeof(err));
	assert_non_null(m);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	static const char want[] = "n,,\x01" "auth=Bearer tok-Zz9.secret\x01\x01";
	assert_int_equal(outlen, sizeof(want) - 1);
	assert_memory_equal(out, want, sizeof(want) - 1);
	assert_int_equal(sasl_mech_expiry_ms(m), 1800000000000LL);
	assert_int_equal(step_str(m, ""), SASL_MECH_DONE);
	sasl_mech_free(m);

	m = sasl_mech_new(&c, err, sizeof(err));
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	assert_int_equal(step_str(m, "{\"status\":\"invalid_token\"}"), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "invalid_token"));
	assert_null(strstr(err, "tok-Zz9"));
	sasl_mech_free(m);

	c.token = token_fail;
	m = sasl_mech_new(&c, err, sizeof(err));
	assert_int_equal(step_str(m, NULL), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "the provider is down"));
	sasl_mech_free(m);
}

static void test_bad_creds(void **state)
{
	(void)state;
	sasl_creds c = { .mechanism = "GSSAPI", .username = "u", .password = "pw-Q1" };
	assert_null(sasl_mech_new(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "\"GSSAPI\" is not one kdeck speaks"));
	assert_false(sasl_mech_supported("GSSAPI"));
	assert_true(sasl_mech_supported("scram-sha-512"));
	c.mechanism = "SCRAM-SHA-512";
	c.username = NULL;
	assert_null(sasl_mech_new(&c, err, sizeof(err)));
	assert_string_equal(err, "sasl.username is not set");
	c.username = "u";
	c.password = NULL;
	assert_null(sasl_mech_new(&c, err, sizeof(err)));
	assert_string_equal(err, "sasl.password is not set");
	c.mechanism = "OAUTHBEARER";
	assert_null(sasl_mech_new(&c, err, sizeof(err)));
	assert_non_null(strstr(err, "token source"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scram256_rfc7677),
		cmocka_unit_test(test_scram_bad_server),
		cmocka_unit_test(test_scram512),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_oauthbearer),
		cmocka_unit_test(test_bad_creds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
