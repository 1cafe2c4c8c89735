/* diff.h - unified diffs of config files, for dry runs and the wizard's
 * review screen. Lines that hold a secret (password, md5_cred,
 * password_digest) are shown with the value masked. */
#ifndef TRUNKWIZ_DIFF_H
#define TRUNKWIZ_DIFF_H

#include <stdbool.h>
#include <stddef.h>

#include "trunkwiz/base.h"

/* Append to out the unified diff (3 lines of context) turning a into b,
 * headed "--- label_a" / "+++ label_b". a or b may be NULL for a file that
 * does not exist (then the label is /dev/null as in diff -N). Appends
 * nothing when the texts are equal. Returns the number of changed lines. */
size_t tw_diff_unified(const char *label_a, const char *a, size_t alen,
                       const char *label_b, const char *b, size_t blen,
                       struct tw_buf *out);

/* Is this config line one that holds a secret ("password = x")? */
bool tw_diff_secret_line(const char *line, size_t n);

#endif
