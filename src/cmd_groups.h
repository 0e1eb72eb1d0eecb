/* cmd_groups.h: the `kdeck groups` subcommand (list, reset, delete). */
#ifndef KDECK_CMD_GROUPS_H
#define KDECK_CMD_GROUPS_H

/* argv[0] is "groups"; returns an exit code. */
int cmd_groups_main(int argc, char **argv);

#endif
