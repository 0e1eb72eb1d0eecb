/* cmd_check.h: `kdeck check`, the alert rules of the config file
 * evaluated once, as a monitoring plugin (doc/alerts.md). */
#ifndef KDECK_CMD_CHECK_H
#define KDECK_CMD_CHECK_H

/* Exit codes of a monitoring plugin (Nagios, Icinga, Sensu). */
enum {
	CHECK_OK = 0,
	CHECK_WARNING = 1,
	CHECK_CRITICAL = 2,
	CHECK_UNKNOWN = 3,
};

/* argv[0] is "check"; returns one of CHECK_*. */
int cmd_check(int argc, char **argv);

#endif
