#include "config.h"

#include "tw_test.h"

int main(void)
{
	Suite *s = suite_create("trunk");

	return tw_test_run(s);
}
