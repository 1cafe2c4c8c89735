#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/conf.h"
#include "trunkwiz/trunk.h"
#include "tw_test.h"
#include "conf/conf.h"
#include "trunk/trunk.h"

static struct tw_profiles profiles;

static void setup(void)
{
	tw_test_load_bundled(&profiles);
}

static void teardown(void)
{
	tw_profiles_free(&profiles);
}

/* Build a trunk from words, apply its profile. */
static struct tw_trunk *trunk_of(const char *const *words)
{
	struct tw_trunk *t = tw_trunk_new();
	const struct tw_profile *p;
	struct tw_diags d;

	tw_diags_init(&d);
	for (; *words; words++)
		ck_assert_msg(tw_trunk_set_word(t, *words, &d) == 0, "word %s", *words);
	p = tw_profiles_find(&profiles, tw_trunk_get(t, "provider") ? tw_trunk_get(t, "provider") : "generic");
	ck_assert_ptr_nonnull(p);
	tw_profile_apply(p, t);
	tw_diags_clear(&d);
	return t;
}

static const struct tw_profile *profile_of(const struct tw_trunk *t)
{
	return tw_profiles_find(&profiles, tw_trunk_get(t, "provider"));
}

static const char *const seed_words[] = {
	"name=trunk", "provider=generic", "username=your_trunk_username",
	"password=your_trunk_password", "server=sip.provider.example.com",
	"dial_preset=nanp", NULL,
};

static struct tw_astver v20 = { 20, 0, 0 };

/* Render; fail the test on errors; return diagnostics count through *nd. */
static void render_ok(struct tw_trunk *t, struct tw_render *r, struct tw_diags *d)
{
	tw_diags_init(d);
	if (tw_render_validate(t, profile_of(t), &v20, r, d) != 0) {
		tw_diags_print(d, stderr, false);
		ck_abort_msg("render failed");
	}
}

static void assert_file_eq(const char *golden, const char *got)
{
	char *path = tw_test_path(golden);
	char *want = tw_test_slurp(path, NULL);

	ck_assert_msg(want != NULL, "read %s", path);
	ck_assert_str_eq(got, want);
	free(want);
	free(path);
}

START_TEST(test_seed_golden)
{
	struct tw_trunk *t = trunk_of(seed_words);
	struct tw_render r;
	struct tw_diags d;

	render_ok(t, &r, &d);
	assert_file_eq("golden/seed-pjsip.conf", r.pjsip);
	assert_file_eq("golden/seed-extensions.conf", r.extensions);
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

/* How many options before s->opts[j] share its name. */
static size_t nth_of(const struct tw_conf_section *s, size_t j)
{
	size_t k, n = 0;

	for (k = 0; k < j; k++)
		if (strcasecmp(s->opts[k]->name, s->opts[j]->name) == 0)
			n++;
	return n;
}

/* The n-th own option of s named name, or NULL. */
static const struct tw_conf_option *nth_named(const struct tw_conf_section *s,
                                              const char *name, size_t n)
{
	size_t k;

	for (k = 0; k < s->nopts; k++)
		if (strcasecmp(s->opts[k]->name, name) == 0 && n-- == 0)
			return s->opts[k];
	return NULL;
}

/* Every section and option of the reference snippet, same values, same
 * order, compared through the parser (independent of the golden file). */
static void assert_same_sections(const char *seed_file, const char *rendered)
{
	char *path = tw_test_path(seed_file);
	struct tw_conf *a = tw_conf_new(NULL), *b = tw_conf_new(NULL);
	struct tw_diags d;
	size_t i, j;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_conf_load(a, path, false, &d), 0);
	ck_assert_int_eq(tw_conf_parse(b, "rendered", rendered, strlen(rendered), &d), 0);
	ck_assert(!tw_diags_has_errors(&d));
	for (i = 0; i < a->nsections; i++) {
		const struct tw_conf_section *sa = a->sections[i], *sb;

		sb = tw_conf_find_section(b, sa->name);
		ck_assert_msg(sb != NULL, "section [%s] rendered", sa->name);
		if (i > 0)
			ck_assert_msg(sb->index > tw_conf_find_section(b, a->sections[i - 1]->name)->index,
			              "[%s] in the seed's order", sa->name);
		/* Option by option in order: the k-th line named x in the seed
		 * matches the k-th line named x in the output (exten repeats). */
		for (j = 0; j < sa->nopts; j++) {
			const struct tw_conf_option *ob = nth_named(sb, sa->opts[j]->name,
			                                            nth_of(sa, j));

			ck_assert_msg(ob != NULL, "[%s] %s rendered", sa->name, sa->opts[j]->name);
			ck_assert_str_eq(ob->value, sa->opts[j]->value);
		}
	}
	tw_diags_clear(&d);
	tw_conf_free(&a);
	tw_conf_free(&b);
	free(path);
}

