/* schema.c - the PJSIP option tables and codec names (schema reference
 * sections 2, 4 and 7). Each table is sorted by name for binary search; a
 * Check test keeps them sorted. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "validate/schema.h"
#include "trunkwiz/base.h"

/* Version lists (schema 7). */
#define DIGEST_SINCE "20.12,21.7,22.2,23.0"
#define DIGEST_SINCE_MOH "20.11,21.6,22.1,23.0"
#define KEEPALIVE_SINCE "18.23,20.8,21.3,22.0"
#define SECNEG_SINCE "16.30,18.16,20.1,21.0"
#define RTP_PORT_SINCE "20.20,22.10,23.4"

#define B(n) { .name = n, .type = TW_VT_BOOL }
#define U(n) { .name = n, .type = TW_VT_UINT }
#define UR(n, lo, hi) { .name = n, .type = TW_VT_UINT, .min = (lo), .max = (hi) }
#define F(n) { .name = n, .type = TW_VT_FLOAT }
#define S(n) { .name = n, .type = TW_VT_STRING }
#define SEC(n) { .name = n, .type = TW_VT_SECRET }
#define L(n) { .name = n, .type = TW_VT_LIST }
#define G(n) { .name = n, .type = TW_VT_GROUPS }
#define E(n, v) { .name = n, .type = TW_VT_ENUM, .values = (v) }

