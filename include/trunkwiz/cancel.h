/* cancel.h - how a long step (a network exchange, a DNS lookup, a command
 * that may hang) learns it should stop, and the clock its deadlines use. */
#ifndef TRUNKWIZ_CANCEL_H
#define TRUNKWIZ_CANCEL_H

#include <signal.h>
#include <stdbool.h>

/* Stop when *flag is non-zero (a signal handler sets it) or when poll(ctx)
 * returns true (the wizard reads a key there). Either may be NULL; a NULL
 * struct never cancels. Steps check it at least every 50 ms. */
struct tw_cancel {
	volatile sig_atomic_t *flag;
	bool (*poll)(void *ctx);
	void *ctx;
};

bool tw_cancelled(const struct tw_cancel *c);

/* Milliseconds on the monotonic clock. */
long long tw_now_ms(void);

/* Sleep up to ms milliseconds in slices; false when cancelled. */
bool tw_sleep_ms(int ms, const struct tw_cancel *c);

#endif
