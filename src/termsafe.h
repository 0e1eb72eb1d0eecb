/*
 * termsafe.h: the one way text from outside reaches a terminal in the
 * subcommands' and the CLI's text output.
 *
 * Group ids, member and client ids, host names, topics inside assignments,
 * broker error messages and cluster ids are chosen by whoever runs a
 * client or a broker.  Printed raw, an "ESC ] 52" in a consumer's name
 * writes to the operator's clipboard.  These functions show them through
 * msgfmt_escape (the tail's escaping: \e, \xNN, \u{...} for controls, C1,
 * bidi overrides and invalid UTF-8), so no control byte gets through.
 * The dashboard draws through the same escaping (ui/).
 */
#ifndef KDECK_TERMSAFE_H
#define KDECK_TERMSAFE_H

#include <stdio.h>

/* s escaped, on one line (NULL shows as "-").  The result lives in one of
 * 8 per-thread buffers, so up to 8 may be used in one printf. */
const char *term_str(const char *s);

/* Print s escaped; with keep_newlines, '\n' ends lines as it should
 * (multi-line text such as a preview) and everything else is escaped. */
void term_fputs(const char *s, FILE *f, int keep_newlines);

#endif
