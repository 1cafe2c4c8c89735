/* astver.h - the Asterisk version a config is rendered and validated for. */
#ifndef TRUNKWIZ_ASTVER_H
#define TRUNKWIZ_ASTVER_H

#include <stdbool.h>

#include "trunkwiz/util.h"

struct tw_astver {
	unsigned major, minor, patch;
};

#define TW_ASTVER_DEFAULT_MAJOR 20

/* Parse "20", "22.2", "20.12.0", "Asterisk 22.10.1" (the `asterisk -V`
 * output), "certified/20.7-cert3" style suffixes ignored. 0 or -1. */
int tw_astver_parse(const char *s, struct tw_astver *v) TW_MUST_CHECK;
/* Always "major.minor.patch" ("20.0.0", "22.2.0"), in a static buffer. */
const char *tw_astver_str(const struct tw_astver *v);
int tw_astver_cmp(const struct tw_astver *a, const struct tw_astver *b);
/* True when v is at least the release given for v's own major series in
 * a "since" list such as "20.12,21.7,22.2,23.0" (a series not listed: true
 * when a listed older series is present and v's major is newer than all
 * listed, false when v's major is older than every listed series). */
bool tw_astver_since(const struct tw_astver *v, const char *since);
/* What `asterisk -V` reports when installed, else 20.0.0. */
void tw_astver_detect(struct tw_astver *v);

#endif
