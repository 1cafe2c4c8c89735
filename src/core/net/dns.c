#include "config.h"

#include <arpa/nameser.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <resolv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "trunkwiz/net.h"
#include "netaddr_priv.h"
#include "net/net.h"

/* ---- SRV ---- */

/* Names resolve through DNS, or through a hosts file (doctor --hosts). */
static struct tw_hosts *hosts_in_use;

void tw_hosts_use(struct tw_hosts *h)
{
	hosts_in_use = h;
}

struct tw_hosts *tw_hosts_in_use(void)
{
	return hosts_in_use;
}

#ifdef TW_TEST_HOOKS
static tw_srv_fn srv_hook;
static void *srv_ctx;

void tw_set_srv_resolver(tw_srv_fn fn, void *ctx)
{
	srv_hook = fn;
	srv_ctx = fn ? ctx : NULL;
}
#endif

static int srv_system(const char *name, struct tw_srv **out, void *ctx);
static int hosts_srv(const char *name, struct tw_srv **out, void *ctx);

static int srv_ask(const char *name, struct tw_srv **out)
{
#ifdef TW_TEST_HOOKS
	if (srv_hook)
		return srv_hook(name, out, srv_ctx);
#endif
	if (hosts_in_use)
		return hosts_srv(name, out, hosts_in_use);
	return srv_system(name, out, NULL);
}

void tw_srv_free(struct tw_srv **v, size_t n)
{
	size_t i;

	if (!v || !*v)
		return;
	for (i = 0; i < n; i++)
		free((*v)[i].target);
	free(*v);
	*v = NULL;
}

const char *tw_srv_service(enum tw_transport tr)
{
	switch (tr) {
	case TW_TRANSPORT_TCP:
		return "_sip._tcp";
	case TW_TRANSPORT_TLS:
		return "_sips._tcp";
	default:
		return "_sip._udp";
	}
}

static void srv_push(struct tw_srv **v, size_t *n, unsigned prio, unsigned weight,
                     unsigned port, const char *target)
{
	size_t l = strlen(target);

	*v = tw_xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[*n].prio = prio;
	(*v)[*n].weight = weight;
	(*v)[*n].port = port;
	(*v)[*n].target = tw_xstrndup(target, l && target[l - 1] == '.' ? l - 1 : l);
	(*n)++;
}

/* Default: res_nquery + ns_parserr, at most timeout 2 s x 2 tries. */
static int srv_system(const char *name, struct tw_srv **out, void *ctx)
{
	struct __res_state st;
	unsigned char ans[4096];
	struct tw_srv *v = NULL;
	size_t n = 0;
	ns_msg msg;
	int len, i, count;

	(void)ctx;
	*out = NULL;
	memset(&st, 0, sizeof(st));
	if (res_ninit(&st) < 0)
		return -1;
	st.retrans = 2;
	st.retry = 2;
	len = res_nquery(&st, name, ns_c_in, ns_t_srv, ans, sizeof(ans));
	if (len < 0) {
		int herr = st.res_h_errno;

		res_nclose(&st);
		return herr == HOST_NOT_FOUND || herr == NO_DATA ? 0 : -1;
	}
	res_nclose(&st);
	if (ns_initparse(ans, len, &msg) < 0)
		return -1;
	count = ns_msg_count(msg, ns_s_an);
	for (i = 0; i < count; i++) {
		ns_rr rr;
		const unsigned char *rd;
		char target[NS_MAXDNAME];

		if (ns_parserr(&msg, ns_s_an, i, &rr) < 0 || ns_rr_type(rr) != ns_t_srv ||
		    ns_rr_rdlen(rr) < 7)
			continue;
		rd = ns_rr_rdata(rr);
		if (dn_expand(ns_msg_base(msg), ns_msg_end(msg), rd + 6, target, sizeof(target)) < 0)
			continue;
		srv_push(&v, &n, ns_get16(rd), ns_get16(rd + 2), ns_get16(rd + 4), target);
	}
	*out = v;
	return (int)n;
}

static int srv_cmp(const void *a, const void *b)
{
	const struct tw_srv *x = a, *y = b;

	if (x->prio != y->prio)
		return x->prio < y->prio ? -1 : 1;
	if (x->weight != y->weight)
		return x->weight > y->weight ? -1 : 1;
	return 0;
}