static const struct tw_schema_enum protocol_values[] = {
	{ "udp", NULL }, { "tcp", NULL }, { "tls", NULL }, { "ws", NULL },
	{ "wss", NULL }, { "flow", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum method_values[] = {
	{ "default", NULL }, { "unspecified", NULL }, { "tlsv1", NULL },
	{ "tlsv1_1", NULL }, { "tlsv1_2", NULL }, { "tlsv1_3", NULL },
	{ "sslv2", NULL }, { "sslv3", NULL }, { "sslv23", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum auth_type_values[] = {
	{ "userpass", NULL }, { "md5", NULL }, { "google_oauth", "18.0" },
	{ "digest", DIGEST_SINCE }, { NULL, NULL },
};
static const struct tw_schema_enum algo_values[] = {
	{ "md5", NULL }, { "sha-256", NULL }, { "sha-512-256", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum rel100_values[] = {
	{ "required", NULL }, { "peer_supported", SECNEG_SINCE }, { NULL, NULL },
};
static const struct tw_schema_enum timers_values[] = {
	{ "required", NULL }, { "always", NULL }, { "forced", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum privacy_values[] = {
	{ "allowed_not_screened", NULL }, { "allowed_passed_screen", NULL },
	{ "allowed_failed_screen", NULL }, { "allowed", NULL },
	{ "prohib_not_screened", NULL }, { "prohib_passed_screen", NULL },
	{ "prohib_failed_screen", NULL }, { "prohib", NULL },
	{ "unavailable", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum line_method_values[] = {
	{ "invite", NULL }, { "reinvite", NULL }, { "update", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum glare_values[] = {
	{ "none", NULL }, { "outgoing", NULL }, { "incoming", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum dtmf_values[] = {
	{ "rfc4733", NULL }, { "inband", NULL }, { "info", NULL }, { "auto", NULL },
	{ "auto_info", NULL }, { "none", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum identify_by_values[] = {
	{ "username", NULL }, { "auth_username", NULL }, { "ip", NULL },
	{ "header", NULL }, { "request_uri", "18.23,20.8,21.3,22.0" }, { NULL, NULL },
};
static const struct tw_schema_enum in_offer_values[] = {
	{ "local", NULL }, { "local_first", NULL }, { "remote", NULL },
	{ "remote_first", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum out_offer_values[] = {
	{ "local", NULL }, { "local_merge", NULL }, { "local_first", NULL },
	{ "remote", NULL }, { "remote_merge", NULL }, { "remote_first", NULL },
	{ NULL, NULL },
};
static const struct tw_schema_enum media_enc_values[] = {
	{ "no", NULL }, { "sdes", NULL }, { "dtls", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum redirect_values[] = {
	{ "user", NULL }, { "uri_core", NULL }, { "uri_pjsip", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum secneg_values[] = {
	{ "no", NULL }, { "mediasec", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum t38_ec_values[] = {
	{ "none", NULL }, { "fec", NULL }, { "redundancy", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum redirect_methods_values[] = {
	{ "message", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum dtls_verify_values[] = {
	{ "fingerprint", NULL }, { "certificate", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum dtls_setup_values[] = {
	{ "active", NULL }, { "passive", NULL }, { "actpass", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum dtls_fp_values[] = {
	{ "SHA-256", NULL }, { "SHA-1", NULL }, { NULL, NULL },
};
static const struct tw_schema_enum stir_values[] = {
	{ "off", NULL }, { "attest", NULL }, { "verify", NULL }, { "on", NULL },
	{ NULL, NULL },
};

/* type=transport (schema 2.1) */
static const struct tw_schema_opt transport_opts[] = {
	B("allow_reload"),
	{ .name = "allow_wildcard_certs", .type = TW_VT_BOOL, .since = "16.28,18.14,20.0" },
	UR("async_operations", 1, 1),
	{ .name = "bind", .type = TW_VT_BIND },
	S("ca_list_file"),
	S("ca_list_path"),
	S("cert_file"),
	L("cipher"),
	U("cos"),
	S("domain"),
	{ .name = "external_media_address", .type = TW_VT_HOST },
	{ .name = "external_signaling_address", .type = TW_VT_HOST },
	{ .name = "external_signaling_hostname", .type = TW_VT_HOST, .since = "20.21,22.11,23.5" },
	UR("external_signaling_port", 0, 65535),
	{ .name = "local_net", .type = TW_VT_ACL, .accumulates = true },
	E("method", method_values),
	SEC("password"),
	S("priv_key_file"),
	E("protocol", protocol_values),
	B("require_client_cert"),
	B("symmetric_transport"),
	{ .name = "tcp_keepalive_enable", .type = TW_VT_BOOL, .since = KEEPALIVE_SINCE,
	  .fixed_since = "20.13,21.8,22.3,23.0",
	  .note = "before the fix tcp_keepalive_enable is inverted: yes turns keepalives off (asterisk/asterisk PR 1150)" },
	{ .name = "tcp_keepalive_idle_time", .type = TW_VT_UINT, .since = KEEPALIVE_SINCE },
	{ .name = "tcp_keepalive_interval_time", .type = TW_VT_UINT, .since = KEEPALIVE_SINCE },
	{ .name = "tcp_keepalive_probe_count", .type = TW_VT_UINT, .since = KEEPALIVE_SINCE },
	{ .name = "tos", .type = TW_VT_TOS },
	{ .name = "type", .type = TW_VT_STRING, .required = true },
	B("verify_client"),
	B("verify_server"),
	UR("websocket_write_timeout", 1, 2147483647UL),
};

/* type=auth (schema 2.2) */
static const struct tw_schema_opt auth_opts[] = {
	E("auth_type", auth_type_values),
	{ .name = "md5_cred", .type = TW_VT_MD5 },
	U("nonce_lifetime"),
	{ .name = "oauth_clientid", .type = TW_VT_STRING, .since = "18.0" },
	{ .name = "oauth_secret", .type = TW_VT_SECRET, .since = "18.0" },
	{ .name = "password", .type = TW_VT_SECRET, .required_since = DIGEST_SINCE },
	{ .name = "password_digest", .type = TW_VT_DIGESTS, .since = DIGEST_SINCE },
	S("realm"),
	{ .name = "refresh_token", .type = TW_VT_SECRET, .since = "18.0" },
	{ .name = "supported_algorithms_uac", .type = TW_VT_ENUM_LIST, .values = algo_values, .since = DIGEST_SINCE },
	{ .name = "supported_algorithms_uas", .type = TW_VT_ENUM_LIST, .values = algo_values, .since = DIGEST_SINCE },
	{ .name = "type", .type = TW_VT_STRING, .required = true },
	{ .name = "username", .type = TW_VT_STRING, .required = true },
};

/* type=aor (schema 2.3) */
static const struct tw_schema_opt aor_opts[] = {
	B("authenticate_qualify"),
	{ .name = "contact", .type = TW_VT_SIP_URI_LIST, .accumulates = true },
	U("default_expiration"),
	L("mailboxes"),
	U("max_contacts"),
	U("maximum_expiration"),
	U("minimum_expiration"),
	{ .name = "outbound_proxy", .type = TW_VT_ROUTE_URI },
	{ .name = "qualify_2xx_only", .type = TW_VT_BOOL, .since = DIGEST_SINCE },
	UR("qualify_frequency", 0, 86400),
	F("qualify_timeout"),
	B("remove_existing"),
	{ .name = "remove_unavailable", .type = TW_VT_BOOL, .since = "16.22,18.8,20.0" },
	B("support_path"),
	{ .name = "type", .type = TW_VT_STRING, .required = true },
	S("voicemail_extension"),
};

/* type=endpoint (schema 2.4) */
static const struct tw_schema_opt endpoint_opts[] = {
	{ .name = "100rel", .type = TW_VT_BOOL_ENUM, .values = rel100_values },
	B("accept_multiple_sdp_answers"),
	S("accountcode"),
	{ .name = "acl", .type = TW_VT_LIST, .accumulates = true },
	B("aggregate_mwi"),
	{ .name = "allow", .type = TW_VT_CODECS, .accumulates = true },
	B("allow_overlap"),
	B("allow_subscribe"),
	B("allow_transfer"),
	{ .name = "allow_unauthenticated_options", .type = TW_VT_BOOL, .since = "16.18,18.4,20.0" },
	{ .name = "aors", .type = TW_VT_REF_LIST, .ref = TW_OBJ_AOR },
	B("asymmetric_rtp_codec"),
	{ .name = "auth", .type = TW_VT_REF_LIST, .ref = TW_OBJ_AUTH },
	B("bind_rtp_to_media_address"),
	B("bundle"),
	G("call_group"),
	{ .name = "callerid", .type = TW_VT_CALLERID },
	{ .name = "callerid_privacy", .type = TW_VT_ENUM, .values = privacy_values },
	S("callerid_tag"),
	{ .name = "codec_prefs_incoming_answer", .type = TW_VT_CODEC_PREFS, .since = "18.0" },
	{ .name = "codec_prefs_incoming_offer", .type = TW_VT_CODEC_PREFS, .since = "18.0" },
	{ .name = "codec_prefs_outgoing_answer", .type = TW_VT_CODEC_PREFS, .since = "18.0" },
	{ .name = "codec_prefs_outgoing_offer", .type = TW_VT_CODEC_PREFS, .since = "18.0" },
	E("connected_line_method", line_method_values),
	{ .name = "contact_acl", .type = TW_VT_LIST, .accumulates = true },
	{ .name = "contact_deny", .type = TW_VT_ACL, .accumulates = true },
	{ .name = "contact_permit", .type = TW_VT_ACL, .accumulates = true },
	S("contact_user"),
	S("context"),
	U("cos_audio"),
	U("cos_video"),
	{ .name = "deny", .type = TW_VT_ACL, .accumulates = true },
	U("device_state_busy_at"),
	B("direct_media"),
	E("direct_media_glare_mitigation", glare_values),
	E("direct_media_method", line_method_values),
	B("disable_direct_media_on_nat"),
	{ .name = "disallow", .type = TW_VT_CODECS, .accumulates = true },
	B("dtls_auto_generate_cert"),
	S("dtls_ca_file"),
	S("dtls_ca_path"),
	S("dtls_cert_file"),
	L("dtls_cipher"),
	E("dtls_fingerprint", dtls_fp_values),
	S("dtls_private_key"),
	U("dtls_rekey"),
	E("dtls_setup", dtls_setup_values),
	{ .name = "dtls_verify", .type = TW_VT_BOOL_ENUM, .values = dtls_verify_values },
	E("dtmf_mode", dtmf_values),
	B("fax_detect"),
	U("fax_detect_timeout"),
	B("follow_early_media_fork"),
	{ .name = "follow_redirect_methods", .type = TW_VT_ENUM_LIST, .values = redirect_methods_values, .since = "20.18,22.8,23.2" },
	B("force_avp"),
	B("force_rport"),
	S("from_domain"),
	{ .name = "from_user", .type = TW_VT_FROM_USER },
	B("g726_non_standard"),
	S("geoloc_incoming_call_profile"),
	S("geoloc_outgoing_call_profile"),
	B("ice_support"),
	{ .name = "identify_by", .type = TW_VT_ENUM_LIST, .values = identify_by_values },
	{ .name = "ignore_183_without_sdp", .type = TW_VT_BOOL, .since = "16.3,18.0" },
	B("inband_progress"),
	{ .name = "incoming_call_offer_pref", .type = TW_VT_ENUM, .values = in_offer_values, .since = "18.0" },
	S("incoming_mwi_mailbox"),
	S("language"),
	L("mailboxes"),
	U("max_audio_streams"),
	U("max_video_streams"),
	{ .name = "media_address", .type = TW_VT_HOST },
	E("media_encryption", media_enc_values),
	B("media_encryption_optimistic"),
	B("media_use_received_transport"),
	S("message_context"),
	B("moh_passthrough"),
	S("moh_suggest"),
	S("mwi_from_user"),
	B("mwi_subscribe_replaces_unsolicited"),
	L("named_call_group"),
	L("named_pickup_group"),
	B("notify_early_inuse_ringing"),
	B("one_touch_recording"),
	{ .name = "outbound_auth", .type = TW_VT_REF_LIST, .ref = TW_OBJ_AUTH },
	{ .name = "outbound_proxy", .type = TW_VT_ROUTE_URI },
	{ .name = "outgoing_call_offer_pref", .type = TW_VT_ENUM, .values = out_offer_values, .since = "18.0" },
	{ .name = "overlap_context", .type = TW_VT_STRING, .since = "18.17,20.2,21.0" },
	{ .name = "permit", .type = TW_VT_ACL, .accumulates = true },
	G("pickup_group"),
	B("preferred_codec_only"),
	S("record_off_feature"),
	S("record_on_feature"),
	E("redirect_method", redirect_values),
	B("refer_blind_progress"),
	B("rewrite_contact"),
	B("rpid_immediate"),
	B("rtcp_mux"),
	S("rtp_engine"),
	B("rtp_ipv6"),
	U("rtp_keepalive"),
	{ .name = "rtp_port_end", .type = TW_VT_UINT, .max = 65535, .since = RTP_PORT_SINCE },
	{ .name = "rtp_port_start", .type = TW_VT_UINT, .max = 65535, .since = RTP_PORT_SINCE },
	B("rtp_symmetric"),
	U("rtp_timeout"),
	U("rtp_timeout_hold"),
	S("sdp_owner"),
	S("sdp_session"),
	{ .name = "security_mechanisms", .type = TW_VT_LIST, .since = SECNEG_SINCE },
	{ .name = "security_negotiation", .type = TW_VT_ENUM, .values = secneg_values, .since = SECNEG_SINCE },
	{ .name = "send_aoc", .type = TW_VT_BOOL, .since = "18.16,20.1,21.0" },
	{ .name = "send_connected_line", .type = TW_VT_BOOL, .since = "16.1,18.0" },
	B("send_diversion"),
	{ .name = "send_history_info", .type = TW_VT_BOOL, .since = "16.15,18.1,20.0" },
	B("send_pai"),
	B("send_rpid"),
	{ .name = "set_var", .type = TW_VT_SET_VAR, .accumulates = true },
	B("srtp_tag_32"),
	{ .name = "stir_shaken", .type = TW_VT_BOOL_ENUM, .values = stir_values,
	  .ignored_since = "18.22,20.7,21.2,22.0",
	  .note = "Asterisk ignores stir_shaken (with a warning) from these versions on; use stir_shaken_profile" },
	{ .name = "stir_shaken_profile", .type = TW_VT_STRING, .since = "16.25.2,18.11.2,20.0" },
	U("sub_min_expiry"),
	S("subscribe_context"),
	{ .name = "suppress_moh_on_sendonly", .type = TW_VT_BOOL, .since = DIGEST_SINCE_MOH },
	B("suppress_q850_reason_headers"),
	B("t38_bind_udptl_to_media_address"),
	B("t38_udptl"),
	{ .name = "t38_udptl_ec", .type = TW_VT_ENUM, .values = t38_ec_values, .case_sensitive = true },
	B("t38_udptl_ipv6"),
	U("t38_udptl_maxdatagram"),
	B("t38_udptl_nat"),
	{ .name = "tenantid", .type = TW_VT_STRING, .since = "18.25,20.10,21.5,22.0" },
	{ .name = "timers", .type = TW_VT_BOOL_ENUM, .values = timers_values },
	U("timers_min_se"),
	U("timers_sess_expires"),
	S("tone_zone"),
	{ .name = "tos_audio", .type = TW_VT_TOS },
	{ .name = "tos_video", .type = TW_VT_TOS },
	{ .name = "transport", .type = TW_VT_REF, .ref = TW_OBJ_TRANSPORT },
	{ .name = "trust_connected_line", .type = TW_VT_BOOL, .since = "16.1,18.0" },
	B("trust_id_inbound"),
	B("trust_id_outbound"),
	{ .name = "type", .type = TW_VT_STRING, .required = true },
	B("use_avpf"),
	B("use_ptime"),
	B("user_eq_phone"),
	S("voicemail_extension"),
	B("webrtc"),
};

/* type=identify (schema 2.5) */
static const struct tw_schema_opt identify_opts[] = {
	{ .name = "endpoint", .type = TW_VT_REF, .ref = TW_OBJ_ENDPOINT, .required = true },
	{ .name = "match", .type = TW_VT_MATCH, .accumulates = true },
	{ .name = "match_header", .type = TW_VT_MATCH_HEADER },
	{ .name = "match_request_uri", .type = TW_VT_REGEX_STR, .since = "18.23,20.8,21.3,22.0" },
	B("srv_lookups"),
	{ .name = "type", .type = TW_VT_STRING, .required = true },
};

/* type=registration (schema 2.6) */
static const struct tw_schema_opt registration_opts[] = {
	B("auth_rejection_permanent"),
	{ .name = "client_uri", .type = TW_VT_SIP_URI, .required = true },
	{ .name = "contact_header_params", .type = TW_VT_STRING, .since = "18.0" },
	S("contact_user"),
	{ .name = "endpoint", .type = TW_VT_REF, .ref = TW_OBJ_ENDPOINT },
	U("expiration"),
	U("fatal_retry_interval"),
	U("forbidden_retry_interval"),
	B("line"),
	{ .name = "max_random_initial_delay", .type = TW_VT_UINT, .since = "16.27,18.13,20.0" },
	U("max_retries"),
	{ .name = "outbound_auth", .type = TW_VT_REF_LIST, .ref = TW_OBJ_AUTH },
	{ .name = "outbound_proxy", .type = TW_VT_ROUTE_URI },
	U("retry_interval"),
	{ .name = "security_mechanisms", .type = TW_VT_LIST, .since = SECNEG_SINCE },
	{ .name = "security_negotiation", .type = TW_VT_ENUM, .values = secneg_values, .since = SECNEG_SINCE },
	{ .name = "server_uri", .type = TW_VT_SIP_URI, .required = true },
	{ .name = "support_outbound", .type = TW_VT_BOOL, .since = "18.0" },
	B("support_path"),
	{ .name = "transport", .type = TW_VT_REF, .ref = TW_OBJ_TRANSPORT },
	{ .name = "type", .type = TW_VT_STRING, .required = true },
	{ .name = "user_agent", .type = TW_VT_STRING, .since = "21.2,22.0" },
};

/* Codec names (schema 4), sorted by name. */
static const struct tw_codec codecs[] = {
	{ "adpcm", TW_MEDIA_AUDIO, false, NULL },
	{ "alaw", TW_MEDIA_AUDIO, false, NULL },
	{ "codec2", TW_MEDIA_AUDIO, false, NULL },
	{ "g719", TW_MEDIA_AUDIO, false, NULL },
	{ "g722", TW_MEDIA_AUDIO, false, NULL },
	{ "g723", TW_MEDIA_AUDIO, false, NULL },
	{ "g726", TW_MEDIA_AUDIO, false, NULL },
	{ "g726aal2", TW_MEDIA_AUDIO, false, NULL },
	{ "g729", TW_MEDIA_AUDIO, false, NULL },
	{ "gsm", TW_MEDIA_AUDIO, false, NULL },
	{ "h261", TW_MEDIA_VIDEO, false, NULL },
	{ "h263", TW_MEDIA_VIDEO, false, NULL },
	{ "h263p", TW_MEDIA_VIDEO, false, NULL },
	{ "h264", TW_MEDIA_VIDEO, false, NULL },
	{ "h265", TW_MEDIA_VIDEO, false, NULL },
	{ "ilbc", TW_MEDIA_AUDIO, false, NULL },
	{ "jpeg", TW_MEDIA_IMAGE, true, NULL },
	{ "lpc10", TW_MEDIA_AUDIO, false, NULL },
	{ "mpeg4", TW_MEDIA_VIDEO, false, NULL },
	{ "none", TW_MEDIA_AUDIO, true, NULL },
	{ "opus", TW_MEDIA_AUDIO, false, NULL },
	{ "png", TW_MEDIA_IMAGE, true, NULL },
	{ "red", TW_MEDIA_TEXT, true, NULL },
	{ "silk12", TW_MEDIA_AUDIO, false, NULL },
	{ "silk16", TW_MEDIA_AUDIO, false, NULL },
	{ "silk24", TW_MEDIA_AUDIO, false, NULL },
	{ "silk8", TW_MEDIA_AUDIO, false, NULL },
	{ "siren14", TW_MEDIA_AUDIO, false, NULL },
	{ "siren7", TW_MEDIA_AUDIO, false, NULL },
	{ "slin", TW_MEDIA_AUDIO, false, NULL },
	{ "slin12", TW_MEDIA_AUDIO, false, NULL },
	{ "slin16", TW_MEDIA_AUDIO, false, NULL },
	{ "slin192", TW_MEDIA_AUDIO, false, NULL },
	{ "slin24", TW_MEDIA_AUDIO, false, NULL },
	{ "slin32", TW_MEDIA_AUDIO, false, NULL },
	{ "slin44", TW_MEDIA_AUDIO, false, NULL },
	{ "slin48", TW_MEDIA_AUDIO, false, NULL },
	{ "slin96", TW_MEDIA_AUDIO, false, NULL },
	{ "speex", TW_MEDIA_AUDIO, false, NULL },
	{ "speex16", TW_MEDIA_AUDIO, false, NULL },
	{ "speex32", TW_MEDIA_AUDIO, false, NULL },
	{ "t140", TW_MEDIA_TEXT, true, NULL },
	{ "t38", TW_MEDIA_IMAGE, true, NULL },
	{ "testlaw", TW_MEDIA_AUDIO, false, "19.0" },
	{ "ulaw", TW_MEDIA_AUDIO, false, NULL },
	{ "vp8", TW_MEDIA_VIDEO, false, NULL },
	{ "vp9", TW_MEDIA_VIDEO, false, NULL },
};

static const struct tw_schema_type types[TW_OBJ_COUNT] = {
	{ TW_OBJ_TRANSPORT, "transport", transport_opts, TW_ARRAY_LEN(transport_opts) },
	{ TW_OBJ_AUTH, "auth", auth_opts, TW_ARRAY_LEN(auth_opts) },
	{ TW_OBJ_AOR, "aor", aor_opts, TW_ARRAY_LEN(aor_opts) },
	{ TW_OBJ_ENDPOINT, "endpoint", endpoint_opts, TW_ARRAY_LEN(endpoint_opts) },
	{ TW_OBJ_IDENTIFY, "identify", identify_opts, TW_ARRAY_LEN(identify_opts) },
	{ TW_OBJ_REGISTRATION, "registration", registration_opts,
	  TW_ARRAY_LEN(registration_opts) },
};

/* Types other modules register in pjsip.conf (pjsip.conf.sample). */
static const char *const other_types[] = {
	"global", "system", "domain_alias", "acl", "contact", "resource_list",
	"phoneprov", "outbound-publish", "inbound-publication",
	"asterisk-publication",
};

const struct tw_schema_type *tw_schema_type(enum tw_obj obj)
{
	if (obj < 0 || obj >= TW_OBJ_COUNT)
		return NULL;
	return &types[obj];
}

enum tw_obj tw_schema_obj_find(const char *type_value)
{
	size_t i;

	if (!type_value)
		return TW_OBJ_NONE;
	for (i = 0; i < TW_ARRAY_LEN(types); i++)
		if (types[i].name[0] == type_value[0] && strcmp(types[i].name, type_value) == 0)
			return types[i].obj;
	return TW_OBJ_NONE;
}

bool tw_schema_is_other_type(const char *type_value)
{
	size_t i;

	for (i = 0; type_value && i < TW_ARRAY_LEN(other_types); i++)
		if (strcmp(other_types[i], type_value) == 0)
			return true;
	return false;
}

/* strcasecmp for ASCII names, inlined: most names differ in the first bytes. */
static int name_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x += 'a' - 'A';
		if (y >= 'A' && y <= 'Z')
			y += 'a' - 'A';
		if (x != y || !x)
			return x - y;
	}
}

static int opt_cmp(const void *key, const void *elem)
{
	return name_cmp(key, ((const struct tw_schema_opt *)elem)->name);
}

const struct tw_schema_opt *tw_schema_opt_find(const struct tw_schema_type *t,
                                               const char *name)
{
	if (!t || !name)
		return NULL;
	return bsearch(name, t->opts, t->nopts, sizeof(*t->opts), opt_cmp);
}

const struct tw_schema_enum *tw_schema_enum_find(const struct tw_schema_opt *o,
                                                 const char *value)
{
	const struct tw_schema_enum *e;

	for (e = o->values; e && e->value; e++)
		if (o->case_sensitive ? strcmp(e->value, value) == 0
		                      : strcasecmp(e->value, value) == 0)
			return e;
	return NULL;
}

static int codec_cmp(const void *key, const void *elem)
{
	return name_cmp(key, ((const struct tw_codec *)elem)->name);
}

const struct tw_codec *tw_codec_find(const char *name)
{
	if (!name)
		return NULL;
	return bsearch(name, codecs, TW_ARRAY_LEN(codecs), sizeof(*codecs), codec_cmp);
}

int tw_codec_index(const struct tw_codec *c)
{
	if (c < codecs || c >= codecs + TW_ARRAY_LEN(codecs))
		return -1;
	return (int)(c - codecs);
}

size_t tw_codec_count(void)
{
	return TW_ARRAY_LEN(codecs);
}

const struct tw_codec *tw_codec_at(size_t i)
{
	return i < TW_ARRAY_LEN(codecs) ? &codecs[i] : NULL;
}

const char *tw_media_name(enum tw_media m)
{
	switch (m) {
	case TW_MEDIA_AUDIO: return "audio";
	case TW_MEDIA_VIDEO: return "video";
	case TW_MEDIA_IMAGE: return "image";
	case TW_MEDIA_TEXT: return "text";
	}
	return "?";
}
