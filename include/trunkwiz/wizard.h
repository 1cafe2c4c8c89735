/* trunkwiz/wizard.h - the wizard module's interface (src/core/wizard/). */
#ifndef TRUNKWIZ_WIZARD_H
#define TRUNKWIZ_WIZARD_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"
#include "trunkwiz/install.h"
#include "trunkwiz/trunk.h"

/* wizard.h - the interactive wizard's model, without curses: its screens and
 * their fields (each bound to a trunk answer key), where the admin is, the
 * answers (the truth; a screen only shows them), validation as you type,
 * the codec checklist and the identify list, unsaved-change tracking, the
 * review (plan, diff, diagnostics mapped to screen and field) and the
 * command line that reproduces the trunk. The curses front end (src/tui)
 * draws this model and turns keys into these calls; the Check suite
 * (tests/check_wizard.c) drives it without a terminal. */

enum tw_wiz_screen {
	TW_WIZ_HOME,
	TW_WIZ_PROVIDER,
	TW_WIZ_TRUNK,      /* trunk & credentials */
	TW_WIZ_CODECS,
	TW_WIZ_IDENTIFY,
	TW_WIZ_NETWORK,
	TW_WIZ_DIALING,
	TW_WIZ_DIDS,       /* inbound numbers: DID routes */
	TW_WIZ_ADVANCED,
	TW_WIZ_REVIEW,
	TW_WIZ_DONE,
	TW_WIZ_NSCREENS,
};

enum tw_wiz_mode {
	TW_WIZ_NEW,        /* a new trunk */
	TW_WIZ_EDIT,       /* change a managed trunk's answers */
	TW_WIZ_SWITCH,     /* move a managed trunk to another provider */
};

enum tw_wiz_kind {
	TW_WIZ_TEXT,       /* typed text */
	TW_WIZ_SECRET,     /* typed text, masked */
	TW_WIZ_CHOICE,     /* one of a list: tw_wizard_cycle */
	TW_WIZ_FIXED,      /* shown, not editable (the name of a managed trunk) */
};

/* A field of a form screen. key is a trunk answer key, or "region" (a
 * choice among the profile's servers that sets the server answer). */
struct tw_wiz_field {
	const char *key;
	const char *label;
	enum tw_wiz_kind kind;
	const char *help;      /* one line for the admin */
};

#define TW_WIZ_MAX_FIELDS 12

struct tw_wizard {
	const struct tw_profiles *profiles;  /* borrowed */
	const struct tw_profile *profile;    /* the chosen provider, or NULL */
	struct tw_install_opts opts;         /* config dir...; strings borrowed */
	struct tw_trunk *answers;            /* the admin's answers (owned) */
	struct tw_trunk *eff;                /* answers + profile defaults (owned) */
	struct tw_trunk *saved;              /* answers as loaded or written */
	struct tw_diags diags;               /* checks of eff, at trunk.FIELD */
	enum tw_wiz_mode mode;
	enum tw_wiz_screen screen;
	size_t field;                        /* focused field of a form screen */
	char *orig_name;                     /* edit/switch: the trunk's name */
	char *orig_provider;                 /* switch: the provider it leaves */
	bool name_is_default;                /* name was filled from the provider */
	struct tw_ctx_taken ctx_taken;       /* new trunk: default contexts in use */
	unsigned long generation;            /* bumped by every change of eff */
	int live_transports;                 /* 1 << tw_transport for each in pjsip.conf;
	                                      * -1: not read since the last write */
	char **live_ctx;                     /* contexts the live dialplan defines */
	size_t nlive_ctx;                    /* (but this trunk's), read once a flow */
	bool live_ctx_read;
	/* codec checklist: every codec on offer, in order, ticked or not */
	char **codecs;
	bool *codec_on;
	size_t ncodecs;
	/* identify list (when empty, identify_none says the admin emptied it) */
	char **ident;
	size_t nident;
	bool identify_none;
	/* trunks already managed in the config dir */
	struct tw_installed *trunks;
	size_t ntrunks;
};

struct tw_wizard *tw_wizard_new(const struct tw_profiles *ps,
                                const struct tw_install_opts *o);
void tw_wizard_free(struct tw_wizard **w);
/* Read the managed trunks again (after a write or remove). */
void tw_wizard_reload_trunks(struct tw_wizard *w);