START_TEST(test_seed_semantic)
{
	struct tw_trunk *t = trunk_of(seed_words);
	struct tw_render r;
	struct tw_diags d;

	render_ok(t, &r, &d);
	assert_same_sections("data/render/seed-snippet.conf", r.pjsip);
	assert_same_sections("data/render/seed-outbound.conf", r.extensions);
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_deterministic)
{
	struct tw_trunk *t = trunk_of(seed_words);
	struct tw_render r1, r2;
	struct tw_diags d1, d2;

	render_ok(t, &r1, &d1);
	render_ok(t, &r2, &d2);
	ck_assert_str_eq(r1.pjsip, r2.pjsip);
	ck_assert_str_eq(r1.extensions, r2.extensions);
	tw_render_free(&r1);
	tw_render_free(&r2);
	tw_diags_clear(&d1);
	tw_diags_clear(&d2);
	tw_trunk_free(&t);
}
END_TEST

/* The identify hostname warning is mapped back to trunk.identify. */
START_TEST(test_diag_maps_to_field)
{
	struct tw_trunk *t = trunk_of(seed_words);
	struct tw_render r;
	struct tw_diags d;
	size_t i;
	bool found = false;

	render_ok(t, &r, &d);
	for (i = 0; i < d.n; i++)
		if (d.v[i].field && strcmp(d.v[i].field, "identify") == 0 && d.v[i].sev == TW_WARNING)
			found = true;
	ck_assert_msg(found, "hostname in identify reported at trunk.identify");
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_ip_auth)
{
	static const char *const w[] = {
		"name=carrier", "auth=ip", "server=192.0.2.10",
		"identify=192.0.2.10, 198.51.100.0/24,2001:db8::/32", NULL,
	};
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;

	render_ok(t, &r, &d);
	ck_assert_ptr_null(strstr(r.pjsip, "type = auth"));
	ck_assert_ptr_null(strstr(r.pjsip, "type = registration"));
	ck_assert_ptr_null(strstr(r.pjsip, "outbound_auth"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "match = 192.0.2.10\nmatch = 198.51.100.0/24\nmatch = 2001:db8::/32\n"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "contact = sip:192.0.2.10\n"));
	ck_assert(!tw_diags_has_errors(&d));
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_transport_port_options)
{
	static const char *const w[] = {
		"name=t", "username=u", "password=p", "server=sip.example.com", "transport=tls",
		"port=5062", "from_user=4930123", "contact_user=4930123",
		"codecs=g722,alaw,ulaw", "identify=192.0.2.1", "qualify_frequency=30",
		"qualify_timeout=2.5", "media_encryption=sdes", NULL,
	};
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;

	render_ok(t, &r, &d);
	ck_assert_ptr_nonnull(strstr(r.pjsip, "server_uri = sip:sip.example.com:5062\\;transport=tls\n"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "client_uri = sip:u@sip.example.com:5062\\;transport=tls\n"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "allow = !all,g722,alaw,ulaw\n"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "from_user = 4930123\n"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "contact_user = 4930123\n"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "qualify_frequency = 30\nqualify_timeout = 2.5\n"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "media_encryption = sdes\n"));
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_tls_default_port)
{
	static const char *const w[] = {
		"name=t", "username=u", "password=p", "server=sip.example.com",
		"transport=tls", "identify=192.0.2.1", NULL,
	};
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;

	render_ok(t, &r, &d);
	ck_assert_ptr_nonnull(strstr(r.pjsip, "contact = sip:sip.example.com:5061\\;transport=tls\n"));
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_inbound_and_callerid)
{
	static const char *const w[] = {
		"name=t", "username=u", "password=p", "server=sip.example.com",
		"identify=192.0.2.1", "inbound_context=from-internal", "inbound_exten=100",
		"callerid=\"Office\" <+12125551234>", "emergency=yes", NULL,
	};
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;

	render_ok(t, &r, &d);
	ck_assert_ptr_nonnull(strstr(r.extensions, "[from-trunk]\nexten => _[+0-9].,1,Goto(from-internal,100,1)\n"));
	ck_assert_ptr_nonnull(strstr(r.extensions,
		"exten => _NXXNXXXXXX,1,Set(CALLERID(all)=\"Office\" <+12125551234>)\n"
		" same => n,Dial(PJSIP/1${EXTEN}@t-endpoint,120,tT)\n"));
	ck_assert_ptr_nonnull(strstr(r.extensions, "exten => 911,1,"));
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

START_TEST(test_outbound_auth_mode)
{
	static const char *const w[] = {
		"name=t", "auth=outbound", "username=u", "password=p",
		"server=sip.example.com", "identify=192.0.2.1", NULL,
	};
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;

	render_ok(t, &r, &d);
	ck_assert_ptr_nonnull(strstr(r.pjsip, "[t-auth]"));
	ck_assert_ptr_null(strstr(r.pjsip, "[t-reg]"));
	ck_assert_ptr_nonnull(strstr(r.pjsip, "outbound_auth = t-auth"));
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

/* Errors come back located at the answer; nothing is rendered. */
static void expect_error(const char *const *w, const char *field, const char *needle)
{
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;
	size_t i;
	bool found = false;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_render_validate(t, profile_of(t), &v20, &r, &d), -1);
	for (i = 0; i < d.n; i++)
		if (d.v[i].sev == TW_ERROR && tw_streq(d.v[i].field, field) &&
		    strstr(d.v[i].msg, needle))
			found = true;
	if (!found)
		tw_diags_print(&d, stderr, false);
	ck_assert_msg(found, "error at trunk.%s mentioning '%s'", field, needle);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}

START_TEST(test_errors)
{
	static const char *const no_pw[] = { "name=t", "username=u", "server=s.example.com", NULL };
	static const char *const bad_codec[] = { "name=t", "username=u", "password=p",
		"server=s.example.com", "codecs=ulaw,,alaw", NULL };
	static const char *const dup_codec[] = { "name=t", "username=u", "password=p",
		"server=s.example.com", "codecs=ulaw,ULAW", NULL };
	static const char *const bad_ip[] = { "name=t", "auth=ip", "server=192.0.2.1",
		"identify=203.0.113.300", NULL };
	static const char *const bad_name[] = { "name=my trunk", "username=u", "password=p",
		"server=s.example.com", NULL };
	static const char *const bad_host[] = { "name=t", "username=u", "password=p",
		"server=sip..example", NULL };
	static const char *const bad_port[] = { "name=t", "username=u", "password=p",
		"server=s.example.com", "port=070", NULL };
	static const char *const bad_from[] = { "name=t", "username=u", "password=p",
		"server=s.example.com", "from_user=a b", NULL };
	static const char *const ctx_clash[] = { "name=t", "username=u", "password=p",
		"server=s.example.com", "context=outbound", NULL };
	static const char *const bad_q[] = { "name=t", "username=u", "password=p",
		"server=s.example.com", "qualify_frequency=010", NULL };

	expect_error(no_pw, "password", "required");
	expect_error(bad_codec, "codecs", "empty item");
	expect_error(dup_codec, "codecs", "twice");
	expect_error(bad_ip, "identify", "203.0.113.300");
	expect_error(bad_name, "name", "my trunk");
	expect_error(bad_host, "server", "sip..example");
	expect_error(bad_port, "port", "070");
	expect_error(bad_from, "from_user", "a b");
	expect_error(ctx_clash, "context", "outbound");
	expect_error(bad_q, "qualify_frequency", "010");
}
END_TEST

/* A value with ';' is escaped and reads back intact. */
START_TEST(test_semicolon_escaped)
{
	static const char *const w[] = { "name=t", "username=u", "password=ab;cd\\;e",
		"server=s.example.com", "identify=192.0.2.1", NULL };
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;
	struct tw_conf *c = tw_conf_new(NULL);

	render_ok(t, &r, &d);
	ck_assert_int_eq(tw_conf_parse(c, "r", r.pjsip, strlen(r.pjsip), &d), 0);
	ck_assert_str_eq(tw_conf_section_value(tw_conf_find_section(c, "t-auth"), "password"),
	                 "ab;cd\\;e");
	tw_conf_free(&c);
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

/* Nothing an answer or a profile says becomes dialplan code. */
static const char *const attacks[] = {
	"${SHELL(id)}", "$[1+1]", "a\nexten => _X.,1,System(id)", "a;b", "a,b", "a|b", "a&b",
	"a\\b", "a(b", "a)b", ")(",
};

/* Every answer that lands in the dialplan: the keys the rendered lines
 * come from (ext_origin) when every dialplan answer is given. */
static size_t dialplan_origins(const char **keys, size_t cap)
{
	static const char *const w[] = { "name=t", "username=u", "password=p",
		"server=sip.example.com", "identify=192.0.2.1", "callerid=\"Office\" <+12125551234>",
		"inbound_context=from-pstn", "inbound_exten=100", "outbound_context=out",
		"context=from-t", "emergency=yes", "dial_preset=uk", "number_format=e164", NULL };
	static const char *const also[] = { "name", "inbound_exten", "number_format", "emergency" };
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;
	size_t i, k, n = 0;

	render_ok(t, &r, &d);
	for (i = 1; i <= r.ext_lines; i++) {
		const char *o = r.ext_origin[i];

		for (k = 0; o && k < n && strcmp(keys[k], o) != 0; k++)
			;
		if (o && k == n && n < cap)
			keys[n++] = o;
	}
	tw_render_free(&r);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
	/* in lines another key stands for: the endpoint name in Dial(), Goto(inbound_context,inbound_exten,1),
	 * the rules of dial_preset in number_format, emergency numbers */
	for (i = 0; i < TW_ARRAY_LEN(also) && n < cap; i++) {
		for (k = 0; k < n && strcmp(keys[k], also[i]) != 0; k++)
			;
		if (k == n)
			keys[n++] = also[i];
	}
	return n;
}

static bool has_field_error(const struct tw_diags *d, const char *field)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (d->v[i].sev == TW_ERROR && d->v[i].field && strcmp(d->v[i].field, field) == 0)
			return true;
	return false;
}

START_TEST(test_dialplan_injection_refused)
{
	static const char *const w[] = { "name=t", "username=u", "password=p",
		"server=sip.example.com", "identify=192.0.2.1", NULL };
	const char *keys[32];
	size_t nkeys = dialplan_origins(keys, TW_ARRAY_LEN(keys)), i, k;

	/* name, context, inbound_context, outbound_context, callerid, dial_preset + 3 */
	ck_assert_uint_eq(nkeys, 9);
	for (k = 0; k < nkeys; k++) {
		for (i = 0; i < TW_ARRAY_LEN(attacks); i++) {
			const char *words[TW_ARRAY_LEN(w)];
			size_t n = 0, j;
			struct tw_trunk *t;
			char *v = tw_xasprintf("x%s", attacks[i]);
			struct tw_render r;
			struct tw_diags d;

			for (j = 0; w[j]; j++)
				if (strncmp(w[j], keys[k], strlen(keys[k])) != 0 || w[j][strlen(keys[k])] != '=')
					words[n++] = w[j];
			words[n] = NULL;
			t = trunk_of(words);
			/* as a profile's default: no check on the way in */
			tw_trunk_replace_default(t, keys[k], v);
			ck_assert_str_eq(tw_trunk_get(t, keys[k]), v);
			tw_diags_init(&d);
			ck_assert_msg(tw_render(t, profile_of(t), &v20, &r, &d) != 0,
			              "%s=%s rendered", keys[k], v);
			ck_assert_msg(has_field_error(&d, keys[k]), "%s=%s: no error under the field",
			              keys[k], v);
			ck_assert_ptr_null(r.extensions);
			tw_diags_clear(&d);
			free(v);
			tw_trunk_free(&t);
		}
	}
}
END_TEST

START_TEST(test_callerid_shell_refused)
{
	static const char *const w[] = { "name=t", "username=u", "password=p",
		"server=sip.example.com", "identify=192.0.2.1", "callerid=${SHELL(id)}", NULL };
	struct tw_trunk *t = trunk_of(w);
	struct tw_render r;
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_ne(tw_render_validate(t, profile_of(t), &v20, &r, &d), 0);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].field, "callerid");
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "'${' starts a variable or function"));
	ck_assert_ptr_nonnull(d.v[0].hint);
	tw_diags_clear(&d);
	tw_trunk_free(&t);
}
END_TEST

