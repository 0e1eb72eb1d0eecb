/*
 * msk_pick.h: one line of text per MSK cluster, as `kdeck msk clusters`
 * prints them and the dashboard's cluster picker shows them (name, type,
 * state, Kafka version, brokers, instance type, auth modes, zones), every
 * field escaped for the terminal.
 */
#ifndef KDECK_MSK_PICK_H
#define KDECK_MSK_PICK_H

#include <stddef.h>

#include "msk_api.h"

void msk_pick_header(char *buf, size_t len);
void msk_pick_line(const msk_cluster *c, char *buf, size_t len);

#endif
