#include "config.h"

#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "trunkwiz/conf.h"
#include "tw_test.h"
#include "conf/conf.h"

/* ---- helpers ---- */

static struct tw_conf *load_data(const char *rel, const char *confdir, bool follow,
                                 struct tw_diags *d)
{
	char *path = tw_test_path(rel), *dir = confdir ? tw_test_path(confdir) : NULL;
	struct tw_conf *c = tw_conf_new(dir);

	ck_assert_msg(tw_conf_load(c, path, follow, d) == 0, "cannot load %s", path);
	free(path);
	free(dir);
	return c;
}

static struct tw_conf *parse_str(const char *text, struct tw_diags *d)
{
	struct tw_conf *c = tw_conf_new(NULL);

	ck_assert_int_eq(tw_conf_parse(c, "mem.conf", text, strlen(text), d), 0);
	return c;
}

static char *write_str(const struct tw_conf_file *f, size_t *len)
{
	struct tw_buf b;

	tw_buf_init(&b);
	tw_conf_file_write_buf(f, &b);
	if (len)
		*len = b.len;
	return tw_buf_steal(&b);
}

/* Writing the file back must give the bytes on disk. */
static void assert_roundtrip(const struct tw_conf_file *f)
{
	size_t want_len, got_len;
	char *want = tw_test_slurp(f->path, &want_len), *got = write_str(f, &got_len);

	ck_assert_msg(want != NULL, "cannot read %s", f->path);
	ck_assert_msg(got_len == want_len && memcmp(got, want, want_len) == 0,
	              "round trip of %s differs (%zu vs %zu bytes)", f->path, got_len, want_len);
	free(want);
	free(got);
}

/* A diagnostic of this severity at file (path suffix) and line whose
 * message contains text. */
static bool has_diag(const struct tw_diags *d, enum tw_severity sev, const char *file,
                     unsigned line, const char *text)
{
	size_t i, fl = file ? strlen(file) : 0;

	for (i = 0; i < d->n; i++) {
		const struct tw_diag *g = &d->v[i];
		size_t gl = g->file ? strlen(g->file) : 0;

		if (g->sev != sev || g->line != line || !strstr(g->msg, text))
			continue;
		if (file && (!g->file || gl < fl || strcmp(g->file + gl - fl, file) != 0))
			continue;
		return true;
	}
	return false;
}

static void dump_diags(const struct tw_diags *d)
{
	tw_diags_print(d, stderr, false);
}

static struct tw_conf_section *sec(const struct tw_conf *c, const char *name)
{
	struct tw_conf_section *s = tw_conf_find_section(c, name);

	ck_assert_msg(s != NULL, "no section [%s]", name);
	return s;
}

static const char *val(const struct tw_conf *c, const char *section, const char *name)
{
	return tw_conf_section_value(sec(c, section), name);
}

/* ---- round trips of the data files ---- */

static const char *const data_files[] = {
	"data/conf/pjsip.conf", "data/conf/extensions.conf", "data/conf/crlf.conf",
	"data/conf/no-final-newline.conf", "data/conf/latin1.conf",
	"data/conf/seed-pjsip.conf", "data/conf/errors.conf",
	"data/conf/missing-include.conf",
};

