/* cmd_msk.h: `kdeck msk ...`, Amazon MSK's control plane, read only. */
#ifndef KDECK_CMD_MSK_H
#define KDECK_CMD_MSK_H

int cmd_msk_main(int argc, char **argv);

#endif
