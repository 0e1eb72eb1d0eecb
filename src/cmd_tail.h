/* cmd_tail.h: the `kdeck tail` subcommand. */
#ifndef KDECK_CMD_TAIL_H
#define KDECK_CMD_TAIL_H

/* argv[0] is "tail"; returns an exit code. */
int cmd_tail_main(int argc, char **argv);

#endif