/* What is accepted is read back by Asterisk's config parser as written:
 * the application's argument is the caller ID, nothing more. */
START_TEST(test_callerid_literal)
{
	static const char *const cids[] = { "\"Office (NY)\" <+12125551234>", "Jos\xc3\xa9 <100>",
		"\"A=B\" <123>", "+12125551234", "O'Brien <+442079460000>" };
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(cids); i++) {
		char *word = tw_xasprintf("callerid=%s", cids[i]);
		const char *w[] = { "name=t", "username=u", "password=p", "server=sip.example.com",
			"identify=192.0.2.1", word, NULL };
		struct tw_trunk *t = trunk_of(w);
		struct tw_conf *c = tw_conf_new(NULL);
		const struct tw_conf_section *s;
		struct tw_render r;
		struct tw_diags d;
		char *want;

		render_ok(t, &r, &d);
		ck_assert_int_eq(tw_conf_parse(c, "e", r.extensions, strlen(r.extensions), &d), 0);
		s = tw_conf_find_section(c, "outbound");
		ck_assert_ptr_nonnull(s);
		want = tw_xasprintf("_NXXNXXXXXX,1,Set(CALLERID(all)=%s)", cids[i]);
		ck_assert_str_eq(s->opts[0]->value, want);
		ck_assert_ptr_null(strchr(cids[i], '$'));
		free(want);
		free(word);
		tw_conf_free(&c);
		tw_render_free(&r);
		tw_diags_clear(&d);
		tw_trunk_free(&t);
	}
}
END_TEST

int main(void)
{
	Suite *s = suite_create("render");
	TCase *tc = tcase_create("render");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_seed_golden);
	tcase_add_test(tc, test_seed_semantic);
	tcase_add_test(tc, test_deterministic);
	tcase_add_test(tc, test_diag_maps_to_field);
	tcase_add_test(tc, test_ip_auth);
	tcase_add_test(tc, test_transport_port_options);
	tcase_add_test(tc, test_tls_default_port);
	tcase_add_test(tc, test_inbound_and_callerid);
	tcase_add_test(tc, test_outbound_auth_mode);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_semicolon_escaped);
	tcase_add_test(tc, test_dialplan_injection_refused);
	tcase_add_test(tc, test_callerid_shell_refused);
	tcase_add_test(tc, test_callerid_literal);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
