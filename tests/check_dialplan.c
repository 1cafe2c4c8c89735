#include "config.h"

#include "tw_test.h"

int main(void)
{
	Suite *s = suite_create("dialplan");

	return tw_test_run(s);
}
