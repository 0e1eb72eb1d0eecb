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
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "sasl_mech.h"

#define PW "pencil"

static const uint8_t *out;
static size_t outlen;
static char err[512];

/* Every secret any test hands to a mechanism. */
static const char *const secrets[] = { PW, "alice-secret", "tok-Zz9", "pw-Q1" };

/* An error message: no secret, only printable ASCII, not too long. */
static void check_err(void)
{
	for (size_t i = 0; i < sizeof(secrets) / sizeof(secrets[0]); i++)
		if (strstr(err, secrets[i]))
			fail_msg("a secret in \"%s\"", err);
	for (const char *p = err; *p; p++)
		if (*p < 0x20 || *p > 0x7e)
			fail_msg("a control character in \"%s\"", err);
	assert_true(strlen(err) < 300);
}

/* A step with in as exactly inlen heap bytes, so that the sanitizers
 * catch a read past inlen. */
static int step_mem(sasl_mech *m, const void *in, size_t inlen)
{
	uint8_t *copy = NULL;
	if (in) {
		copy = malloc(inlen ? inlen : 1);
		assert_non_null(copy);
		memcpy(copy, in, inlen);
	}
	err[0] = '\0';
	int rc = sasl_mech_step(m, copy, inlen, &out, &outlen, err, sizeof(err));
	free(copy);
	if (rc == SASL_MECH_FAIL) {
		assert_true(err[0] != '\0');
		check_err();
		assert_null(out);
		assert_int_equal(outlen, 0);
	}
	return rc;
}

static int step_str(sasl_mech *m, const char *in)
{
	return step_mem(m, in, in ? strlen(in) : 0);
}

static sasl_mech *new_mech(const sasl_creds *c)
{
	err[0] = '\0';
	sasl_mech *m = sasl_mech_new(c, err, sizeof(err));
	if (!m)
		check_err();
	return m;
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
	sasl_mech *m = new_mech(&c);
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

static void test_scram_bad_server_final(void **state)
{
	(void)state;
	/* a wrong server signature: the broker does not know the password */
	sasl_mech *m = rfc_mech();
	assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
	assert_int_equal(step_str(m, "v=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "signature is wrong"));
	/* the exchange is over: no second chance with another signature */
	assert_int_equal(step_str(m, rfc_server_final), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "already over"));
	sasl_mech_free(m);

	/* the right signature a bit off (first and last byte), cut short,
	 * too long, empty, under another name */
	static const char *const bad[] = {
		"v=7rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
		"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95H4=",
		"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G",
		"v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=AAAA",
		"v=",
		"v",
		"",
		"x=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		m = rfc_mech();
		assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
		if (step_str(m, bad[i]) != SASL_MECH_FAIL)
			fail_msg("\"%s\" accepted", bad[i]);
		sasl_mech_free(m);
	}

	/* the broker's error attribute in the final message */
	m = rfc_mech();
	assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
	assert_int_equal(step_str(m, "e=invalid-proof"), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "the broker rejected the credentials: invalid-proof"));
	sasl_mech_free(m);

	/* ... quoted without its control characters */
	m = rfc_mech();
	assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
	assert_int_equal(step_str(m, "e=\x1b[2Jother-error\x07"), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "?[2Jother-error?"));
	sasl_mech_free(m);

	/* extensions after the signature are ignored */
	m = rfc_mech();
	assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
	char withext[256];
	snprintf(withext, sizeof(withext), "%s,x=future", rfc_server_final);
	assert_int_equal(step_str(m, withext), SASL_MECH_DONE);
	/* and after DONE there is nothing more to do */
	assert_int_equal(step_str(m, ""), SASL_MECH_FAIL);
	sasl_mech_free(m);
}

