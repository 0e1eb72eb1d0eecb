/* cmd_reassign.h: `kdeck reassign ...` and `kdeck elect-leaders`. */
#ifndef KDECK_CMD_REASSIGN_H
#define KDECK_CMD_REASSIGN_H

int cmd_reassign_main(int argc, char **argv);
int cmd_elect_main(int argc, char **argv);

#endif
