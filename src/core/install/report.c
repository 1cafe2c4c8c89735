/* report.c - what both front ends do after a plan is committed: the list
 * of files created, updated and removed, and the reload of a running
 * Asterisk with the trunk's registration state (install.h). */
#include "config.h"

#include <string.h>

#include "trunkwiz/doctor.h"
#include "trunkwiz/install.h"
#include "doctor/doctor.h"

/* How long a reload waits for the registration to leave "Unregistered". */
#define RELOAD_WAIT_MS 5000

void tw_plan_report(const struct tw_plan *p, struct tw_buf *out)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct tw_change *c = &p->v[i];

		tw_buf_printf(out, "  %-8s %s", c->new ? (c->old ? "updated" : "created") : "removed",
		              c->label);
		if (c->new)
			tw_buf_printf(out, " (mode %04o)", (unsigned)c->attrs.mode);
		/* pjsip.conf and extensions.conf change only by their include lines */
		if (c->old && c->new && !strchr(c->label, '/'))
			tw_buf_adds(out, c->newlen > c->oldlen ? ", include line added"
			                                       : ", include line removed");
		if (c->backup)
			tw_buf_printf(out, ", backup %s", c->backup);
		tw_buf_addc(out, '\n');
	}
}

int tw_install_reload(const char *asterisk_cmd, const char *trunk, bool has_registration,
                      struct tw_task *task, struct tw_buf *out, struct tw_diags *d)
{
	const char *prog = tw_asterisk_program(asterisk_cmd);

	if (task)
		tw_task_status(task, "asking Asterisk");
	if (!tw_asterisk_running(prog)) {
		tw_buf_printf(out, "Asterisk is not running (or '%s -rx' does not answer): nothing "
		              "reloaded; the trunk is loaded when Asterisk starts\n", prog);
		return 0;
	}
	if (task)
		tw_task_status(task, "reloading res_pjsip and the dialplan");
	return tw_asterisk_reload(prog, trunk, has_registration, RELOAD_WAIT_MS, out, d);
}
