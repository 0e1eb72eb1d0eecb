/* cmd_topics.h: the `kdeck topics` subcommand (create, delete, partitions,
 * config, configs). */
#ifndef KDECK_CMD_TOPICS_H
#define KDECK_CMD_TOPICS_H

/* argv[0] is "topics"; returns an exit code. */
int cmd_topics_main(int argc, char **argv);

#endif
