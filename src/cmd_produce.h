/* cmd_produce.h: the `kdeck produce` subcommand. */
#ifndef KDECK_CMD_PRODUCE_H
#define KDECK_CMD_PRODUCE_H

/* argv[0] is "produce"; returns an exit code. */
int cmd_produce_main(int argc, char **argv);

#endif
