/* ui.c: placeholder until the panes land. */
#include "config.h"

#include "ui.h"

int ui_run(kd_collector *c, const kd_options *o)
{
	(void)c;
	(void)o;
	return 0;
}