START_TEST(test_roundtrip_files)
{
	struct tw_diags d;
	struct tw_conf *c;

	tw_diags_init(&d);
	c = load_data(data_files[_i], NULL, false, &d);
	ck_assert_uint_eq(c->nfiles, 1);
	assert_roundtrip(c->files[0]);
	tw_conf_free(&c);
	ck_assert_ptr_null(c);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_roundtrip_include_tree)
{
	struct tw_diags d;
	struct tw_conf *c;
	size_t i;

	tw_diags_init(&d);
	c = load_data("data/conf/inc/pjsip.conf", "data/conf/inc", true, &d);
	ck_assert_uint_eq(c->nfiles, 5);
	for (i = 0; i < c->nfiles; i++)
		assert_roundtrip(c->files[i]);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* ---- the pjsip.conf model ---- */

START_TEST(test_pjsip_model)
{
	static const char *const names[] = { "transport-udp", "trunk-defaults", "acme-auth",
	                                     "acme", "acme", "acme-aor", "acme-identify" };
	static const unsigned lines[] = { 11, 18, 26, 32, 38, 41, 46 };
	struct tw_diags d;
	struct tw_conf *c;
	struct tw_conf_section *s;
	size_t i;

	tw_diags_init(&d);
	c = load_data("data/conf/pjsip.conf", NULL, true, &d);
	if (d.n)
		dump_diags(&d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(c->nsections, TW_ARRAY_LEN(names));
	for (i = 0; i < c->nsections; i++) {
		ck_assert_str_eq(c->sections[i]->name, names[i]);
		ck_assert_uint_eq(c->sections[i]->line, lines[i]);
		ck_assert_uint_eq(c->sections[i]->index, i);
		ck_assert_ptr_eq(c->sections[i]->header->section, c->sections[i]);
	}
	ck_assert_ptr_null(tw_conf_find_section(c, "old-trunk")); /* in a block comment */

	s = sec(c, "trunk-defaults");
	ck_assert(s->is_template);
	ck_assert_uint_eq(s->nbases, 0);
	ck_assert_str_eq(s->opts_text, "!");
	ck_assert_str_eq(tw_conf_section_value(s, "context"), "from-trunk"); /* tab-indented */
	ck_assert_uint_eq(tw_conf_section_get(s, "context")->line, 20);

	s = sec(c, "acme-auth");
	ck_assert_str_eq(tw_conf_section_value(s, "username"), "acme;user");
	ck_assert_uint_eq(s->nopts, 4);
	ck_assert_ptr_eq(s->opts[2]->ln->option, s->opts[2]);
	ck_assert_int_eq(s->opts[2]->ln->kind, TW_LINE_OPTION);

	s = sec(c, "acme-aor");
	ck_assert_int_eq(tw_conf_section_get(s, "contact")->op, TW_OP_OBJECT);
	ck_assert_str_eq(tw_conf_section_value(s, "contact"), "sip:sip.acme.example:5060");

	s = sec(c, "acme-identify");
	ck_assert_int_eq(s->opts[3]->op, TW_OP_APPEND);
	ck_assert_str_eq(s->opts[3]->name, "match");
	ck_assert_str_eq(s->opts[3]->value, ",203.0.113.11");

	s = sec(c, "transport-udp");
	ck_assert_str_eq(tw_conf_section_value(s, "local_net"), "10.0.0.0/8");
	ck_assert_int_eq(s->header->kind, TW_LINE_SECTION);
	ck_assert_ptr_eq(s->last, s->opts[s->nopts - 1]->ln);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_line_kinds)
{
	static const enum tw_line_kind want[] = {
		TW_LINE_COMMENT, TW_LINE_COMMENT, TW_LINE_BLANK, TW_LINE_COMMENT,
		TW_LINE_COMMENT, TW_LINE_COMMENT, TW_LINE_COMMENT, TW_LINE_COMMENT,
		TW_LINE_COMMENT, TW_LINE_BLANK, TW_LINE_SECTION, TW_LINE_OPTION,
	};
	struct tw_conf *c = load_data("data/conf/pjsip.conf", NULL, true, NULL);
	const struct tw_conf_line *ln = c->files[0]->first;
	unsigned i;

	for (i = 0; i < TW_ARRAY_LEN(want); i++, ln = ln->next) {
		ck_assert_uint_eq(ln->lineno, i + 1);
		ck_assert_msg(ln->kind == want[i], "line %u: kind %d, want %d", i + 1,
		              ln->kind, want[i]);
		ck_assert_ptr_null(ln->text);
	}
	ck_assert_uint_eq(c->files[0]->nlines, 50);
	ck_assert_uint_eq(c->files[0]->last->lineno, 50);
	tw_conf_free(&c);
}
END_TEST

/* ---- inheritance and additions ---- */

START_TEST(test_inheritance)
{
	struct tw_conf *c = load_data("data/conf/pjsip.conf", NULL, true, NULL);
	struct tw_conf_section *acme = sec(c, "acme"), *tpl = sec(c, "trunk-defaults"), **all;
	const struct tw_conf_option **v;
	size_t n;

	ck_assert_uint_eq(acme->nbases, 1);
	ck_assert_str_eq(acme->bases[0], "trunk-defaults");
	ck_assert_ptr_eq(acme->base_secs[0], tpl);
	ck_assert(!acme->is_template);
	/* from the template */
	ck_assert_str_eq(tw_conf_section_value(acme, "type"), "endpoint");
	ck_assert_str_eq(tw_conf_section_value(acme, "CONTEXT"), "from-trunk");
	ck_assert_str_eq(tw_conf_section_get(acme, "direct_media")->file, c->files[0]->path);
	/* own options win; accumulating ones add up: template first */
	ck_assert_str_eq(tw_conf_section_value(acme, "allow"), "g722");
	n = tw_conf_section_collect(acme, "Allow", &v);
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(v[0]->value, "ulaw");
	ck_assert_str_eq(v[1]->value, "alaw");
	ck_assert_str_eq(v[2]->value, "g722");
	ck_assert_ptr_eq(v[2]->ln->section, acme);
	free(v);
	/* the (+) addition: its own entry, and visible through the original */
	ck_assert_uint_eq(tw_conf_find_sections(c, "acme", &all), 2);
	ck_assert_ptr_eq(all[0], acme);
	ck_assert(all[1]->is_addition);
	ck_assert_ptr_null(all[1]->add_filter);
	ck_assert_uint_eq(all[1]->nbases, 1);
	ck_assert_ptr_eq(all[1]->base_secs[0], acme);
	ck_assert_uint_eq(all[1]->nopts, 1);
	ck_assert_str_eq(tw_conf_section_value(acme, "from_domain"), "acme.example");
	ck_assert_str_eq(tw_conf_section_value(all[1], "outbound_auth"), "acme-auth");
	n = tw_conf_section_collect(acme, NULL, &v);
	ck_assert_uint_eq(n, 6 + 4 + 1);
	ck_assert_str_eq(v[0]->name, "type");
	ck_assert_str_eq(v[10]->name, "from_domain");
	free(v);
	free(all);
	ck_assert_ptr_null(tw_conf_section_value(acme, "nope"));
	tw_conf_free(&c);
}
END_TEST

START_TEST(test_inheritance_order)
{
	/* A base contributes what it had when the section was read: additions
	 * made to the base later are not copied (Asterisk copies at parse time). */
	struct tw_diags d;
	struct tw_conf *c;
	const struct tw_conf_option **v;

	tw_diags_init(&d);
	/* (+) skips templates unless its filter says TEMPLATES=include */
	c = parse_str("[t](!)\nallow=ulaw\n[t](+)\nallow=alaw\n", &d);
	ck_assert(has_diag(&d, TW_ERROR, "mem.conf", 3, "[t](+)"));
	ck_assert_uint_eq(d.n, 1);
	tw_conf_free(&c);
	tw_diags_clear(&d);

	c = parse_str("[t]\nallow=ulaw\n[t](+)\nallow=alaw\n[a](t)\nallow=g722\n"
	              "[T](+)\nallow=gsm\n[b](a,t)\nx=1\n", &d);
	ck_assert_uint_eq(d.n, 0);
	/* a: t as of then (ulaw, alaw), own g722 */
	ck_assert_uint_eq(tw_conf_section_collect(sec(c, "a"), "allow", &v), 3);
	free(v);
	/* t now has its three additions' worth (the [T] addition matched case-insensitively) */
	ck_assert_uint_eq(tw_conf_section_collect(sec(c, "t"), "allow", &v), 3);
	ck_assert_str_eq(v[2]->value, "gsm");
	free(v);
	/* b: a (ulaw alaw g722), then t (ulaw alaw gsm) */
	ck_assert_uint_eq(tw_conf_section_collect(sec(c, "b"), "allow", &v), 6);
	ck_assert_str_eq(v[5]->value, "gsm");
	free(v);
	ck_assert_str_eq(val(c, "b", "allow"), "gsm");
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_addition_filter)
{
	struct tw_diags d;
	struct tw_conf *c;
	struct tw_conf_section **v;

	tw_diags_init(&d);
	c = parse_str("[101]\ntype=endpoint\n[101]\ntype=aor\n[101](+type=aor)\n"
	              "max_contacts=2\n[101](+type=registration)\nx=1\n"
	              "[tpl](!)\na=1\n[tpl](+TEMPLATES=include&a=1)\nb=2\n", &d);
	ck_assert_uint_eq(tw_conf_find_sections(c, "101", &v), 4);
	ck_assert_str_eq(v[2]->add_filter, "type=aor");
	ck_assert_ptr_eq(v[2]->base_secs[0], v[1]);
	ck_assert_str_eq(tw_conf_section_value(v[1], "max_contacts"), "2");
	ck_assert_ptr_null(tw_conf_section_value(v[0], "max_contacts"));
	ck_assert_ptr_null(v[3]->base_secs[0]);
	ck_assert(has_diag(&d, TW_ERROR, "mem.conf", 7, "[101](+type=registration)"));
	free(v);
	ck_assert_str_eq(val(c, "tpl", "b"), "2");
	ck_assert_uint_eq(d.n, 1);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* ---- comments ---- */

START_TEST(test_comments)
{
	struct tw_diags d;
	struct tw_conf *c;
	struct tw_conf_section *s;

	tw_diags_init(&d);
	c = parse_str("[a] ; header comment\n"
	              ";--- three dashes: a line comment\n"
	              "x=1 ;-- inline block --; \n"
	              "y=2;--\n"
	              "z=3\n"
	              "--; w=4\n"
	              "v=a\\;b\\\\;c ; the second ; is escaped too\n"
	              "u=semi\\;colon;tail\n"
	              "t=;--x--;keep\n", &d);
	ck_assert_uint_eq(d.n, 0);
	s = sec(c, "a");
	ck_assert_str_eq(tw_conf_section_value(s, "x"), "1");
	ck_assert_str_eq(tw_conf_section_value(s, "y"), "2");
	ck_assert_ptr_null(tw_conf_section_value(s, "z"));
	ck_assert_str_eq(tw_conf_section_value(s, "w"), "4");
	ck_assert_str_eq(tw_conf_section_value(s, "v"), "a;b\\;c");
	ck_assert_str_eq(tw_conf_section_value(s, "u"), "semi;colon");
	ck_assert_str_eq(tw_conf_section_value(s, "t"), "keep");
	ck_assert_int_eq(c->files[0]->first->next->kind, TW_LINE_COMMENT);
	ck_assert_int_eq(c->files[0]->first->next->next->next->next->kind, TW_LINE_COMMENT);
	tw_conf_free(&c);

	/* unterminated block comment: warning at the line that opened it */
	c = parse_str("[a]\nx=1\n;-- never closed\ny=2\n", &d);
	ck_assert(has_diag(&d, TW_WARNING, "mem.conf", 3, "not closed"));
	ck_assert_ptr_null(val(c, "a", "y"));
	tw_conf_free(&c);
	tw_diags_clear(&d);

	/* a stray '--;' makes Asterisk drop what follows until ';--' */
	c = parse_str("[a]\nx=b--;c\ny=2\n;--\nz=3\n", &d);
	ck_assert(has_diag(&d, TW_WARNING, "mem.conf", 2, "never opened"));
	ck_assert_str_eq(val(c, "a", "x"), "b--;c");
	ck_assert_ptr_null(val(c, "a", "y"));
	ck_assert_str_eq(val(c, "a", "z"), "3");
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* ---- extensions.conf ---- */

START_TEST(test_extensions)
{
	struct tw_conf *c = load_data("data/conf/extensions.conf", NULL, true, NULL);
	struct tw_conf_section *s = sec(c, "from-trunk");
	const struct tw_conf_option **v;

	ck_assert_uint_eq(c->nsections, 4);
	ck_assert_uint_eq(s->nopts, 4);
	ck_assert_str_eq(s->opts[0]->name, "exten");
	ck_assert_int_eq(s->opts[0]->op, TW_OP_OBJECT);
	ck_assert_str_eq(s->opts[0]->value, "_X.,1,NoOp(Inbound call from ${CALLERID(num)})");
	ck_assert_str_eq(s->opts[1]->name, "same");
	ck_assert_str_eq(s->opts[1]->value, "n,Set(CDR(userfield)=trunk;acme)");
	ck_assert_uint_eq(s->opts[1]->line, 10);
	s = sec(c, "outbound");
	ck_assert_str_eq(s->opts[0]->name, "include");
	ck_assert_str_eq(s->opts[0]->value, "from-internal");
	ck_assert_uint_eq(tw_conf_section_collect(s, "exten", &v), 2);
	ck_assert_str_eq(v[0]->value, "_NXXNXXXXXX,1,Dial(${TRUNK}/+1${EXTEN},120,tT)");
	free(v);
	ck_assert_str_eq(val(c, "globals", "TRUNK"), "PJSIP/acme");
	tw_conf_free(&c);
}
END_TEST

/* ---- line endings, long lines, bytes ---- */

START_TEST(test_crlf)
{
	struct tw_conf *c = load_data("data/conf/crlf.conf", NULL, true, NULL);

	ck_assert_str_eq(c->files[0]->eol, "\r\n");
	ck_assert(c->files[0]->final_newline);
	ck_assert_str_eq(val(c, "crlf-auth", "username"), "crlf");
	ck_assert_str_eq(val(c, "crlf-aor", "contact"), "sip:crlf.example");
	ck_assert_int_eq(c->files[0]->first->next->next->next->next->kind, TW_LINE_BLANK);
	tw_conf_free(&c);
}
END_TEST

START_TEST(test_no_final_newline)
{
	struct tw_conf *c = load_data("data/conf/no-final-newline.conf", NULL, true, NULL);
	struct tw_conf_file *f = c->files[0];
	struct tw_conf_line *ln;
	char *out;

	ck_assert(!f->final_newline);
	ck_assert_str_eq(f->eol, "\n");
	ck_assert_str_eq(val(c, "nofinal", "contact"), "sip:x.example");
	/* appending after the last line supplies its missing newline */
	tw_conf_section_add(sec(c, "nofinal"), "qualify_frequency", "60", TW_OP_SET);
	out = write_str(f, NULL);
	ck_assert_str_eq(out, "[nofinal]\ntype=aor\ncontact=sip:x.example\nqualify_frequency = 60\n");
	free(out);
	/* and removing it again gives the original bytes */
	ln = f->last;
	tw_conf_file_remove_line(f, ln);
	assert_roundtrip(f);
	ck_assert_ptr_eq(sec(c, "nofinal")->last, f->last);
	tw_conf_free(&c);
}
END_TEST

START_TEST(test_long_line)
{
	struct tw_diags d;
	struct tw_buf in;
	struct tw_conf *c;
	char *out;
	size_t len, i;

	tw_diags_init(&d);
	tw_buf_init(&in);
	tw_buf_adds(&in, "[long]\r\nshort=1\r\nv=");
	for (i = 0; i < 10000; i++)
		tw_buf_addc(&in, (char)('a' + i % 26));
	tw_buf_adds(&in, "\r\nok=\t2\r\nedge=");
	for (i = 0; i < TW_CONF_MAX_LINE - 6; i++)
		tw_buf_addc(&in, 'x');
	tw_buf_adds(&in, "\r"); /* 8190 bytes before the LF: still read */
	c = tw_conf_new(NULL);
	ck_assert_int_eq(tw_conf_parse(c, "long.conf", in.data, in.len, &d), 0);
	ck_assert(has_diag(&d, TW_WARNING, "long.conf", 3, "skips it"));
	ck_assert_uint_eq(d.n, 1);
	ck_assert_ptr_null(val(c, "long", "v"));
	ck_assert_str_eq(val(c, "long", "ok"), "2");
	ck_assert_uint_eq(strlen(val(c, "long", "edge")), TW_CONF_MAX_LINE - 6);
	ck_assert(!c->files[0]->final_newline);
	out = write_str(c->files[0], &len);
	ck_assert_uint_eq(len, in.len);
	ck_assert(memcmp(out, in.data, len) == 0);
	free(out);
	tw_conf_free(&c);
	tw_buf_free(&in);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_latin1)
{
	struct tw_conf *c = load_data("data/conf/latin1.conf", NULL, true, NULL);

	ck_assert_str_eq(val(c, "latin", "callerid"), "\"Jos\xe9 M\xfcller\" <100>");
	ck_assert_int_eq(c->files[0]->first->kind, TW_LINE_COMMENT);
	tw_conf_free(&c);
}
END_TEST

START_TEST(test_bom)
{
	struct tw_conf *c = parse_str("\xEF\xBB\xBF[bom]\nx=1\n", NULL);
	char *out = write_str(c->files[0], NULL);

	ck_assert_str_eq(val(c, "bom", "x"), "1");
	ck_assert_str_eq(out, "\xEF\xBB\xBF[bom]\nx=1\n");
	free(out);
	tw_conf_free(&c);
}
END_TEST

/* ---- the reference seed ---- */

START_TEST(test_seed)
{
	static const char *const types[] = { "auth", "registration", "endpoint", "aor", "identify" };
	struct tw_diags d;
	struct tw_conf *c;
	size_t i;

	tw_diags_init(&d);
	c = load_data("data/conf/seed-pjsip.conf", NULL, true, &d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(c->nsections, 5);
	for (i = 0; i < 5; i++)
		ck_assert_str_eq(tw_conf_section_value(c->sections[i], "type"), types[i]);
	ck_assert_str_eq(val(c, "trunk-endpoint", "allow"), "!all,ulaw,alaw");
	ck_assert_str_eq(val(c, "trunk-reg", "client_uri"),
	                 "sip:your_trunk_username@sip.provider.example.com");
	ck_assert_uint_eq(sec(c, "trunk-aor")->line, 25);
	ck_assert_uint_eq(tw_conf_section_get(sec(c, "trunk-identify"), "match")->line, 34);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* ---- includes ---- */

START_TEST(test_include_tree)
{
	static const char *const order[] = { "global", "transport-udp", "trunk-tpl", "trunk",
	                                     "extra", "after" };
	struct tw_diags d;
	struct tw_conf *c;
	struct tw_conf_section *s;
	const struct tw_conf_option *o;
	size_t i;

	tw_diags_init(&d);
	c = load_data("data/conf/inc/pjsip.conf", "data/conf/inc", true, &d);
	if (d.n)
		dump_diags(&d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(c->nsections, TW_ARRAY_LEN(order));
	for (i = 0; i < c->nsections; i++)
		ck_assert_str_eq(c->sections[i]->name, order[i]);
	ck_assert_uint_eq(c->files[0]->depth, 0);
	ck_assert(strstr(c->files[1]->path, "pjsip.d/10-transport.conf"));
	ck_assert(strstr(c->files[2]->path, "pjsip.d/20-trunk.conf"));
	ck_assert(strstr(c->files[3]->path, "inc/trunk-extra.conf"));
	ck_assert_uint_eq(c->files[3]->depth, 2);
	ck_assert_ptr_eq(tw_conf_find_file(c, c->files[4]->path), c->files[4]);
	ck_assert_ptr_null(tw_conf_find_file(c, "nope.conf"));

	/* the included file's first line continues the current section */
	s = sec(c, "global");
	o = tw_conf_section_get(s, "endpoint_identifier_order");
	ck_assert_ptr_eq(o->file, c->files[1]->path);
	ck_assert_uint_eq(o->line, 1);
	/* after #include, the includer's section is still current */
	ck_assert_str_eq(tw_conf_section_value(s, "user_agent"), "trunkwiz-test");
	ck_assert_ptr_eq(s->last, tw_conf_section_get(s, "user_agent")->ln);
	/* trunk-extra.conf's option joins trunk-tpl, and trunk inherits it */
	s = sec(c, "trunk");
	o = tw_conf_section_get(s, "allow");
	ck_assert_str_eq(o->value, "ulaw");
	ck_assert_ptr_eq(o->file, c->files[3]->path);
	ck_assert_uint_eq(o->line, 2);
	ck_assert_ptr_eq(s->base_secs[0], sec(c, "trunk-tpl"));
	ck_assert_ptr_eq(s->owner, c->files[2]);
	ck_assert_uint_eq(s->line, 5);

	/* directive lines keep their argument, wrapper removed */
	ck_assert_int_eq(c->files[0]->first->next->next->next->kind, TW_LINE_DIRECTIVE);
	ck_assert_int_eq(c->files[0]->first->next->next->next->next->directive, TW_DIR_TRYINCLUDE);
	ck_assert_str_eq(c->files[0]->first->next->next->next->next->dir_arg,
	                 "optional-missing.conf");
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* `check *.conf` gives the included files too: one read already holds
 * them, and reading them again would duplicate every section. */
START_TEST(test_load_included_again)
{
	struct tw_diags d;
	struct tw_conf *c;
	char *inc = tw_test_path("data/conf/inc/pjsip.d/20-trunk.conf"), *root;
	size_t n;

	tw_diags_init(&d);
	c = load_data("data/conf/inc/pjsip.conf", "data/conf/inc", true, &d);
	n = c->nsections;
	ck_assert_int_eq(tw_conf_load(c, inc, true, &d), 0);
	ck_assert_uint_eq(c->nsections, n);
	ck_assert(has_diag(&d, TW_NOTE, "20-trunk.conf", 0, "already read"));
	ck_assert_uint_eq(d.n, 1);
	tw_conf_free(&c);
	tw_diags_clear(&d);

	/* The other order, as `check pjsip.*.conf pjsip.conf` gives them:
	 * the included file first, then its includer, which reads it once. */
	c = load_data("data/conf/inc/pjsip.d/20-trunk.conf", "data/conf/inc", true, &d);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(c->nsections, 2);
	root = tw_test_path("data/conf/inc/pjsip.conf");
	ck_assert_int_eq(tw_conf_load(c, root, true, &d), 0);
	ck_assert_uint_eq(c->nsections, n);
	ck_assert(has_diag(&d, TW_NOTE, "inc/pjsip.conf", 4, "was given on its own before this file"));
	ck_assert_uint_eq(d.n, 1);
	free(root);
	free(inc);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_include_not_followed)
{
	struct tw_conf *c = load_data("data/conf/inc/pjsip.conf", "data/conf/inc", false, NULL);
	const struct tw_conf_line *ln;
	const char *args[3];
	size_t n = 0;

	ck_assert_uint_eq(c->nfiles, 1);
	ck_assert_uint_eq(c->nsections, 2);
	for (ln = c->files[0]->first; ln; ln = ln->next)
		if (ln->kind == TW_LINE_DIRECTIVE)
			args[n++] = ln->dir_arg;
	ck_assert_uint_eq(n, 3);
	ck_assert_str_eq(args[0], "pjsip.d/*.conf");
	ck_assert_str_eq(args[1], "optional-missing.conf");
	ck_assert_str_eq(args[2], "extra.conf");
	tw_conf_free(&c);
}
END_TEST

START_TEST(test_include_cycle)
{
	struct tw_diags d;
	struct tw_conf *c;

	tw_diags_init(&d);
	c = load_data("data/conf/cycle/a.conf", "data/conf/cycle", true, &d);
	if (!has_diag(&d, TW_ERROR, "cycle/b.conf", 3, "cycle"))
		dump_diags(&d);
	ck_assert(has_diag(&d, TW_ERROR, "cycle/b.conf", 3, "a.conf -> "));
	ck_assert(has_diag(&d, TW_ERROR, "cycle/b.conf", 3, "b.conf -> "));
	ck_assert_uint_eq(tw_diags_count(&d, TW_ERROR), 1);
	ck_assert_uint_eq(c->nfiles, 2);
	ck_assert_uint_eq(c->nsections, 2);
	tw_conf_free(&c);
	tw_diags_clear(&d);

	c = load_data("data/conf/cycle/self.conf", "data/conf/cycle", true, &d);
	ck_assert(has_diag(&d, TW_ERROR, "cycle/self.conf", 2, "includes itself"));
	ck_assert_uint_eq(d.n, 1);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_include_missing)
{
	struct tw_diags d;
	struct tw_conf *c;

	tw_diags_init(&d);
	c = load_data("data/conf/missing-include.conf", "data/conf", true, &d);
	ck_assert(has_diag(&d, TW_ERROR, "missing-include.conf", 2, "does-not-exist.conf"));
	ck_assert(has_diag(&d, TW_ERROR, "missing-include.conf", 4, "no file matches"));
	ck_assert_uint_eq(d.n, 2);
	ck_assert_ptr_nonnull(d.v[0].hint);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_include_depth)
{
	char *dir = tw_test_tmpdir(), *p;
	struct tw_diags d;
	struct tw_conf *c;
	FILE *f;
	int i;

	ck_assert_ptr_nonnull(dir);
	for (i = 0; i < 12; i++) {
		p = tw_xasprintf("%s/l%d.conf", dir, i);
		f = fopen(p, "w");
		ck_assert_ptr_nonnull(f);
		fprintf(f, "[s%d]\n#include l%d.conf\n", i, i + 1);
		fclose(f);
		free(p);
	}
	tw_diags_init(&d);
	c = tw_conf_new(dir);
	p = tw_xasprintf("%s/l0.conf", dir);
	ck_assert_int_eq(tw_conf_load(c, p, true, &d), 0);
	ck_assert_uint_eq(c->nfiles, TW_CONF_MAX_INCLUDE_DEPTH);
	ck_assert(has_diag(&d, TW_ERROR, "l9.conf", 2, "more than 10 levels"));
	ck_assert_uint_eq(d.n, 1);
	free(p);
	tw_conf_free(&c);
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(dir);
}
END_TEST

/* ---- parser diagnostics ---- */

START_TEST(test_errors)
{
	struct tw_diags d;
	struct tw_conf *c;
	struct tw_conf_section *s;

	tw_diags_init(&d);
	c = load_data("data/conf/errors.conf", NULL, true, &d);
	ck_assert(has_diag(&d, TW_ERROR, "errors.conf", 1, "No category context"));
	ck_assert(has_diag(&d, TW_WARNING, "errors.conf", 4, "without '='"));
	ck_assert(has_diag(&d, TW_WARNING, "errors.conf", 5, "without a name"));
	ck_assert(has_diag(&d, TW_ERROR, "errors.conf", 6, "without ']'"));
	ck_assert(has_diag(&d, TW_ERROR, "errors.conf", 8, "'missing-base'"));
	ck_assert(has_diag(&d, TW_ERROR, "errors.conf", 10, "' next'"));
	ck_assert(has_diag(&d, TW_ERROR, "errors.conf", 11, "[ghost](+)"));
	ck_assert(has_diag(&d, TW_WARNING, "errors.conf", 12, "'#frobnicate'"));
	ck_assert(has_diag(&d, TW_WARNING, "errors.conf", 13, "#exec"));
	ck_assert(has_diag(&d, TW_WARNING, "errors.conf", 14, "must follow ']'"));
	ck_assert_uint_eq(d.n, 10);
	ck_assert_uint_eq(tw_diags_count(&d, TW_ERROR), 5);
	ck_assert_str_eq(d.v[5].hint, "remove the spaces in the (...) list: Asterisk does not trim them");

	ck_assert_uint_eq(c->nsections, 5);
	s = sec(c, "spaced");
	ck_assert_uint_eq(s->nbases, 2);
	ck_assert_str_eq(s->bases[1], " next");
	ck_assert_ptr_eq(s->base_secs[0], sec(c, "good"));
	ck_assert_ptr_null(s->base_secs[1]);
	ck_assert_ptr_null(sec(c, "next")->base_secs[0]);
	ck_assert(sec(c, "ghost")->is_addition);
	ck_assert(!sec(c, "late")->is_template);
	ck_assert_ptr_null(tw_conf_section_value(sec(c, "good"), "lost"));
	ck_assert_int_eq(c->files[0]->first->kind, TW_LINE_INVALID);
	ck_assert_int_eq(c->files[0]->first->next->next->next->next->next->next->kind,
	                 TW_LINE_INVALID); /* lost=1, after the broken header */
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* What an #exec may define is not missing: Asterisk runs it (with
 * execincludes = yes) and reads its output in its place; it is not run
 * here, so a section named after it gets a note, not "Asterisk rejects
 * the whole file". Before the #exec the error stands. */
START_TEST(test_exec_may_define)
{
	struct tw_diags d;
	struct tw_conf *c;

	tw_diags_init(&d);
	c = parse_str("[early](+)\nx=1\n#exec /usr/bin/gen\n[global](+)\ny=2\n[p](tmpl)\n", &d);
	ck_assert(has_diag(&d, TW_ERROR, "mem.conf", 1, "needs an earlier section"));
	ck_assert(has_diag(&d, TW_WARNING, "mem.conf", 3, "#exec is not run here"));
	ck_assert(has_diag(&d, TW_NOTE, "mem.conf", 4, "the #exec at mem.conf:3 may define it"));
	ck_assert(has_diag(&d, TW_NOTE, "mem.conf", 6, "a section 'tmpl'"));
	ck_assert_uint_eq(tw_diags_count(&d, TW_ERROR), 1);
	tw_conf_free(&c);
	tw_diags_clear(&d);
	/* The next load starts without it. */
	c = parse_str("[global](+)\ny=2\n", &d);
	ck_assert(has_diag(&d, TW_ERROR, "mem.conf", 1, "needs an earlier section"));
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* A header without its ')' is where Asterisk stops reading the file: one
 * error there, not another for the base list it could not read. */
START_TEST(test_header_unclosed)
{
	struct tw_diags d;
	struct tw_conf *c;

	tw_diags_init(&d);
	c = parse_str("[tmpl](!)\ntype=aor\n[a](tmpl2\n", &d);
	ck_assert(has_diag(&d, TW_ERROR, "mem.conf", 3, "without ')'"));
	ck_assert_uint_eq(d.n, 1);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_header_forms)
{
	struct tw_diags d;
	struct tw_conf *c;
	struct tw_conf_section *s;

	tw_diags_init(&d);
	c = parse_str("[ a ]\nx=1\n[b](!,a)trailing\n[c](!\n[d](a,,!)\n[e]()\n", &d);
	ck_assert_str_eq(c->sections[0]->name, " a ");
	s = sec(c, "b");
	ck_assert(s->is_template);
	ck_assert_str_eq(s->bases[0], "a");
	ck_assert_ptr_null(s->base_secs[0]); /* "a" is not " a " */
	ck_assert(has_diag(&d, TW_ERROR, "mem.conf", 3, "'a'"));
	ck_assert(has_diag(&d, TW_ERROR, "mem.conf", 4, "without ')'"));
	ck_assert(sec(c, "c")->is_template);
	/* empty names match the first section, as in Asterisk */
	s = sec(c, "d");
	ck_assert_uint_eq(s->nbases, 2);
	ck_assert_str_eq(s->bases[1], "");
	ck_assert_ptr_eq(s->base_secs[1], c->sections[0]);
	ck_assert_ptr_eq(sec(c, "e")->base_secs[0], c->sections[0]);
	ck_assert_str_eq(tw_conf_section_value(sec(c, "e"), "x"), "1");
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

START_TEST(test_option_forms)
{
	struct tw_diags d;
	struct tw_conf *c;
	struct tw_conf_section *s;

	tw_diags_init(&d);
	c = parse_str("[o]\nset_var=A=B\n\\#odd = 1\nname  =>  v  \na +=b\nempty=\n#include\n", &d);
	s = sec(c, "o");
	ck_assert_str_eq(tw_conf_section_value(s, "set_var"), "A=B");
	ck_assert_str_eq(tw_conf_section_value(s, "#odd"), "1");
	ck_assert_str_eq(tw_conf_section_value(s, "name"), "v");
	ck_assert_int_eq(tw_conf_section_get(s, "name")->op, TW_OP_OBJECT);
	ck_assert_int_eq(tw_conf_section_get(s, "a")->op, TW_OP_APPEND);
	ck_assert_str_eq(tw_conf_section_value(s, "a"), "b");
	ck_assert_str_eq(tw_conf_section_value(s, "empty"), "");
	ck_assert(has_diag(&d, TW_WARNING, "mem.conf", 7, "without a file name"));
	ck_assert_uint_eq(d.n, 1);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* ---- where the bytes come from ---- */

/* n trunks of config text, each line written out. */
static char *gen_trunks(size_t n, size_t *len)
{
	struct tw_buf b;
	size_t i;

	tw_buf_init(&b);
	for (i = 0; i < n; i++)
		tw_buf_printf(&b, "[t%zu-aor]\ntype = aor\ncontact = sip:h%zu.example.com\n"
		              "; endpoint\n[t%zu-endpoint]\ntype=endpoint\naors = t%zu-aor\n\n",
		              i, i, i, i);
	*len = b.len;
	return tw_buf_steal(&b);
}

static void write_file(const char *path, const char *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(data, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
}

/* Empty files and files whose size is a page multiple, with or without a
 * final newline, load and write back as they are. */
START_TEST(test_read_sizes)
{
	static const size_t sizes[] = { 0, 1, 4095, 4096, 4097, 8192 };
	char *dir = tw_test_tmpdir(), *path = tw_xasprintf("%s/s.conf", dir), *text;
	struct tw_diags d;
	size_t i, k;

	tw_diags_init(&d);
	for (i = 0; i < TW_ARRAY_LEN(sizes); i++) {
		for (k = 0; k < 2; k++) {
			struct tw_conf *c = tw_conf_new(NULL);
			struct tw_conf_file *f;

			/* "[s]\nx=aaaa..." up to the size (a comment when that is
			 * too small), the last byte a newline (k == 0) or not */
			text = tw_xmalloc(sizes[i] + 1);
			memset(text, sizes[i] >= 8 ? 'a' : ';', sizes[i]);
			if (sizes[i] >= 8)
				memcpy(text, "[s]\nx=", 6);
			if (sizes[i] && k == 0)
				text[sizes[i] - 1] = '\n';
			write_file(path, text, sizes[i]);
			ck_assert_int_eq(tw_conf_load(c, path, true, &d), 0);
			f = c->files[0];
			ck_assert_uint_eq(f->len, sizes[i]);
			ck_assert(f->final_newline == (sizes[i] == 0 || k == 0));
			ck_assert_uint_eq(f->nlines, sizes[i] == 0 ? 0 : 2 - (sizes[i] < 8));
			if (sizes[i] >= 8)
				ck_assert_uint_eq(strlen(val(c, "s", "x")),
				                  sizes[i] - 6 - (k == 0));
			assert_roundtrip(f);
			tw_conf_free(&c);
			free(text);
		}
	}
	ck_assert_uint_eq(d.n, 0);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

/* A config path that is not a regular file is refused at once, naming
 * it: a FIFO with no writer would block a plain open for ever, /dev/zero
 * would be read until memory runs out. */
START_TEST(test_read_not_regular)
{
	char *dir = tw_test_tmpdir(), *path = tw_xasprintf("%s/fifo.conf", dir);
	struct tw_conf *c;
	struct tw_diags d;

	tw_diags_init(&d);
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	c = tw_conf_new(NULL);
	ck_assert_int_eq(tw_conf_load(c, path, true, &d), -1);
	ck_assert_uint_eq(d.n, 1);
	ck_assert_str_eq(d.v[0].file, path);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "not a regular file"));
	tw_conf_free(&c);
	tw_diags_clear(&d);
	c = tw_conf_new(NULL);
	ck_assert_int_eq(tw_conf_load(c, "/dev/zero", true, &d), -1);
	ck_assert_ptr_nonnull(strstr(d.v[0].msg, "not a regular file"));
	tw_conf_free(&c);
	tw_diags_clear(&d);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
}
END_TEST

/* tw_conf_parse reads exactly len bytes (no NUL needed after them) and
 * keeps its own NUL-terminated copy. */
START_TEST(test_parse_memory)
{
	static const char text[] = "[a]\nx = 1\ny = 2\n[b]";
	size_t len = strlen("[a]\nx = 1\ny = 2");
	char *exact = tw_xmalloc(len);
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_conf_file *f;
	struct tw_diags d;
	char *out;

	tw_diags_init(&d);
	memcpy(exact, text, len);
	ck_assert_int_eq(tw_conf_parse(c, "exact.conf", exact, len, &d), 0);
	free(exact);
	f = c->files[0];
	ck_assert_uint_eq(f->nlines, 3);
	ck_assert(!f->final_newline);
	ck_assert_int_eq(f->data[f->len], '\0');
	ck_assert_uint_eq(c->nsections, 1);
	ck_assert_str_eq(val(c, "a", "y"), "2");
	out = write_str(f, NULL);
	ck_assert_str_eq(out, "[a]\nx = 1\ny = 2");
	free(out);
	ck_assert_int_eq(tw_conf_parse(c, "empty.conf", NULL, 0, &d), 0);
	ck_assert_uint_eq(c->nfiles, 2);
	ck_assert_uint_eq(c->files[1]->nlines, 0);
	ck_assert(c->files[1]->final_newline);
	ck_assert_uint_eq(d.n, 0);
	tw_conf_free(&c);
}
END_TEST

/* Lines without ';' are parsed from the raw bytes, the rest after the
 * comment pass: both ways give the same model and diagnostics. */
START_TEST(test_lines_in_place)
{
	static const char *const lines[] = {
		"a=b", " a = b ", "a\t=\tb\r", "A+=b", "a => b", "a=>b", "a = >b", "=b",
		"+=b", " = ", "a", "a=", "a= ", "a==b", "a = b = c", "\\a=b", "\\ a=b",
		"\\", "x\\y = z\\", "[s2]", "[s3](!)", "[s4", "#include f.conf", "#bogus",
		"#tryinclude", "\xef\xbb\xbf" "a=b", "a=caf\xe9", "\x01=\x7f",
	};
	size_t i;

	for (i = 0; i < TW_ARRAY_LEN(lines); i++) {
		struct tw_conf *c[2];
		struct tw_diags d[2];
		int k;

		for (k = 0; k < 2; k++) {
			char *text = tw_xasprintf("[s]\n%s%s\n", lines[i], k ? " ;c" : "");

			tw_diags_init(&d[k]);
			c[k] = parse_str(text, &d[k]);
			free(text);
		}
		{
			const struct tw_conf_line *x = c[0]->files[0]->first->next;
			const struct tw_conf_line *y = c[1]->files[0]->first->next;
			size_t j;

			ck_assert_msg(x->kind == y->kind, "kind of '%s'", lines[i]);
			ck_assert(x->section == NULL ? y->section == NULL
			                             : strcmp(x->section->name, y->section->name) == 0);
			ck_assert_uint_eq(c[0]->nsections, c[1]->nsections);
			if (x->option) {
				ck_assert_str_eq(x->option->name, y->option->name);
				ck_assert_msg(strcmp(x->option->value, y->option->value) == 0,
				              "'%s': '%s' vs '%s'", lines[i], x->option->value,
				              y->option->value);
				ck_assert_int_eq(x->option->op, y->option->op);
			}
			ck_assert_uint_eq(d[0].n, d[1].n);
			for (j = 0; j < d[0].n; j++)
				ck_assert_str_eq(d[0].v[j].msg, d[1].v[j].msg);
		}
		for (k = 0; k < 2; k++) {
			tw_conf_free(&c[k]);
			tw_diags_clear(&d[k]);
		}
	}
}
END_TEST

/* A model of a few MB (huge-page arenas, a grown name index) answers
 * lookups and writes back byte for byte. */
START_TEST(test_big_model)
{
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_diags d;
	size_t len, n;
	char *text = gen_trunks(40000, &len), *out;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_conf_parse(c, "big.conf", text, len, &d), 0);
	ck_assert_uint_eq(d.n, 0);
	ck_assert_uint_eq(c->nsections, 80000);
	ck_assert_str_eq(val(c, "t0-aor", "contact"), "sip:h0.example.com");
	ck_assert_str_eq(val(c, "t39999-endpoint", "AORS"), "t39999-aor");
	ck_assert_uint_eq(sec(c, "t20000-endpoint")->index, 40001);
	ck_assert_uint_eq(sec(c, "t20000-endpoint")->nopts, 2);
	ck_assert_ptr_null(tw_conf_find_section(c, "t40000-aor"));
	out = write_str(c->files[0], &n);
	ck_assert(n == len && memcmp(out, text, len) == 0);
	free(out);
	free(text);
	tw_conf_free(&c);
}
END_TEST

/* ---- not text ---- */

START_TEST(test_binary)
{
	static const char nul[] = "[a]\nx=1\ny=\0z\n";
	char garbage[256];
	struct tw_diags d;
	struct tw_conf *c = tw_conf_new(NULL);
	char *dir, *path;
	FILE *f;
	size_t i;

	tw_diags_init(&d);
	ck_assert_int_eq(tw_conf_parse(c, "bin.conf", nul, sizeof(nul) - 1, &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "bin.conf", 0, "not a text config file (NUL byte at line 3)"));
	for (i = 0; i < sizeof(garbage); i++)
		garbage[i] = (char)(i % 32 == 9 ? 1 : i % 32 + 1);
	ck_assert_int_eq(tw_conf_parse(c, "ctl.conf", garbage, sizeof(garbage), &d), -1);
	ck_assert(has_diag(&d, TW_ERROR, "ctl.conf", 0, "not a text config file"));
	ck_assert_uint_eq(c->nfiles, 0);

	dir = tw_test_tmpdir();
	path = tw_xasprintf("%s/x.conf", dir);
	f = fopen(path, "wb");
	fwrite(nul, 1, sizeof(nul) - 1, f);
	fclose(f);
	ck_assert_int_eq(tw_conf_load(c, path, true, &d), TW_CONF_NOT_TEXT);
	ck_assert(has_diag(&d, TW_ERROR, path, 0, "NUL byte at line 3"));
	ck_assert_int_eq(tw_conf_load(c, dir, true, &d), TW_CONF_IO_ERROR);
	ck_assert(has_diag(&d, TW_ERROR, dir, 0, "cannot read"));
	ck_assert_uint_eq(c->nfiles, 0);
	tw_test_rmtree(dir);
	free(path);
	free(dir);
	tw_conf_free(&c);
	tw_diags_clear(&d);
}
END_TEST

/* Random bytes and random config-ish soup never crash, hang or leak; when
 * parsed, the file always writes back byte for byte. */
START_TEST(test_fuzz)
{
	static const char soup[] = "[]()!+,;=>#-\\ \t\r\nabc\"<>*";
	uint32_t seed = 12345;
	struct tw_buf in;
	int iter;

	tw_buf_init(&in);
	for (iter = 0; iter < 600; iter++) {
		struct tw_diags d;
		struct tw_conf *c = tw_conf_new("/nonexistent");
		size_t len, i, n;
		char *out;

		seed = seed * 1103515245u + 12345u;
		len = (seed >> 8) % (iter < 300 ? 64 : 4096);
		in.len = 0;
		tw_buf_add(&in, "", 0);
		for (i = 0; i < len; i++) {
			seed = seed * 1103515245u + 12345u;
			tw_buf_addc(&in, iter % 2 ? soup[(seed >> 16) % (sizeof(soup) - 1)]
			                          : (char)(seed >> 16));
		}
		tw_diags_init(&d);
		if (tw_conf_parse(c, "fuzz.conf", in.data, in.len, &d) == 0) {
			out = write_str(c->files[0], &n);
			ck_assert_uint_eq(n, in.len);
			ck_assert(memcmp(out, in.data, n) == 0);
			free(out);
			for (i = 0; i < c->nsections; i++) {
				const struct tw_conf_option **v;

				tw_conf_section_value(c->sections[i], "a");
				tw_conf_section_collect(c->sections[i], NULL, &v);
				free(v);
			}
		} else {
			ck_assert_uint_ge(d.n, 1);
		}
		tw_conf_free(&c);
		tw_diags_clear(&d);
	}
	tw_buf_free(&in);
}
END_TEST

/* ---- building and editing ---- */

START_TEST(test_build)
{
	static const char want[] =
		"; generated by trunkwiz\n"
		";\n"
		"\n"
		"[acme-tpl](!)\n"
		"type = endpoint\n"
		"\n"
		"[acme](acme-tpl)\n"
		"outbound_proxy = sip:proxy.example\\;lr\n"
		"context = from-acme\n"
		"exten => _X.,1,NoOp()\n"
		"match += ,10.0.0.1\n"
		"empty =\n"
		"#include trunkwiz/acme.conf\n"
		"#tryinclude x.conf\n";
	struct tw_conf *c = tw_conf_new(NULL);
	struct tw_conf_file *f = tw_conf_add_file(c, "generated.conf");
	struct tw_conf_section *tpl, *s;
	struct tw_conf_option *o;
	char *out;

	tw_conf_file_add_comment(f, "generated by trunkwiz");
	tw_conf_file_add_comment(f, "");
	tw_conf_file_add_blank(f);
	tpl = tw_conf_file_add_section(f, "acme-tpl", "!");
	tw_conf_file_add_blank(f);
	s = tw_conf_file_add_section(f, "acme", "acme-tpl");
	tw_conf_file_add_directive(f, TW_DIR_INCLUDE, "trunkwiz/acme.conf");
	tw_conf_file_add_directive(f, TW_DIR_TRYINCLUDE, "x.conf");
	tw_conf_section_add(tpl, "type", "endpoint", TW_OP_SET);
	o = tw_conf_section_add(s, "outbound_proxy", "sip:proxy.example;lr", TW_OP_SET);
	tw_conf_section_add(s, "context", "from-acme", TW_OP_SET);
	tw_conf_section_add(s, "exten", "_X.,1,NoOp()", TW_OP_OBJECT);
	tw_conf_section_add(s, "match", ",10.0.0.1", TW_OP_APPEND);
	tw_conf_section_add(s, "empty", "", TW_OP_SET);
	out = write_str(f, NULL);
	ck_assert_str_eq(out, want);
	free(out);

	ck_assert_str_eq(o->value, "sip:proxy.example;lr");
	ck_assert_uint_eq(o->line, 0);
	ck_assert(tpl->is_template);
	ck_assert_ptr_eq(s->base_secs[0], tpl);
	ck_assert_str_eq(tw_conf_section_value(s, "type"), "endpoint");
	ck_assert_ptr_eq(tw_conf_find_section(c, "acme"), s);
	ck_assert_uint_eq(c->nsections, 2);
	ck_assert_uint_eq(f->nlines, 14);

	/* what we wrote parses back to the same model */
	{
		struct tw_diags d;
		struct tw_conf *back;

		tw_diags_init(&d);
		back = parse_str(want, &d);
		ck_assert_uint_eq(d.n, 0);
		ck_assert_str_eq(val(back, "acme", "outbound_proxy"), "sip:proxy.example;lr");
		ck_assert_str_eq(val(back, "acme", "type"), "endpoint");
		tw_conf_free(&back);
		tw_diags_clear(&d);
	}
	tw_conf_free(&c);
}
END_TEST

START_TEST(test_edit_crlf)
{
	struct tw_conf *c = load_data("data/conf/crlf.conf", NULL, true, NULL);
	struct tw_conf_file *f = c->files[0];
	struct tw_conf_section *s = sec(c, "crlf-auth");
	struct tw_conf_line *ln;
	size_t len, orig_len;
	char *orig = tw_test_slurp(f->path, &orig_len), *out, *want;

	tw_conf_section_add(s, "password", "a;b", TW_OP_SET);
	out = write_str(f, &len);
	want = tw_xasprintf("; CRLF file\r\n[crlf-auth]\r\ntype=auth\r\nusername=crlf ; comment\r\n"
	                    "password = a\\;b\r\n\r\n[crlf-aor]\r\ntype=aor\r\n"
	                    "contact=sip:crlf.example\r\n");
	ck_assert_str_eq(out, want);
	free(out);
	free(want);
	ck_assert_str_eq(tw_conf_section_value(s, "password"), "a;b");
	ck_assert_uint_eq(s->nopts, 3);

	/* remove an original line: only its bytes go */
	ln = tw_conf_section_get(s, "username")->ln;
	tw_conf_file_remove_line(f, ln);
	ck_assert_uint_eq(s->nopts, 2);
	ck_assert_ptr_null(tw_conf_section_value(s, "username"));
	out = write_str(f, &len);
	ck_assert_str_eq(out, "; CRLF file\r\n[crlf-auth]\r\ntype=auth\r\npassword = a\\;b\r\n"
	                      "\r\n[crlf-aor]\r\ntype=aor\r\ncontact=sip:crlf.example\r\n");
	free(out);
	/* remove the added one: back to the original minus the username line */
	tw_conf_file_remove_line(f, s->last);
	ck_assert_ptr_eq(s->last, tw_conf_section_get(s, "type")->ln);
	out = write_str(f, &len);
	ck_assert_uint_eq(len, orig_len - strlen("username=crlf ; comment\r\n"));
	free(out);
	free(orig);
	tw_conf_free(&c);
}
END_TEST

START_TEST(test_edit_sections)
{
	struct tw_conf *c = load_data("data/conf/inc/pjsip.conf", "data/conf/inc", true, NULL);
	struct tw_conf_section *s, *t;
	struct tw_conf_file *f;
	FILE *tmp;
	char *out;
	size_t n;

	/* a section added to an included file goes after that file's sections
	 * in load order */
	s = tw_conf_file_add_section(c->files[1], "transport-tcp", "");
	ck_assert_str_eq(s->header->text, "[transport-tcp]");
	ck_assert_uint_eq(s->index, 2);
	ck_assert_ptr_eq(c->sections[2], s);
	ck_assert_uint_eq(sec(c, "after")->index, 6);
	ck_assert_ptr_eq(tw_conf_find_section(c, "after"), c->sections[6]);
	ck_assert_uint_eq(s->nbases, 0);
	ck_assert_ptr_null(s->opts_text);
	t = tw_conf_file_add_section(c->files[0], "last", NULL);
	ck_assert_uint_eq(t->index, c->nsections - 1);

	/* removing a header drops the section from the model */
	tw_conf_file_remove_line(c->files[1], s->header);
	ck_assert_ptr_null(tw_conf_find_section(c, "transport-tcp"));
	ck_assert_uint_eq(sec(c, "after")->index, 5);
	assert_roundtrip(c->files[1]);

	/* write to a FILE */
	f = c->files[1];
	tmp = tmpfile();
	ck_assert_int_eq(tw_conf_file_write(f, tmp), 0);
	n = (size_t)ftell(tmp);
	out = write_str(f, NULL);
	ck_assert_uint_eq(n, strlen(out));
	free(out);
	fclose(tmp);
	tw_conf_free(&c);
	tw_conf_free(&c); /* NULL-safe */
	tw_conf_free(NULL);
}
END_TEST

START_TEST(test_find_sections)
{
	struct tw_conf *c = parse_str("[mytrunk]\ntype=endpoint\n[other]\n[mytrunk]\ntype=aor\n"
	                              "[MyTrunk]\ntype=identify\n", NULL);
	struct tw_conf_section **v;

	ck_assert_uint_eq(tw_conf_find_sections(c, "mytrunk", &v), 2);
	ck_assert_str_eq(tw_conf_section_value(v[0], "type"), "endpoint");
	ck_assert_str_eq(tw_conf_section_value(v[1], "type"), "aor");
	free(v);
	ck_assert_str_eq(val(c, "MyTrunk", "type"), "identify");
	ck_assert_uint_eq(tw_conf_find_sections(c, "MYTRUNK", &v), 0);
	ck_assert_ptr_null(v);
	ck_assert_ptr_null(tw_conf_find_section(c, "mytrunk "));
	tw_conf_free(&c);
}
END_TEST

/* The name index is built by the first lookup and kept up to date across
 * appends, inserts and removals. */
START_TEST(test_index_updates)
{
	struct tw_conf *c = parse_str("[a]\nx=1\n[t](!)\ny=2\n[b](t)\n[c]\n[A]\n", NULL);
	struct tw_conf_file *f = c->files[0];
	struct tw_conf_section *d, *add, **v;

	/* the lookup for b's base came before c and A were read */
	ck_assert_ptr_eq(sec(c, "b")->base_secs[0], sec(c, "t"));
	ck_assert_ptr_eq(sec(c, "A"), c->sections[4]);
	ck_assert_uint_eq(tw_conf_find_sections(c, "a", &v), 1);
	ck_assert_ptr_eq(v[0], c->sections[0]);
	free(v);
	d = tw_conf_file_add_section(f, "d", NULL);
	ck_assert_ptr_eq(sec(c, "d"), d);
	add = tw_conf_file_add_section(f, "d", "+");
	ck_assert_ptr_eq(add->base_secs[0], d);
	tw_conf_section_add(add, "z", "3", TW_OP_SET);
	ck_assert_str_eq(tw_conf_section_value(d, "z"), "3");
	ck_assert_uint_eq(tw_conf_find_sections(c, "d", &v), 2);
	free(v);
	tw_conf_file_remove_line(f, sec(c, "c")->header);
	ck_assert_ptr_null(tw_conf_find_section(c, "c"));
	ck_assert_uint_eq(sec(c, "d")->index, 4);
	ck_assert_str_eq(tw_conf_section_value(sec(c, "d"), "z"), "3");
	ck_assert_str_eq(val(c, "b", "y"), "2");
	tw_conf_free(&c);
}
END_TEST

START_TEST(test_many_sections)
{
	struct tw_buf in;
	struct tw_conf *c;
	char name[32];
	int i;

	tw_buf_init(&in);
	for (i = 0; i < 20000; i++)
		tw_buf_printf(&in, "[ep%d]\ntype=endpoint\naors=ep%d\n[ep%d]\ntype=aor\n", i, i, i);
	c = parse_str(in.data, NULL);
	ck_assert_uint_eq(c->nsections, 40000);
	for (i = 0; i < 20000; i++) {
		struct tw_conf_section **v;

		snprintf(name, sizeof(name), "ep%d", i);
		ck_assert_uint_eq(tw_conf_find_sections(c, name, &v), 2);
		ck_assert_str_eq(tw_conf_section_value(v[0], "aors"), name);
		ck_assert_uint_eq(v[1]->index, (size_t)i * 2 + 1);
		free(v);
	}
	tw_conf_free(&c);
	tw_buf_free(&in);
}
END_TEST

START_TEST(test_escape)
{
	char *e = tw_conf_escape("sip:a;b;c");

	ck_assert_str_eq(e, "sip:a\\;b\\;c");
	free(e);
	e = tw_conf_escape("");
	ck_assert_str_eq(e, "");
	free(e);
	e = tw_conf_escape("a\\;b");
	ck_assert_str_eq(e, "a\\\\;b");
	free(e);
}
END_TEST

int main(void)
{
	Suite *s = suite_create("conf");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_loop_test(tc, test_roundtrip_files, 0, (int)TW_ARRAY_LEN(data_files));
	tcase_add_test(tc, test_roundtrip_include_tree);
	tcase_add_test(tc, test_pjsip_model);
	tcase_add_test(tc, test_line_kinds);
	tcase_add_test(tc, test_inheritance);
	tcase_add_test(tc, test_inheritance_order);
	tcase_add_test(tc, test_addition_filter);
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_extensions);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_no_final_newline);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_latin1);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_seed);
	tcase_add_test(tc, test_include_tree);
	tcase_add_test(tc, test_load_included_again);
	tcase_add_test(tc, test_include_not_followed);
	tcase_add_test(tc, test_include_cycle);
	tcase_add_test(tc, test_include_missing);
	tcase_add_test(tc, test_include_depth);
	tcase_add_test(tc, test_errors);
	tcase_add_test(tc, test_exec_may_define);
	tcase_add_test(tc, test_header_unclosed);
	tcase_add_test(tc, test_header_forms);
	tcase_add_test(tc, test_option_forms);
	tcase_add_test(tc, test_read_sizes);
	tcase_add_test(tc, test_read_not_regular);
	tcase_add_test(tc, test_parse_memory);
	tcase_add_test(tc, test_lines_in_place);
	tcase_add_test(tc, test_big_model);
	tcase_add_test(tc, test_binary);
	tcase_add_test(tc, test_fuzz);
	tcase_add_test(tc, test_build);
	tcase_add_test(tc, test_edit_crlf);
	tcase_add_test(tc, test_edit_sections);
	tcase_add_test(tc, test_find_sections);
	tcase_add_test(tc, test_index_updates);
	tcase_add_test(tc, test_many_sections);
	tcase_add_test(tc, test_escape);
	suite_add_tcase(s, tc);
	return tw_test_run(s);
}