int tw_srv_resolve(const char *name, struct tw_srv **out)
{
	int n = srv_ask(name, out);

	if (n <= 0)
		return n;
	/* RFC 2782: a single "." target means the service is not offered. */
	if (n == 1 && ((*out)[0].target[0] == '\0' || strcmp((*out)[0].target, ".") == 0)) {
		tw_srv_free(out, 1);
		return 0;
	}
	qsort(*out, (size_t)n, sizeof(**out), srv_cmp);
	return n;
}

/* ---- hosts file ---- */

struct host_entry {
	char *name;
	char *addr;
};

struct tw_hosts {
	struct host_entry *a;
	size_t na;
	struct tw_srv *srv;
	char **srv_names;
	size_t nsrv;
};

static bool name_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	if (la && a[la - 1] == '.')
		la--;
	if (lb && b[lb - 1] == '.')
		lb--;
	return la == lb && strncasecmp(a, b, la) == 0;
}

static bool parse_uint(const char *s, unsigned max, unsigned *v)
{
	char *end;
	unsigned long x;

	if (!s || !*s)
		return false;
	errno = 0;
	x = strtoul(s, &end, 10);
	if (errno || *end || x > max)
		return false;
	*v = (unsigned)x;
	return true;
}

static int hosts_line(struct tw_hosts *h, char *line, const char *path, unsigned lineno,
                      struct tw_diags *d)
{
	char *words[8], *save = NULL, *w;
	size_t nw = 0, i;

	for (w = strtok_r(line, " \t\r", &save); w && nw < TW_ARRAY_LEN(words);
	     w = strtok_r(NULL, " \t\r", &save))
		words[nw++] = w;
	if (nw == 0)
		return 0;
	if (strcasecmp(words[0], "SRV") == 0) {
		unsigned prio, weight, port;

		if (nw != 6 || !parse_uint(words[2], 65535, &prio) ||
		    !parse_uint(words[3], 65535, &weight) || !parse_uint(words[4], 65535, &port)) {
			tw_diag_at(d, TW_ERROR, path, lineno, "write SRV NAME PRIORITY WEIGHT PORT TARGET",
			           "bad SRV line");
			return -1;
		}
		srv_push(&h->srv, &h->nsrv, prio, weight, port, words[5]);
		h->srv_names = tw_xrealloc(h->srv_names, h->nsrv * sizeof(*h->srv_names));
		h->srv_names[h->nsrv - 1] = tw_xstrdup(words[1]);
		return 0;
	}
	if (nw < 2 || (!tw_is_ipv4(words[0]) && !tw_is_ipv6(words[0]))) {
		tw_diag_at(d, TW_ERROR, path, lineno, "write ADDRESS NAME [NAME..]",
		           "not a hosts line: '%s'", words[0]);
		return -1;
	}
	for (i = 1; i < nw; i++) {
		h->a = tw_xrealloc(h->a, (h->na + 1) * sizeof(*h->a));
		h->a[h->na].name = tw_xstrdup(words[i]);
		h->a[h->na].addr = tw_xstrdup(words[0]);
		h->na++;
	}
	return 0;
}

int tw_hosts_load(struct tw_hosts **out, const char *path, struct tw_diags *d)
{
	struct tw_hosts *h;
	FILE *f = fopen(path, "r");
	char line[1024];
	unsigned lineno = 0;
	int rc = 0;

	*out = NULL;
	if (!f) {
		tw_diag_at(d, TW_ERROR, path, 0, NULL, "cannot open hosts file: %s", strerror(errno));
		return -1;
	}
	h = tw_xcalloc(1, sizeof(*h));
	while (fgets(line, sizeof(line), f)) {
		char *hash = strchr(line, '#');

		lineno++;
		if (hash)
			*hash = '\0';
		line[strcspn(line, "\n")] = '\0';
		if (hosts_line(h, line, path, lineno, d) < 0)
			rc = -1;
	}
	fclose(f);
	if (rc < 0) {
		tw_hosts_free(&h);
		return -1;
	}
	*out = h;
	return 0;
}

void tw_hosts_free(struct tw_hosts **hp)
{
	struct tw_hosts *h;
	size_t i;

	if (!hp || !*hp)
		return;
	h = *hp;
	for (i = 0; i < h->na; i++) {
		free(h->a[i].name);
		free(h->a[i].addr);
	}
	free(h->a);
	tw_strv_free(&h->srv_names, h->nsrv);
	tw_srv_free(&h->srv, h->nsrv);
	free(h);
	*hp = NULL;
}

