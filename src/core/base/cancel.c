#include "config.h"

#include <time.h>

#include "trunkwiz/base.h"

#define SLICE_MS 50

bool tw_cancelled(const struct tw_cancel *c)
{
	if (!c)
		return false;
	if (c->flag && *c->flag)
		return true;
	return c->poll && c->poll(c->ctx);
}

long long tw_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool tw_sleep_ms(int ms, const struct tw_cancel *c)
{
	long long end = tw_now_ms() + ms;

	for (;;) {
		long long left = end - tw_now_ms();
		struct timespec ts;

		if (tw_cancelled(c))
			return false;
		if (left <= 0)
			return true;
		if (left > SLICE_MS)
			left = SLICE_MS;
		ts.tv_sec = 0;
		ts.tv_nsec = (long)left * 1000000L;
		nanosleep(&ts, NULL);
	}
}
