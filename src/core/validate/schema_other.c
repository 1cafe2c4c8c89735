/* schema_other.c - the option names of the pjsip.conf types trunkwiz does
 * not check value by value: global, system, domain_alias, acl, contact and
 * phoneprov. Asterisk drops an object with an option its type does not
 * have ("Could not find option suitable for category", config_options.c;
 * schema 1.7), and for global and system that object holds every
 * system-wide setting, so an unknown name is worth an error.
 *
 * Sources: the ast_sorcery_object_field_register calls of
 * res/res_pjsip/config_global.c, config_system.c, config_domain_aliases.c,
 * res_pjsip_acl.c and location.c (contact), and the option list of
 * configs/samples/pjsip.conf.sample. Names of newer releases are included
 * (default_auth_algorithms_*: 20.12, 21.7, 22.2; disable_rport,
 * all_codecs_on_empty_reinvite) so that no working config is called
 * broken; an older Asterisk may still refuse them. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "trunkwiz/base.h"
#include "validate/schema.h"

static const char *const global_names[] = {
	"all_codecs_on_empty_reinvite", "allow_sending_180_after_183",
	"contact_expiration_check_interval", "debug", "default_auth_algorithms_uac",
	"default_auth_algorithms_uas", "default_from_user", "default_outbound_endpoint",
	"default_realm", "default_voicemail_extension", "disable_multi_domain",
	"endpoint_identifier_order", "ignore_uri_user_options", "keep_alive_interval",
	"max_forwards", "max_initial_qualify_time", "mwi_disable_initial_unsolicited",
	"mwi_tps_queue_high", "mwi_tps_queue_low", "norefersub", "regcontext",
	"send_contact_status_on_update_registration", "taskprocessor_overload_trigger",
	"type", "unidentified_request_count", "unidentified_request_period",
	"unidentified_request_prune_interval", "use_callerid_contact", "user_agent",
};

static const char *const system_names[] = {
	"accept_multiple_sdp_answers", "compact_headers", "disable_rport",
	"disable_tcp_switch", "follow_early_media_fork", "threadpool_auto_increment",
	"threadpool_idle_timeout", "threadpool_initial_size", "threadpool_max_size",
	"timer_b", "timer_t1", "type",
};

static const char *const domain_alias_names[] = { "domain", "type" };

static const char *const acl_names[] = {
	"acl", "contact_acl", "contact_deny", "contact_permit", "deny", "permit", "type",
};

static const char *const contact_names[] = {
	"authenticate_qualify", "call_id", "endpoint", "expiration_time", "outbound_proxy",
	"path", "prune_on_boot", "qualify_2xx_only", "qualify_frequency", "qualify_timeout",
	"reg_server", "type", "uri", "user_agent", "via_addr", "via_port",
};

static const struct tw_schema_other others[] = {
	{ "global", global_names, TW_ARRAY_LEN(global_names), true },
	{ "system", system_names, TW_ARRAY_LEN(system_names), true },
	{ "domain_alias", domain_alias_names, TW_ARRAY_LEN(domain_alias_names), false },
	{ "acl", acl_names, TW_ARRAY_LEN(acl_names), false },
	{ "contact", contact_names, TW_ARRAY_LEN(contact_names), false },
	/* phoneprov takes any name: each becomes a template variable. */
	{ "phoneprov", NULL, 0, false },
};

const struct tw_schema_other *tw_schema_other_find(const char *type_value)
{
	size_t i;

	for (i = 0; type_value && i < TW_ARRAY_LEN(others); i++)
		if (strcmp(others[i].type, type_value) == 0)
			return &others[i];
	return NULL;
}

bool tw_schema_other_has(const struct tw_schema_other *t, const char *name)
{
	size_t i;

	if (!t->names)
		return true;
	for (i = 0; i < t->nnames; i++)
		if (strcasecmp(t->names[i], name) == 0)
			return true;
	return false;
}