int tw_hosts_resolve(const char *name, char ***out, void *ctx)
{
	const struct tw_hosts *h = ctx;
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < h->na; i++) {
		if (!name_eq(h->a[i].name, name))
			continue;
		*out = tw_xrealloc(*out, (n + 1) * sizeof(**out));
		(*out)[n++] = tw_xstrdup(h->a[i].addr);
	}
	return (int)n;
}

static int hosts_srv(const char *name, struct tw_srv **out, void *ctx)
{
	const struct tw_hosts *h = ctx;
	size_t i, n = 0;

	*out = NULL;
	for (i = 0; i < h->nsrv; i++)
		if (name_eq(h->srv_names[i], name))
			srv_push(out, &n, h->srv[i].prio, h->srv[i].weight, h->srv[i].port,
			         h->srv[i].target);
	return (int)n;
}

/* ---- bounded lookups ---- */

struct job {
	pthread_mutex_t mu;
	int refs;        /* the waiter and the thread */
	bool done;
	bool srv;
	char *name;
	int rc;
	char **addrs;
	struct tw_srv *srvs;
};

static void job_unref(struct job *j)
{
	int left;

	pthread_mutex_lock(&j->mu);
	left = --j->refs;
	pthread_mutex_unlock(&j->mu);
	if (left)
		return;
	if (j->rc > 0) {
		if (j->srv)
			tw_srv_free(&j->srvs, (size_t)j->rc);
		else
			tw_strv_free(&j->addrs, (size_t)j->rc);
	}
	free(j->name);
	pthread_mutex_destroy(&j->mu);
	free(j);
}

static void *job_run(void *arg)
{
	struct job *j = arg;
	char **addrs = NULL;
	struct tw_srv *srvs = NULL;
	int rc;

	rc = j->srv ? tw_srv_resolve(j->name, &srvs) : tw_resolve(j->name, &addrs);
	pthread_mutex_lock(&j->mu);
	j->rc = rc;
	j->addrs = addrs;
	j->srvs = srvs;
	j->done = true;
	pthread_mutex_unlock(&j->mu);
	job_unref(j);
	return NULL;
}

static int bounded(const char *name, bool srv, char ***addrs, struct tw_srv **srvs,
                   int timeout_ms, const struct tw_cancel *c)
{
	struct job *j = tw_xcalloc(1, sizeof(*j));
	long long deadline = tw_now_ms() + timeout_ms;
	pthread_t th;
	int rc;

	pthread_mutex_init(&j->mu, NULL);
	j->refs = 2;
	j->srv = srv;
	j->name = tw_xstrdup(name);
	if (pthread_create(&th, NULL, job_run, j) != 0) {
		/* No thread: ask in this one, unbounded. */
		j->refs = 1;
		free(j->name);
		pthread_mutex_destroy(&j->mu);
		free(j);
		return srv ? tw_srv_resolve(name, srvs) : tw_resolve(name, addrs);
	}
	pthread_detach(th);
	for (;;) {
		bool done;

		pthread_mutex_lock(&j->mu);
		done = j->done;
		pthread_mutex_unlock(&j->mu);
		if (done)
			break;
		if (tw_now_ms() >= deadline) {
			job_unref(j);
			return TW_DNS_TIMEOUT;
		}
		if (!tw_sleep_ms(10, c)) {
			job_unref(j);
			return TW_DNS_CANCELLED;
		}
	}
	pthread_mutex_lock(&j->mu);
	rc = j->rc;
	if (srv)
		*srvs = j->srvs;
	else
		*addrs = j->addrs;
	j->rc = 0; /* handed over */
	pthread_mutex_unlock(&j->mu);
	job_unref(j);
	return rc;
}

int tw_resolve_bounded(const char *name, char ***out, int timeout_ms, const struct tw_cancel *c)
{
	*out = NULL;
	return bounded(name, false, out, NULL, timeout_ms, c);
}

int tw_srv_resolve_bounded(const char *name, struct tw_srv **out, int timeout_ms,
                           const struct tw_cancel *c)
{
	*out = NULL;
	return bounded(name, true, NULL, out, timeout_ms, c);
}
