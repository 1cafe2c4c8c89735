#include "config.h"

#include <stdio.h>

int main(void)
{
	puts("trunkwiz " PACKAGE_VERSION);
	return 0;
}