/* Start a flow. New: from the Provider screen, fresh answers. Edit: the
 * saved answers of trunk name, from the Trunk screen. Switch: the saved
 * answers, from the Provider screen; tw_wizard_choose_provider then keeps
 * the admin's own answers and drops the old provider's. */
void tw_wizard_start_new(struct tw_wizard *w);
int tw_wizard_start_edit(struct tw_wizard *w, const char *name,
                         struct tw_diags *d) TW_MUST_CHECK;
int tw_wizard_start_switch(struct tw_wizard *w, const char *name,
                           struct tw_diags *d) TW_MUST_CHECK;
/* The provider chosen on the Provider screen. Notes (switch) go to d. */
void tw_wizard_choose_provider(struct tw_wizard *w, const struct tw_profile *p,
                               struct tw_diags *d);

/* Navigation: the next/previous screen of the current flow. Never changes
 * an answer. Back from the flow's first screen is Home. */
void tw_wizard_next(struct tw_wizard *w);
void tw_wizard_back(struct tw_wizard *w);
void tw_wizard_go(struct tw_wizard *w, enum tw_wiz_screen s, size_t field);
/* 1-based step of screen s in the flow and the number of steps (for the
 * title), 0 when s is not a step (Home, Done). */
unsigned tw_wizard_step(const struct tw_wizard *w, enum tw_wiz_screen s, unsigned *nsteps);
const char *tw_wizard_screen_title(enum tw_wiz_screen s);

/* The fields of a form screen as they apply now (an auth choice only when
 * the provider offers several; no credentials for IP authentication...).
 * Returns the count (<= TW_WIZ_MAX_FIELDS). */
size_t tw_wizard_fields(const struct tw_wizard *w, enum tw_wiz_screen s,
                        const struct tw_wiz_field **out);
/* Where the field of answer key is: 0, or -1 when no screen shows it. */
int tw_wizard_locate(const struct tw_wizard *w, const char *key,
                     enum tw_wiz_screen *s, size_t *field);

/* The value of a field (the answer, else the provider's default), ""
 * when none; *from_profile (may be NULL) tells which. Never NULL. For
 * "region", the server. */
const char *tw_wizard_value(const struct tw_wizard *w, const char *key, bool *from_profile);
/* What a choice field shows, e.g. "register: username and password,
 * registers" (malloc'd). */
char *tw_wizard_label(const struct tw_wizard *w, const char *key);
/* Set an answer from a field ("" clears it: the provider's default applies
 * again). Returns -1 (d says why) when the value cannot be an answer at all
 * (a control character); the checks as you type are in tw_wizard_error. */
int tw_wizard_set(struct tw_wizard *w, const char *key, const char *value,
                  struct tw_diags *d) TW_MUST_CHECK;
/* Step a choice field to its next (delta 1) or previous (-1) option. */
void tw_wizard_cycle(struct tw_wizard *w, const char *key, int delta);

/* The first error (else warning) about answer key, or NULL. */
const struct tw_diag *tw_wizard_error(const struct tw_wizard *w, const char *key);
/* Have the answers changed since they were loaded or written? */
bool tw_wizard_dirty(const struct tw_wizard *w);

/* Provider list filtered by the words of filter (each must appear in the
 * id, name, region or auth models, case-insensitive); the generic profile
 * always comes last. Returns the count; *out is malloc'd (borrowed items). */
size_t tw_wizard_providers(const struct tw_wizard *w, const char *filter,
                           const struct tw_profile ***out);

/* Codec checklist. */
void tw_wizard_codec_toggle(struct tw_wizard *w, size_t i);
/* Move item i up (delta -1) or down (+1); returns its new index. */
size_t tw_wizard_codec_move(struct tw_wizard *w, size_t i, int delta);

/* Identify list. Items are checked (tw_check_match_item); add and edit
 * return -1 with *cause (malloc'd) when the item is not valid, and skip
 * duplicates (returns 0). */
int tw_wizard_ident_add(struct tw_wizard *w, const char *item, char **cause) TW_MUST_CHECK;
int tw_wizard_ident_edit(struct tw_wizard *w, size_t i, const char *item,
                         char **cause) TW_MUST_CHECK;
void tw_wizard_ident_delete(struct tw_wizard *w, size_t i);
/* Replace the list (an accepted download). */
void tw_wizard_ident_replace(struct tw_wizard *w, char *const *items, size_t n);
/* What replacing the list with items would add and remove (malloc'd arrays
 * of borrowed strings). */
