/* cmd_record.h: `kdeck record FILE`, the flight recorder without a
 * screen (systemd, tmux on a bastion host): every snapshot into a
 * recording that kdeck --replay FILE plays back. */
#ifndef KDECK_CMD_RECORD_H
#define KDECK_CMD_RECORD_H

/* argv[0] is "record"; returns an exit code (KD_EXIT_*). */
int cmd_record(int argc, char **argv);

#endif
