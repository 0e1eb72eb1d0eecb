/*
 * regex_lit.h: the longest literal text every match of an extended
 * regular expression must contain.
 *
 * A filter over 200,000 rows runs a regexec per row; most filters an
 * operator types ("orders\.v[0-9]", "^payments-") hold a literal run that
 * any matching text contains, so a substring search can turn down most
 * rows before the regular expression runs.  The scan is conservative: a
 * group is never literal text (whatever alternation it holds), and every
 * atom that is quantified, a bracket, a group, an anchor or a GNU escape
 * ends a run.  Alternation at the top gives one literal per branch, or
 * none at all when a branch has none.
 */
#ifndef KDECK_REGEX_LIT_H
#define KDECK_REGEX_LIT_H

#include <stddef.h>

/* The longest required run of plain ASCII characters of the ERE pattern,
 * unescaped, into buf (NUL-terminated, cut to len - 1: a prefix of a
 * required run is required too).  Returns its length; 0 when the pattern
 * requires none (or has a '|' outside groups). */
size_t regex_required_literal(const char *pattern, char *buf, size_t len);

/* The same for each top-level branch ("orders|pay-[0-9]" gives "orders"
 * and "pay-"): every match contains at least one of them.  Returns how
 * many (at most max), or 0 when some branch requires no text of two
 * characters or more, or there are more branches than max. */
#define REGEX_LIT_LEN 64
int regex_required_literals(const char *pattern, char (*lits)[REGEX_LIT_LEN], int max);

#endif
