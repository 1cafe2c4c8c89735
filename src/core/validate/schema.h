/* schema.h - the PJSIP object schema as data: one option table per object
 * type (transport, auth, aor, endpoint, identify, registration) and the codec
 * names accepted by allow/disallow. Source of every row: the PJSIP schema
 * reference, sections 2, 4 and 7. The validator (validate.c) interprets the
 * tables; nothing here knows about files. */
#ifndef TRUNKWIZ_SCHEMA_H
#define TRUNKWIZ_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>

/* The object types trunkwiz checks in detail. */
enum tw_obj {
	TW_OBJ_TRANSPORT,
	TW_OBJ_AUTH,
	TW_OBJ_AOR,
	TW_OBJ_ENDPOINT,
	TW_OBJ_IDENTIFY,
	TW_OBJ_REGISTRATION,
	TW_OBJ_COUNT,
	TW_OBJ_NONE = -1,
};

/* How a value is parsed (schema 2, type legend). */
enum tw_vtype {
	TW_VT_STRING,      /* stored as is */
	TW_VT_SECRET,      /* a string never echoed in diagnostics */
	TW_VT_BOOL,        /* the 12 ast_true/ast_false tokens */
	TW_VT_UINT,        /* plain decimal, no leading zero, min..max */
	TW_VT_FLOAT,       /* ^[0-9]+(\.[0-9]+)?$ */
	TW_VT_ENUM,        /* one of values[] */
	TW_VT_ENUM_LIST,   /* comma list of values[] */
	TW_VT_BOOL_ENUM,   /* a bool token or one of values[] (timers, 100rel) */
	TW_VT_CODECS,      /* allow/disallow codec list (schema 4) */
	TW_VT_REF,         /* id of an object of type ref */
	TW_VT_REF_LIST,    /* comma list of ids of type ref */
	TW_VT_SIP_URI,     /* sip:/sips: URI (server_uri, client_uri) */
	TW_VT_SIP_URI_LIST,/* comma list of SIP URIs (aor contact) */
	TW_VT_ROUTE_URI,   /* outbound_proxy: a Route header value */
	TW_VT_MATCH,       /* identify match list (schema 5.2) */
	TW_VT_MATCH_HEADER,/* "Header: value" or "Header: /regex/" */
	TW_VT_REGEX_STR,   /* string or /regex/ (match_request_uri) */
	TW_VT_CALLERID,    /* Name <number> */
	TW_VT_ACL,         /* comma list of [!]IP[/mask] */
	TW_VT_BIND,        /* IP[:port], [IPv6]:port */
	TW_VT_HOST,        /* hostname or IP literal */
	TW_VT_TOS,         /* number or DSCP name */
	TW_VT_SET_VAR,     /* NAME=value */
	TW_VT_MD5,         /* 32 hex digits */
	TW_VT_DIGESTS,     /* [ALG:]hex list (password_digest) */
	TW_VT_FROM_USER,   /* user part characters only */
	TW_VT_GROUPS,      /* call/pickup groups: 0-63 and ranges */
	TW_VT_CODEC_PREFS, /* "prefer: x, operation: y, ..." */
	TW_VT_LIST,        /* comma list of free strings */
};

/* An enum value and the versions that have it (NULL: all). */
struct tw_schema_enum {
	const char *value;
	const char *since;
};

struct tw_schema_opt {
	const char *name;
	enum tw_vtype type;
	unsigned long min, max;              /* UINT range; max 0 = no upper limit */
	const struct tw_schema_enum *values; /* ENUM*, NULL-terminated by value */
	bool case_sensitive;                 /* enum values compared with strcmp */
	enum tw_obj ref;                     /* REF / REF_LIST target */
	bool accumulates;                    /* repeated lines add up */
	bool required;                       /* Asterisk drops the object without it */
	const char *required_since;          /* required from these versions on */
	const char *since;                   /* "20.12,21.7,22.2,23.0"; NULL = all */
	const char *ignored_since;           /* Asterisk ignores it from these on */
	const char *fixed_since;             /* misbehaves before these versions */
	const char *note;                    /* what ignored/fixed_since means */
};

struct tw_schema_type {
	enum tw_obj obj;
	const char *name;                    /* the type= value */
	const struct tw_schema_opt *opts;    /* sorted by name (strcasecmp) */
	size_t nopts;
};

/* The table of one type; NULL for TW_OBJ_NONE/COUNT. */
const struct tw_schema_type *tw_schema_type(enum tw_obj obj);
/* The type named by a type= value, compared case-sensitively as Asterisk
 * does; TW_OBJ_NONE when not one of the six. */
enum tw_obj tw_schema_obj_find(const char *type_value);
/* Other pjsip.conf types Asterisk knows (global, system, acl, ...), whose
 * options trunkwiz does not check. Case-sensitive. */
bool tw_schema_is_other_type(const char *type_value);
/* The option names of one of the other types (schema_other.c). */
struct tw_schema_other {
	const char *type;
	const char *const *names;   /* NULL: any name (phoneprov) */
	size_t nnames;
	bool system_wide;           /* one object holds system-wide settings */
};

/* By type= value (case-sensitive); NULL for types not listed. */
const struct tw_schema_other *tw_schema_other_find(const char *type_value);
/* Does the type have this option (case-insensitive)? */
bool tw_schema_other_has(const struct tw_schema_other *t, const char *name);
/* An option of a type by name, case-insensitively (binary search); NULL
 * when the type has no such option. */
const struct tw_schema_opt *tw_schema_opt_find(const struct tw_schema_type *t,
                                               const char *name);
/* Is the value one of o->values (honouring case_sensitive)? Returns the
 * matching entry or NULL. */
const struct tw_schema_enum *tw_schema_enum_find(const struct tw_schema_opt *o,
                                                 const char *value);

/* Codec names for allow/disallow (schema 4). */
enum tw_media {
	TW_MEDIA_AUDIO,
	TW_MEDIA_VIDEO,
	TW_MEDIA_IMAGE,
	TW_MEDIA_TEXT,
};

struct tw_codec {
	const char *name;
	enum tw_media media;
	bool trunk_warn;      /* accepted, but wrong in a trunk's allow (none, t140, ...) */
	const char *removed;  /* gone from these versions on ("19.0" for testlaw) */
};

/* By name, case-insensitively; NULL when unknown. */
const struct tw_codec *tw_codec_find(const char *name);
/* Index of a codec in the table (for bit sets), or -1. */
int tw_codec_index(const struct tw_codec *c);
size_t tw_codec_count(void);
const struct tw_codec *tw_codec_at(size_t i);
const char *tw_media_name(enum tw_media m);

#endif
