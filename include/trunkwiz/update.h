/* update.h - install a provider profile bundle into a profile directory.
 *
 * A bundle is a directory on a web server (or on disk) holding <id>.conf
 * profiles and an index named SHA256SUMS, in the format sha256sum(1)
 * writes: one "<64 hex digits>  <id>.conf" line per profile ('#' comments
 * and blank lines allowed). Publishing one is `sha256sum *.conf >
 * SHA256SUMS`. The URL names the index, or the directory when it ends in
 * '/'; profiles are fetched next to the index.
 *
 * Everything is downloaded, checksummed and validated (as `providers
 * check` does) before anything is written; then each file is staged in the
 * target directory and renamed into place, and a failure half-way restores
 * the files already replaced. Profiles in the directory that the bundle
 * does not list are left alone. */
#ifndef TRUNKWIZ_UPDATE_H
#define TRUNKWIZ_UPDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/astver.h"
#include "trunkwiz/diag.h"
#include "trunkwiz/fetch.h"
#include "trunkwiz/util.h"

#define TW_UPDATE_INDEX "SHA256SUMS"
#define TW_UPDATE_MAX_PROFILES 500

enum tw_update_change {
	TW_UPDATE_ADDED,
	TW_UPDATE_CHANGED,
	TW_UPDATE_SAME,
};

struct tw_update_item {
	char *name;                   /* <id>.conf */
	enum tw_update_change change;
};

struct tw_update_report {
	struct tw_update_item *v;
	size_t n;
};

#define TW_UPDATE_EINVALID (-1)  /* malformed index, bad checksum, invalid profile */
#define TW_UPDATE_EIO (-2)       /* a download failed, or dir cannot be written */

/* Install the bundle at url into dir (created, mode 0755, when missing; a
 * new file is mode 0644, a replaced one keeps its mode). ver is the
 * Asterisk version profiles are validated for. dry_run: download and
 * check everything, report what would change, write nothing. On success
 * returns 0 and lists every profile of the bundle in rep; on failure
 * returns TW_UPDATE_EINVALID or TW_UPDATE_EIO with errors in d, dir
 * unchanged and rep empty. Warnings (e.g. from profile validation) do not
 * stop it. */
int tw_update_providers(const char *url, const char *dir, const struct tw_fetch_opts *o,
                        const struct tw_astver *ver, bool dry_run,
                        struct tw_update_report *rep, struct tw_diags *d) TW_MUST_CHECK;
void tw_update_report_free(struct tw_update_report *rep);
/* For the tests: the rename(2) that moves staged files into place (NULL
 * restores rename), so a failure half-way can be provoked. */
void tw_update_set_rename(int (*fn)(const char *from, const char *to));

#endif