static void test_scram_bad_server_first(void **state)
{
	(void)state;
	expect_fail_after_first("r=someoneelse,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
				"does not extend");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
				"does not extend");
	expect_fail_after_first("r=rOprNGfwEbeRWgb,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
				"does not extend");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqP%hvYDpWUa2RaTCAfuxFIlj,"
				"s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096", "does not extend");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqO\x01,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
				"not printable");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-4096",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=+4096",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4095",
				"\"4095\" (4096 to 1000000)");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=000004096x",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1000001",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999",
				"iteration count");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=\x1b[2J",
				"\"?[2J\"");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=!!!,i=4096", "not base64");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,s=,i=4096", "not base64");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,i=4096", "without r, s and i");
	expect_fail_after_first("s=W22ZaJ0SNY7soEsUEjb6gQ==,r=rOprNGfwEbeRWgbNEkqOx,i=4096",
				"without r, s and i");
	expect_fail_after_first("x=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
				"without r, s and i");
	expect_fail_after_first("m=must,r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
				"extension kdeck does not know");
	expect_fail_after_first("e=unknown-user", "the broker rejected the credentials: unknown-user");
	expect_fail_after_first("\x1b]52;c;AAAA\x07", "?]52;c;AAAA?");
	expect_fail_after_first("r=rOprNGfwEbeRWgbNEkqOx,", "cannot read");
	expect_fail_after_first(",,,", "cannot read");
	expect_fail_after_first("", "cannot read");

	/* a NUL inside, even in an ignored extension */
	static const char nul[] = "r=rOprNGfwEbeRWgbNEkqOx,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,x=\0";
	sasl_mech *m = rfc_mech();
	assert_int_equal(step_mem(m, nul, sizeof(nul) - 2), SASL_MECH_SEND);
	sasl_mech_free(m);
	m = rfc_mech();
	assert_int_equal(step_mem(m, nul, sizeof(nul) - 1), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "cannot read"));
	sasl_mech_free(m);
	m = rfc_mech();
	assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
	char final_nul[128];
	size_t fl = strlen(rfc_server_final);
	memcpy(final_nul, rfc_server_final, fl);
	memcpy(final_nul + fl, ",x=\0", 4);
	assert_int_equal(step_mem(m, final_nul, fl + 4), SASL_MECH_FAIL);
	sasl_mech_free(m);

	/* a long message is quoted cut short */
	char big[5000];
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	expect_fail_after_first(big, "AAA...");
	assert_non_null(strstr(err, "\"" "AAA"));
	assert_int_equal(strspn(strstr(err, "\"" "AAA") + 1, "A"), 120);
	/* a server nonce past 512 characters */
	memcpy(big, "r=rOprNGfwEbeRWgbNEkqO", 22);
	strcpy(big + 600, ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
	expect_fail_after_first(big, "too long");
	big[512] = '\0';
	strcat(big, ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096");
	m = rfc_mech();
	assert_int_equal(step_str(m, big), SASL_MECH_SEND);
	sasl_mech_free(m);
	memset(big, 'A', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	memcpy(big, "e=", 2);
	expect_fail_after_first(big, "cannot read: \"e=AAA");
	big[300] = '\0';
	expect_fail_after_first(big, "credentials: AAA");

	/* extensions after i are accepted (and go into the AuthMessage) */
	m = rfc_mech();
	char withext[256];
	snprintf(withext, sizeof(withext), "%s,x=future,y=more", rfc_server_first);
	assert_int_equal(step_str(m, withext), SASL_MECH_SEND);
	sasl_mech_free(m);
}

/* Every prefix of the RFC server-first, and seeded random bytes, as the
 * server-first and the server-final: a FAIL with a clean message, never a
 * crash or a read past inlen (run under the sanitizers). */
static void test_scram_truncated_garbage(void **state)
{
	(void)state;
	size_t n = strlen(rfc_server_first);
	for (size_t i = 0; i < n; i++) {
		sasl_mech *m = rfc_mech();
		int rc = step_mem(m, rfc_server_first, i);
		/* a shorter count ("i=409") is still a count, but too small */
		if (rc != SASL_MECH_FAIL)
			fail_msg("prefix %zu accepted", i);
		sasl_mech_free(m);
	}
	/* the last prefix only drops the '=' padding, which is optional */
	for (size_t i = 0; i < strlen(rfc_server_final); i++) {
		sasl_mech *m = rfc_mech();
		assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
		assert_int_equal(step_mem(m, rfc_server_final, i),
				 i + 1 == strlen(rfc_server_final) ? SASL_MECH_DONE :
				 SASL_MECH_FAIL);
		sasl_mech_free(m);
	}
	srand(7677);
	uint8_t junk[300];
	for (int round = 0; round < 300; round++) {
		size_t len = (size_t)rand() % sizeof(junk);
		for (size_t i = 0; i < len; i++)
			junk[i] = (uint8_t)(round % 2 ? rand() : "r=,si0A"[rand() % 7]);
		sasl_mech *m = rfc_mech();
		assert_int_equal(step_mem(m, junk, len), SASL_MECH_FAIL);
		sasl_mech_free(m);
		m = rfc_mech();
		assert_int_equal(step_str(m, rfc_server_first), SASL_MECH_SEND);
		assert_int_equal(step_mem(m, junk, len), SASL_MECH_FAIL);
		sasl_mech_free(m);
	}
}

static void test_scram_saslname(void **state)
{
	(void)state;
	static const struct {
		const char *user, *want;
	} cases[] = {
		{ "a=b,c", "n,,n=a=3Db=2Cc,r=nonce" },
		{ "==,,", "n,,n==3D=3D=2C=2C,r=nonce" },
		{ "plain.user-1", "n,,n=plain.user-1,r=nonce" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		sasl_creds c = { .mechanism = "SCRAM-SHA-256", .username = cases[i].user,
				 .password = PW, .nonce = "nonce" };
		sasl_mech *m = new_mech(&c);
		assert_non_null(m);
		assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
		assert_out(cases[i].want);
		sasl_mech_free(m);
	}
}

/* Without a test nonce: random, printable, no ',', 24 characters or more,
 * a fresh one each exchange. */
static void test_scram_random_nonce(void **state)
{
	(void)state;
	char first[2][128];
	for (int k = 0; k < 2; k++) {
		sasl_creds c = { .mechanism = "SCRAM-SHA-512", .username = "u", .password = PW };
		sasl_mech *m = new_mech(&c);
		assert_non_null(m);
		assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
		assert_true(outlen < sizeof(first[k]));
		memcpy(first[k], out, outlen);
		first[k][outlen] = '\0';
		assert_true(strncmp(first[k], "n,,n=u,r=", 9) == 0);
		const char *nonce = first[k] + 9;
		assert_true(strlen(nonce) >= 24);
		for (const char *p = nonce; *p; p++)
			assert_true(*p > 0x20 && *p < 0x7f && *p != ',');
		sasl_mech_free(m);
	}
	assert_string_not_equal(first[0], first[1]);

	/* a test nonce that could not go on the wire */
	sasl_creds c = { .mechanism = "SCRAM-SHA-256", .username = "u", .password = PW,
			 .nonce = "a,b" };
	assert_null(new_mech(&c));
	assert_non_null(strstr(err, "nonce"));
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

/* base64 by OpenSSL, not by kdeck's codec, so that the server side
 * here shares nothing with the client it checks. */
static void b64_encode(const uint8_t *in, size_t n, char *o, size_t olen)
{
	assert_true(olen > (n + 2) / 3 * 4);
	EVP_EncodeBlock((unsigned char *)o, in, (int)n);
}

static size_t b64_decode(const char *in, size_t n, uint8_t *o, size_t olen)
{
	assert_true(n % 4 == 0 && olen >= n / 4 * 3);
	int len = EVP_DecodeBlock(o, (const unsigned char *)in, (int)n);
	assert_true(len >= 0);
	/* EVP_DecodeBlock counts the padding as zero bytes */
	while (n > 0 && in[n - 1] == '=') {
		n--;
		len--;
	}
	return (size_t)len;
}

/* A full SCRAM-SHA-512 exchange against the server side above: the
 * broker's check H(proof XOR HMAC(StoredKey, AuthMessage)) == StoredKey
 * passes only with the right password; then the server signature (or
 * the broker's refusal) ends the exchange. */
static void check_scram512(const char *client_password, const char *ext, bool want_ok)
{
	const char *password = "alice-secret=,x";
	sasl_creds c = { .mechanism = "SCRAM-SHA-512", .username = "a=b,c",
			 .password = client_password, .nonce = "clientnonce123" };
	sasl_mech *m = new_mech(&c);
	assert_non_null(m);
	assert_string_equal(sasl_mech_name(m), "SCRAM-SHA-512");
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	assert_out("n,,n=a=3Db=2Cc,r=clientnonce123");
	static const uint8_t salt[] = "0123456789abcdef";
	char salt64[64], server_first[256];
	b64_encode(salt, 16, salt64, sizeof(salt64));
	snprintf(server_first, sizeof(server_first),
		 "r=clientnonce123SERVER%%+/~,s=%s,i=4096%s", salt64, ext);
	assert_int_equal(step_str(m, server_first), SASL_MECH_SEND);
	char final[512];
	assert_true(outlen < sizeof(final));
	memcpy(final, out, outlen);
	final[outlen] = '\0';
	const char *p = strstr(final, ",p=");
	assert_non_null(p);
	assert_int_equal(p - final, strlen("c=biws,r=clientnonce123SERVER%+/~"));
	assert_memory_equal(final, "c=biws,r=clientnonce123SERVER%+/~", p - final);
	char auth_message[1024];
	snprintf(auth_message, sizeof(auth_message), "n=a=3Db=2Cc,r=clientnonce123,%s,%.*s",
		 server_first, (int)(p - final), final);
	uint8_t stored[EVP_MAX_MD_SIZE], sig[EVP_MAX_MD_SIZE], proof[128], csig[EVP_MAX_MD_SIZE];
	uint8_t ck[EVP_MAX_MD_SIZE], h[EVP_MAX_MD_SIZE];
	size_t ml;
	unsigned int n;
	server_side(EVP_sha512(), password, salt, 16, 4096, auth_message, stored, sig, &ml);
	assert_int_equal(ml, 64);
	assert_int_equal(b64_decode(p + 3, strlen(p + 3), proof, sizeof(proof)), ml);
	HMAC(EVP_sha512(), stored, (int)ml, (const uint8_t *)auth_message,
	     strlen(auth_message), csig, &n);
	for (size_t i = 0; i < ml; i++)
		ck[i] = proof[i] ^ csig[i];
	EVP_Digest(ck, ml, h, &n, EVP_sha512(), NULL);
	assert_int_equal(memcmp(h, stored, ml) == 0, want_ok);
	if (want_ok) {
		char v[200] = "v=";
		b64_encode(sig, ml, v + 2, sizeof(v) - 2);
		assert_int_equal(step_str(m, v), SASL_MECH_DONE);
	} else {
		assert_int_equal(step_str(m, "e=invalid-proof"), SASL_MECH_FAIL);
		assert_non_null(strstr(err, "invalid-proof"));
	}
	sasl_mech_free(m);
}

static void test_scram512(void **state)
{
	(void)state;
	check_scram512("alice-secret=,x", "", true);
	check_scram512("alice-secret=,x", ",x=an-extension,y=another", true);
	check_scram512("alice-secret", "", false);
	check_scram512("alice-secret=,y", "", false);
}

static void test_plain(void **state)
{
	(void)state;
	sasl_creds c = { .mechanism = "plain", .username = "alice", .password = "alice-secret" };
	sasl_mech *m = new_mech(&c);
	assert_non_null(m);
	assert_string_equal(sasl_mech_name(m), "PLAIN");
	assert_int_equal(sasl_mech_expiry_ms(m), 0);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	static const char want[] = "\0alice\0alice-secret";
	assert_int_equal(outlen, sizeof(want) - 1);
	assert_memory_equal(out, want, sizeof(want) - 1);
	assert_int_equal(step_str(m, ""), SASL_MECH_DONE);
	assert_int_equal(step_str(m, ""), SASL_MECH_FAIL);
	sasl_mech_free(m);

	/* whatever the broker answers: it reports a refusal as an error code */
	m = new_mech(&c);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	assert_int_equal(step_str(m, NULL), SASL_MECH_DONE);
	sasl_mech_free(m);
}

typedef struct tok_ctx {
	const char *tok;
	int64_t expiry;
} tok_ctx;

static int token_ok(void *ctx, char *tok, size_t toklen, int64_t *expiry_ms,
		    char *e, size_t elen)
{
	tok_ctx *t = ctx;
	(void)e;
	(void)elen;
	snprintf(tok, toklen, "%s", t ? t->tok : "tok-Zz9.secret");
	*expiry_ms = t ? t->expiry : 1800000000000LL;
	return 0;
}

static int token_fail(void *ctx, char *tok, size_t toklen, int64_t *expiry_ms,
		      char *e, size_t elen)
{
	(void)ctx;
	(void)tok;
	(void)toklen;
	*expiry_ms = 42;
	snprintf(e, elen, "the provider is down\x1b[2J");
	return -1;
}

static void test_oauthbearer(void **state)
{
	(void)state;
	sasl_creds c = { .mechanism = "OAuthBearer", .token = token_ok };
	sasl_mech *m = new_mech(&c);
	assert_non_null(m);
	assert_string_equal(sasl_mech_name(m), "OAUTHBEARER");
	assert_int_equal(sasl_mech_expiry_ms(m), 0);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	static const char want[] = "n,,\x01" "auth=Bearer tok-Zz9.secret\x01\x01";
	assert_int_equal(outlen, sizeof(want) - 1);
	assert_memory_equal(out, want, sizeof(want) - 1);
	assert_int_equal(sasl_mech_expiry_ms(m), 1800000000000LL);
	assert_int_equal(step_str(m, ""), SASL_MECH_DONE);
	assert_int_equal(sasl_mech_expiry_ms(m), 1800000000000LL);
	sasl_mech_free(m);

	/* the broker's JSON error, quoted cleaned and cut short */
	m = new_mech(&c);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	assert_int_equal(step_str(m, "{\"status\":\"invalid_token\"}"), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "the broker rejected the token: {\"status\":\"invalid_token\"}"));
	sasl_mech_free(m);
	m = new_mech(&c);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	char big[2000];
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	big[0] = '\x1b';
	assert_int_equal(step_str(m, big), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "token: ?xxx"));
	assert_non_null(strstr(err, "xxx..."));
	sasl_mech_free(m);

	/* the provider's error, cleaned; no expiry from a failed provider */
	c.token = token_fail;
	m = new_mech(&c);
	assert_int_equal(step_str(m, NULL), SASL_MECH_FAIL);
	assert_non_null(strstr(err, "no OAUTHBEARER token: the provider is down?[2J"));
	assert_int_equal(sasl_mech_expiry_ms(m), 0);
	sasl_mech_free(m);

	/* a token that would break the framing, or none at all */
	static const char *const bad[] = { "tok-Zz9 secret", "tok-Zz9\x01secret", "",
					   "=tok-Zz9", "tok-Zz9=x" };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		tok_ctx t = { bad[i], 7 };
		c.token = token_ok;
		c.token_ctx = &t;
		m = new_mech(&c);
		assert_non_null(m);
		if (step_str(m, NULL) != SASL_MECH_FAIL)
			fail_msg("token \"%s\" accepted", bad[i]);
		assert_non_null(strstr(err, "OAUTHBEARER token"));
		sasl_mech_free(m);
	}
	/* RFC 6750 b64token, padding included */
	tok_ctx t = { "eyJ.a-b_c~d+e/f==", 7 };
	c.token_ctx = &t;
	m = new_mech(&c);
	assert_int_equal(step_str(m, NULL), SASL_MECH_SEND);
	assert_out("n,,\x01" "auth=Bearer eyJ.a-b_c~d+e/f==\x01\x01");
	assert_int_equal(sasl_mech_expiry_ms(m), 7);
	sasl_mech_free(m);
}

static void test_bad_creds(void **state)
{
	(void)state;
	sasl_creds c = { .mechanism = "GSSAPI", .username = "u", .password = "pw-Q1" };
	assert_null(new_mech(&c));
	assert_string_equal(err, "sasl.mechanism: \"GSSAPI\" is not one kdeck speaks "
			    "(PLAIN, SCRAM-SHA-256, SCRAM-SHA-512, OAUTHBEARER)");
	c.mechanism = "SCRAM-SHA-1\x1b[2J";
	assert_null(new_mech(&c));
	assert_non_null(strstr(err, "\"SCRAM-SHA-1?[2J\""));
	c.mechanism = NULL;
	assert_null(new_mech(&c));
	assert_non_null(strstr(err, "is not one kdeck speaks"));
	assert_false(sasl_mech_supported("GSSAPI"));
	assert_false(sasl_mech_supported(NULL));
	assert_false(sasl_mech_supported("SCRAM-SHA-1"));
	assert_true(sasl_mech_supported("scram-sha-512"));
	assert_true(sasl_mech_supported("Plain"));
	assert_true(sasl_mech_supported("oauthbearer"));

	static const char *const mechs[] = { "PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512" };
	for (size_t i = 0; i < sizeof(mechs) / sizeof(mechs[0]); i++) {
		c.mechanism = mechs[i];
		c.username = NULL;
		c.password = "pw-Q1";
		assert_null(new_mech(&c));
		assert_string_equal(err, "sasl.username is not set");
		c.username = "";
		assert_null(new_mech(&c));
		assert_string_equal(err, "sasl.username is not set");
		c.username = "u";
		c.password = NULL;
		assert_null(new_mech(&c));
		assert_string_equal(err, "sasl.password is not set");
		c.password = "";
		assert_null(new_mech(&c));
		assert_string_equal(err, "sasl.password is not set");
	}
	c.mechanism = "OAUTHBEARER";
	assert_null(new_mech(&c));
	assert_non_null(strstr(err, "token source"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scram256_rfc7677),
		cmocka_unit_test(test_scram_bad_server_final),
		cmocka_unit_test(test_scram_bad_server_first),
		cmocka_unit_test(test_scram_truncated_garbage),
		cmocka_unit_test(test_scram_saslname),
		cmocka_unit_test(test_scram_random_nonce),
		cmocka_unit_test(test_scram512),
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_oauthbearer),
		cmocka_unit_test(test_bad_creds),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