void tw_wizard_ident_compare(const struct tw_wizard *w, char *const *items, size_t n,
                             const char ***added, size_t *nadded,
                             const char ***removed, size_t *nremoved);

/* DID routes (the answer did_routes): the items "DID:EXTEN@CONTEXT" in
 * order (malloc'd, free with tw_strv_free). */
size_t tw_wizard_dids(const struct tw_wizard *w, char ***items);
/* Set item i (i >= count: add) to "did:dest", dest being EXTEN@CONTEXT or
 * EXTEN (the inbound context). Checked like the answer (digits or a
 * pattern, the provider's format, no repeats); -1 and *err (malloc'd)
 * when not usable. */
int tw_wizard_did_set(struct tw_wizard *w, size_t i, const char *did, const char *dest,
                      char **err) TW_MUST_CHECK;
void tw_wizard_did_delete(struct tw_wizard *w, size_t i);
/* What number item i matches in the inbound context (the provider's
 * format), malloc'd, or NULL when it is not usable. */
char *tw_wizard_did_match(const struct tw_wizard *w, const char *item);

/* For the Home screen's warning lines: why the config dir cannot take a
 * trunk, in words for the admin (malloc'd), or NULL when it can; and does
 * pjsip.conf (with its includes) define a transport? */
char *tw_wizard_dir_problem(const struct tw_wizard *w);
bool tw_wizard_has_transport(struct tw_wizard *w);

/* The review: the plan (new bytes of every file), its diff (secrets
 * masked), and every diagnostic of the whole config the change produces. */
struct tw_wiz_review {
	struct tw_plan plan;
	struct tw_diags diags;
	char *diff;            /* unified diff, secrets masked */
	char *files;           /* the trunk's new files, secrets masked */
	bool planned;          /* plan holds changes that can be written */
	size_t errors, warnings;
};
void tw_wizard_review(struct tw_wizard *w, struct tw_wiz_review *r);
void tw_wiz_review_free(struct tw_wiz_review *r);
/* Write the reviewed plan (refused when r has errors). On success the
 * answers count as saved. */
int tw_wizard_write(struct tw_wizard *w, struct tw_wiz_review *r,
                    struct tw_diags *d) TW_MUST_CHECK;
/* Plan removing managed trunk name. */
int tw_wizard_plan_remove(struct tw_wizard *w, const char *name, struct tw_plan *p,
                          struct tw_diags *d) TW_MUST_CHECK;

/* The command that reproduces the trunk without the wizard: "trunkwiz -C
 * DIR apply KEY=VALUE.." with the admin's answers, shell-quoted, and the
 * password as password_file=PWFILE (never the secret). extra_args (e.g.
 * "-P DIR", may be NULL) go before "apply". malloc'd. */
char *tw_wizard_command(const struct tw_wizard *w, const char *pwfile, const char *extra_args);

/* services.h - what the wizard asks of the machine and the network, as
 * function pointers the program fills in (src/cli/wizard_services.c) with
 * the core's real calls, and tests with stand-ins. A NULL pointer means
 * the action is not available in this build: the wizard says so instead
 * of offering it. Every call but local_networks runs in a worker thread
 * (task.h): it reports progress and errors through the task (status and
 * lines), polls tw_task_cancelled, and returns 0 or -1. */

struct tw_wizard_services {
	void *ctx;
	/* The addresses a host name resolves to (*addrs malloc'd, free with
	 * tw_strv_free). */
	int (*resolve)(void *ctx, const char *host, char ***addrs, size_t *n,
	               struct tw_task *task);
	/* Download the provider's published signalling list (p->ip_list_url,
	 * p->ip_list_format): IP/CIDR items. Progress through the task. */
	int (*fetch_ip_list)(void *ctx, const struct tw_profile *p, char ***items,
	                     size_t *n, struct tw_task *task);
	/* Discover this machine's public address (*addr malloc'd). */
	int (*public_address)(void *ctx, char **addr, struct tw_task *task);
	/* This machine's private networks as CIDRs. Quick: called directly. */
	int (*local_networks)(void *ctx, char ***nets, size_t *n);
	/* Test the trunk (DNS, SIP OPTIONS, REGISTER, ports, NAT): one task
	 * line per check as it ends ("ok   ...", "FAIL ...", "warn ..."). */
	int (*doctor)(void *ctx, const struct tw_install_opts *o, const struct tw_trunk *t,
	              const struct tw_profile *p, struct tw_task *task);
};

#endif
