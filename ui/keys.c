/* keys.c: the action table, key specs and the live bindings. */
#include "config.h"

#include "keys.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "actions.h"
#include "pane_change.h"
#include "pane_groups.h"
#include "pane_tail.h"

/* Every action, in the order the help overlay and the hint bar list
 * them.  Defaults go through keys_bind() like a user's bindings will. */
const kd_action keys_actions[] = {
	/* name              keys             help / hint / scope / handler / arg / available */
	{ "help", "? F1", "Show or hide this help", "Help", NULL, act_help, 0, NULL },
	{ "pane-brokers", "1", "Show the brokers", NULL, NULL, act_pane, 0, NULL },
	{ "pane-topics", "2", "Show the topics", NULL, NULL, act_pane, 1, NULL },
	{ "pane-partitions", "3", "Show the partitions", NULL, NULL, act_pane, 2, NULL },
	{ "pane-replicas", "4", "Show the replica lag: followers behind their leader, out of "
	  "the ISR, or on a broker that stopped answering", NULL, NULL, act_pane, 3, NULL },
	{ "pane-quorum", "5", "Show the KRaft quorum: leader, epoch, voters and observers",
	  NULL, NULL, act_pane, 4, NULL },
	{ "pane-groups", "6", "Show the consumer groups: state, members, lag, lag trend, "
	  "status and time to catch up", NULL, NULL, act_groups_pane, 0, NULL },
	{ "pane-reassignments", "7", "Show the partitions being reassigned: progress, rate, "
	  "time left, throttles, leader skew", NULL, NULL, act_pane, 6, NULL },
	{ "pane-msk", "8", "Show Amazon MSK's view: the cluster, its broker nodes by AZ next to "
	  "Kafka's brokers (kdeck --msk)", NULL, NULL, act_pane, 7, NULL },
	{ "pane-events", "9", "Show the events: what changed this session (brokers down or "
	  "up, leaders, ISR, topics, reassignments, groups, alerts), newest first", NULL, NULL,
	  act_pane, 8, NULL },
	{ "pane-alerts", "0", "Show the alerts firing now (rules in the config file), the "
	  "worst first", NULL, NULL, act_pane, 9, NULL },
	/* kdeck --replay (ui/actions_replay.c) */
	{ "replay-play", "p", "Replay: play or pause", "Play", NULL, act_replay, 0,
	  act_can_replay },
	{ "replay-back", "[ Left", "Replay: one snapshot back", NULL, NULL, act_replay, 1,
	  act_can_replay },
	{ "replay-forward", "] Right", "Replay: one snapshot forward", NULL, NULL, act_replay, 2,
	  act_can_replay },
	{ "replay-prev-event", "{", "Replay: back to the previous snapshot with a new event",
	  NULL, NULL, act_replay, 3, act_can_replay },
	{ "replay-next-event", "}", "Replay: on to the next snapshot with a new event",
	  "Event", NULL, act_replay, 4, act_can_replay },
	{ "replay-faster", "+", "Replay: play twice as fast", NULL, NULL, act_replay, 5,
	  act_can_replay },
	{ "replay-slower", "-", "Replay: play half as fast", NULL, NULL, act_replay, 6,
	  act_can_replay },
	{ "replay-jump", "J", "Replay: jump to a time (ISO, HH:MM, +10m, -5m)", "Jump", NULL,
	  act_replay, KD_REPLAY_KEY_JUMP, act_can_replay },
	{ "pane-next", "Tab", "Show the next pane", "Pane", NULL, act_pane_step, 1, NULL },
	{ "pane-prev", "BTab", "Show the previous pane", NULL, NULL, act_pane_step, -1, NULL },
	{ "filter", "/", "Filter rows with a regular expression (any cell, ignoring case; "
	  "Enter keeps it, Esc cancels, an empty one clears it)", "Filter",
	  KEYS_SCOPE_TABLE, act_filter, 0, NULL },
	{ "open", "Enter", "Open the selected row: a broker's or a topic's partitions",
	  "Open", KEYS_SCOPE_TABLE, act_open, 0, act_can_open },
	{ "back", "Esc BSpace", "Go back to where Enter came from, or clear the filter",
	  "Back", NULL, act_back, 0, act_can_go_back },
	{ "up", "Up k C-p", "Select the row above", NULL, KEYS_SCOPE_TABLE, act_move, -1, NULL },
	{ "down", "Down j C-n", "Select the row below", NULL, KEYS_SCOPE_TABLE, act_move, 1, NULL },
	{ "page-up", "PgUp C-b", "Up one screen", NULL, KEYS_SCOPE_TABLE, act_page, -1, NULL },
	{ "page-down", "PgDn C-f Space", "Down one screen", NULL, KEYS_SCOPE_TABLE, act_page, 1, NULL },
	{ "first", "g Home", "Select the first row", NULL, KEYS_SCOPE_TABLE, act_home, 0, NULL },
	{ "last", "G End", "Select the last row", NULL, KEYS_SCOPE_TABLE, act_end, 0, NULL },
	{ "sort-next", "> .", "Sort by the next column", "Sort", KEYS_SCOPE_TABLE,
	  act_sort_step, 1, NULL },
	{ "sort-prev", "< ,", "Sort by the previous column", NULL, KEYS_SCOPE_TABLE,
	  act_sort_step, -1, NULL },
	{ "sort-invert", "I", "Invert the sort order", "Invert", KEYS_SCOPE_TABLE,
	  act_sort_invert, 0, NULL },
	{ "group-rack", "z", "Group the brokers by rack (availability zone), or stop grouping",
	  NULL, "brokers", act_group_rack, 0, NULL },
	{ "search-next", "n", "Select the next row matching the last / pattern (with the "
	  "filter on: the next row)", NULL, KEYS_SCOPE_TABLE, act_search, 1, act_can_search },
	{ "search-prev", "N", "Select the previous row matching the last / pattern", NULL,
	  KEYS_SCOPE_TABLE, act_search, -1, act_can_search },
	/* the message tail and one message (ui/pane_tail.c, ui/pane_message.c) */
	{ "topic-create", "C", "Create a topic: a form (name, partitions, replication factor, "
	  "configs), then the preview", "New", "topics", act_topic_create, 0, NULL },
	{ "topic-delete", "D", "Delete the selected topic: type its name to confirm, then the "
	  "preview", NULL, "topics", act_topic_delete, 0, NULL },
	{ "topic-partitions", "P", "Add partitions to the selected topic (only more), then the "
	  "preview", NULL, "topics", act_topic_partitions, 0, NULL },
	{ "broker-configs", "o", "Show the selected broker's configs: value, source (static, "
	  "dynamic, default), sensitive (never shown)", "Configs", "brokers", act_broker_configs,
	  0, NULL },
	{ "topic-produce", "W", "Write one message to the selected topic (a form: partition, "
	  "key, value, headers, format), then the preview", NULL, "topics", act_topic_produce, 0,
	  NULL },
	{ "topic-configs", "o", "Show the selected topic's configs: value, source, sensitive "
	  "(never shown)", "Configs", "topics", act_topic_configs, 0, NULL },
	{ "config-edit", "e", "Set or reset one config of the topic shown (a form, then the "
	  "preview: only that key changes)", "Edit", "change", act_topic_config_edit, 0,
	  act_can_edit_config },
	/* reassignments and leaders (ui/actions_reassign.c) */
	{ "broker-drain", "R", "Drain the selected broker: move every replica off it (RF and "
	  "racks kept), throttled if asked, then the preview", "Drain", "brokers", act_reassign, 0,
	  NULL },
	{ "topic-reassign", "R", "Reassign the selected topic: another replication factor, or "
	  "the same to even out its replicas and leaders, then the preview", "Reassign", "topics",
	  act_reassign, 0, NULL },
	{ "partition-move", "R", "Move the selected partition: type its new replicas (the first "
	  "leads), then the preview", "Move", "partitions", act_reassign, 0, NULL },
	{ "elect-leaders", "E", "Preferred leader election for the whole cluster (preview "
	  "first)", NULL, "brokers", act_elect_leaders, 0, NULL },
	{ "topic-elect-leaders", "E", "Preferred leader election for the selected topic",
	  NULL, "topics", act_elect_leaders, 0, NULL },
	{ "partition-elect-leader", "E", "Preferred leader election for the selected partition",
	  NULL, "partitions", act_elect_leaders, 0, NULL },
	{ "reassign-cancel", "x", "Cancel the selected partition's reassignment (back to its "
	  "replicas before)", "Cancel", "reassignments", act_reassign_cancel, 0, NULL },
	{ "reassign-cancel-all", "X", "Cancel every reassignment", NULL, "reassignments",
	  act_reassign_cancel, 1, NULL },
	{ "reassign-throttle", "T", "Change the replication throttle of the moving partitions",
	  "Throttle", "reassignments", act_reassign_throttle, 0, NULL },
	{ "reassign-finish", "F", "Remove every replication throttle (anyone's), once nothing "
	  "moves", "Finish", "reassignments", act_reassign_finish, 0, NULL },
	{ "tail", "t", "Tail the selected topic's messages (Esc stops)", "Tail", "topics",
	  act_tail_open, 0, act_can_tail_open },
	{ "tail-partition", "t Enter", "Tail the selected partition's messages", "Tail",
	  "partitions", act_tail_open, 1, act_can_tail_open },
	{ "tail-open", "Enter", "Show the selected message: headers and the whole value",
	  "Open", "tail", act_tail_detail, 0, act_tail_has_message },
	{ "tail-up", "Up k C-p", "Select the message above (stops following)", NULL, "tail",
	  act_tail_move, -1, NULL },
	{ "tail-down", "Down j C-n", "Select the message below (on the newest: follow)", NULL,
	  "tail", act_tail_move, 1, NULL },
	{ "tail-page-up", "PgUp C-b", "Up one screen", NULL, "tail", act_tail_move, -2, NULL },
	{ "tail-page-down", "PgDn C-f", "Down one screen", NULL, "tail", act_tail_move, 2, NULL },
	{ "tail-first", "g Home", "Select the oldest message held", NULL, "tail",
	  act_tail_move, -3, NULL },
	{ "tail-follow", "G End f", "Follow the newest message", "Follow", "tail",
	  act_tail_move, 3, NULL },
	{ "tail-pause", "p Space", "Pause or resume consuming", "Pause", "tail",
	  act_tail_pause, 0, NULL },
	{ "tail-filter", "/", "Filter messages: text, \"quoted text\", /regex/, key:x, "
	  "header.NAME:x, value.field > 80, and/or/not (doc/tail-format.md); counts restart",
	  "Filter", "tail", act_tail_filter, 0, NULL },
	{ "tail-start", "o", "Start again from: end, beginning, -N (last N per partition), "
	  "an offset, @10m, 10m ago, an ISO time", "Start", "tail", act_tail_start, 0, NULL },
	{ "tail-value-format", "v", "Show values as auto, json, text, hex, base64 (cycles)",
	  "Format", "tail", act_tail_format, 0, NULL },
	{ "tail-key-format", "K", "Show keys as auto, json, text, hex, base64 (cycles)", NULL,
	  "tail", act_tail_format, 1, NULL },
	{ "tail-save", "s", "Save the messages shown (with a filter: the matching ones) "
	  "as JSON lines", "Save", "tail", act_tail_save, 0, NULL },
	{ "tail-save-all", "S", "Save every message held, filter or not", NULL, "tail",
	  act_tail_save, 1, NULL },
	{ "tail-buffer", "b", "Set how many messages are held (default 10000)", NULL, "tail",
	  act_tail_capacity, 0, NULL },
	{ "message-up", "Up k C-p", "Scroll up a line", NULL, "message", act_message_scroll,
	  -1, NULL },
	{ "message-down", "Down j C-n", "Scroll down a line", NULL, "message",
	  act_message_scroll, 1, NULL },
	{ "message-page-up", "PgUp C-b", "Up one screen", NULL, "message", act_message_scroll,
	  -2, NULL },
	{ "message-page-down", "PgDn C-f Space", "Down one screen", NULL, "message",
	  act_message_scroll, 2, NULL },
	{ "message-top", "g Home", "Go to the top", NULL, "message", act_message_scroll, -3,
	  NULL },
	{ "message-bottom", "G End", "Go to the end", NULL, "message", act_message_scroll, 3,
	  NULL },
	{ "message-value-format", "v", "Show the value as auto, json, text, hex, base64",
	  "Format", "message", act_message_format, 0, NULL },
	{ "message-key-format", "K", "Show the key as auto, json, text, hex, base64", NULL,
	  "message", act_message_format, 1, NULL },
	{ "msk-operations", "o", "Show the MSK cluster's operations, running and ended "
	  "(ListClusterOperationsV2)", "Operations", "msk", act_msk_operations, 0, NULL },
	/* consumer groups (ui/pane_groups.c, ui/pane_group_change.c) and the
	 * change pane (ui/pane_change.c) */
	{ "topic-groups", "c", "Show the consumer groups reading the selected topic and "
	  "their lag on it", "Groups", "topics", act_topic_groups, 0, NULL },
	{ "partition-groups", "c", "Show the consumer groups reading the selected topic",
	  "Groups", "partitions", act_topic_groups, 0, NULL },
	{ "group-reset", "R", "Reset the selected group's offsets (an Empty group): earliest, "
	  "latest, offset N, datetime TIME or shift N, then TOPIC[:PARTITION]; shows old -> "
	  "new first", "Reset", "groups", act_group_reset, 0, act_can_change_group },
	{ "group-delete", "D", "Delete the selected group (an Empty group), after a preview",
	  "Delete", "groups", act_group_delete, 0, act_can_change_group },
	{ "group-detail-reset", "R", "Reset this group's offsets (the selected partition's "
	  "topic is offered)", "Reset", "group", act_group_reset, 0, act_can_change_group },
	{ "group-detail-delete", "D", "Delete this group, after a preview", "Delete", "group",
	  act_group_delete, 0, act_can_change_group },
	{ "topic-group-reset", "R", "Reset the selected group's offsets", "Reset",
	  "topic-groups", act_group_reset, 0, act_can_change_group },
	{ "actions", "A", "Show the actions taken this session (what, when, result)", NULL,
	  NULL, act_actions_log, 0, NULL },
	{ "change-apply", "y", "Apply the change shown", "Apply", "change",
	  act_change_confirm, 0, act_can_confirm_change },
	{ "change-cancel", "n", "Cancel the change shown (nothing is sent)", "Cancel",
	  "change", act_back, 0, NULL },
	{ "refresh", "r C-l F5", "Poll the cluster now and repaint the screen", "Refresh",
	  NULL, act_refresh, 0, NULL },
	{ "command", ":", "Run a command (Tab completes): a pane by name (:replicas), an "
	  "action by name (:sort-next), :topic NAME, :broker ID, :ctx NAME, :theme NAME, :q",
	  "Cmd", NULL,
	  act_command, 0, NULL },
	{ "quit", "q F10", "Quit kdeck", "Quit", NULL, act_quit, 0, NULL },
};
const int keys_n_actions = (int)(sizeof(keys_actions) / sizeof(keys_actions[0]));

/* ---- key specs --------------------------------------------------------- */

static const struct {
	const char *name;
	int key;
} named_keys[] = {
	/* the first name of a key is the one keys_name prints */
	{ "Enter", '\n' },
	{ "Esc", KEYS_ESC },
	{ "Escape", KEYS_ESC },
	{ "Tab", '\t' },
	{ "BTab", KEYS_FN(KEY_BTAB) },
	{ "S-Tab", KEYS_FN(KEY_BTAB) },
	{ "Space", ' ' },
	{ "BSpace", KEYS_FN(KEY_BACKSPACE) },
	{ "Backspace", KEYS_FN(KEY_BACKSPACE) },
	{ "Up", KEYS_FN(KEY_UP) },
	{ "Down", KEYS_FN(KEY_DOWN) },
	{ "Left", KEYS_FN(KEY_LEFT) },
	{ "Right", KEYS_FN(KEY_RIGHT) },
	{ "PgUp", KEYS_FN(KEY_PPAGE) },
	{ "PageUp", KEYS_FN(KEY_PPAGE) },
	{ "PPage", KEYS_FN(KEY_PPAGE) },
	{ "PgDn", KEYS_FN(KEY_NPAGE) },
	{ "PageDown", KEYS_FN(KEY_NPAGE) },
	{ "NPage", KEYS_FN(KEY_NPAGE) },
	{ "Home", KEYS_FN(KEY_HOME) },
	{ "End", KEYS_FN(KEY_END) },
	{ "IC", KEYS_FN(KEY_IC) },
	{ "Insert", KEYS_FN(KEY_IC) },
	{ "DC", KEYS_FN(KEY_DC) },
	{ "Delete", KEYS_FN(KEY_DC) },
};

#define N_NAMED (int)(sizeof(named_keys) / sizeof(named_keys[0]))

/* One UTF-8 encoded code point making up all of s, or -1. */
static int utf8_single(const char *s)
{
	const unsigned char *u = (const unsigned char *)s;
	int n, cp;

	if (u[0] < 0x80)
		return u[0] && !u[1] ? u[0] : -1;
	if ((u[0] & 0xe0) == 0xc0) {
		n = 1;
		cp = u[0] & 0x1f;
	} else if ((u[0] & 0xf0) == 0xe0) {
		n = 2;
		cp = u[0] & 0x0f;
	} else if ((u[0] & 0xf8) == 0xf0) {
		n = 3;
		cp = u[0] & 0x07;
	} else {
		return -1;
	}
	for (int i = 1; i <= n; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return -1;
		cp = (cp << 6) | (u[i] & 0x3f);
	}
	if (u[n + 1] || cp < 0x80 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return -1;
	/* reject overlong forms */
	if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000))
		return -1;
	return cp;
}

int keys_parse(const char *spec)
{
	int cp;

	if (!spec || !*spec)
		return KEYS_NONE;
	for (int i = 0; i < N_NAMED; i++)
		if (strcasecmp(spec, named_keys[i].name) == 0)
			return named_keys[i].key;
	/* F1 .. F63 */
	if ((spec[0] == 'F' || spec[0] == 'f') && spec[1] >= '1' && spec[1] <= '9') {
		char *end;
		long n = strtol(spec + 1, &end, 10);
		if (*end == '\0' && n >= 1 && n <= 63)
			return KEYS_FN(KEY_F(n));
		return KEYS_NONE;
	}
	/* C-x and ^X: control characters */
	if (((spec[0] == 'C' || spec[0] == 'c') && spec[1] == '-' && spec[2] && !spec[3]) ||
	    (spec[0] == '^' && spec[1] && !spec[2])) {
		int c = (unsigned char)spec[spec[0] == '^' ? 1 : 2];
		if (c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c >= '@' && c <= '_')
			return c & 0x1f;
		return KEYS_NONE;
	}
	cp = utf8_single(spec);
	if (cp > ' ' && cp != 127)
		return cp;
	return KEYS_NONE;
}

char *keys_name(int key, char *buf, size_t len)
{
	if (len == 0)
		return buf;
	for (int i = 0; i < N_NAMED; i++)
		if (named_keys[i].key == key) {
			snprintf(buf, len, "%s", named_keys[i].name);
			return buf;
		}
	if (key >= KEYS_FN(KEY_F(1)) && key <= KEYS_FN(KEY_F(63))) {
		snprintf(buf, len, "F%d", key - KEYS_FN(KEY_F0));
	} else if (key & KEYS_FN(0)) {
		snprintf(buf, len, "key-%d", key & ~KEYS_FN(0));
	} else if (key >= 0 && key < 32) {
		char c = (char)(key | 0x40);
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		snprintf(buf, len, "C-%c", c);
	} else if (key < 0x80) {
		snprintf(buf, len, "%c", (char)key);
	} else {
		char u[5] = { 0 };
		if (key < 0x800) {
			u[0] = (char)(0xc0 | (key >> 6));
			u[1] = (char)(0x80 | (key & 0x3f));
		} else if (key < 0x10000) {
			u[0] = (char)(0xe0 | (key >> 12));
			u[1] = (char)(0x80 | ((key >> 6) & 0x3f));
			u[2] = (char)(0x80 | (key & 0x3f));
		} else {
			u[0] = (char)(0xf0 | (key >> 18));
			u[1] = (char)(0x80 | ((key >> 12) & 0x3f));
			u[2] = (char)(0x80 | ((key >> 6) & 0x3f));
			u[3] = (char)(0x80 | (key & 0x3f));
		}
		snprintf(buf, len, "%s", u);
	}
	return buf;
}

/* ---- bindings ---------------------------------------------------------- */

#define MAX_BINDINGS 256

static struct {
	int key;
	const kd_action *action;
} bindings[MAX_BINDINGS];
static int n_bindings;

static bool same_scope(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

const kd_action *keys_action(const char *name)
{
	for (int i = 0; i < keys_n_actions; i++)
		if (name && strcmp(keys_actions[i].name, name) == 0)
			return &keys_actions[i];
	return NULL;
}

void keys_unbind_action(const kd_action *a)
{
	int j = 0;

	for (int i = 0; i < n_bindings; i++)
		if (bindings[i].action != a)
			bindings[j++] = bindings[i];
	n_bindings = j;
}

int keys_bind(const char *action, const char *keyspec)
{
	const kd_action *a = keys_action(action);
	int key, j = 0;

	if (!a)
		return KEYS_ERR_ACTION;
	key = keys_parse(keyspec);
	if (key == KEYS_NONE)
		return KEYS_ERR_KEY;
	/* A key does one thing per scope: the new binding takes it. */
	for (int i = 0; i < n_bindings; i++)
		if (!(bindings[i].key == key &&
		      same_scope(bindings[i].action->scope, a->scope)))
			bindings[j++] = bindings[i];
	n_bindings = j;
	if (n_bindings == MAX_BINDINGS)
		return KEYS_ERR_FULL;
	bindings[n_bindings].key = key;
	bindings[n_bindings].action = a;
	n_bindings++;
	return KEYS_OK;
}

const char *keys_strerror(int rc)
{
	switch (rc) {
	case KEYS_OK:
		return "ok";
	case KEYS_ERR_ACTION:
		return "no such action";
	case KEYS_ERR_KEY:
		return "not a key (try q, C-l, Enter, PgDn, F5)";
	case KEYS_ERR_FULL:
		return "too many key bindings";
	default:
		return "unknown error";
	}
}

int keys_init(void)
{
	n_bindings = 0;
	for (int i = 0; i < keys_n_actions; i++) {
		const char *p = keys_actions[i].keys;

		while (p && *p) {
			char spec[32];
			size_t n = strcspn(p, " ");
			int rc;

			if (n > 0) {
				if (n >= sizeof(spec))
					return KEYS_ERR_KEY;
				memcpy(spec, p, n);
				spec[n] = '\0';
				rc = keys_bind(keys_actions[i].name, spec);
				if (rc != KEYS_OK)
					return rc;
			}
			p += n;
			while (*p == ' ')
				p++;
		}
	}
	return KEYS_OK;
}

bool keys_in_scope(const kd_action *a, const char *pane, bool table)
{
	if (!a->scope)
		return true;
	if (table && strcmp(a->scope, KEYS_SCOPE_TABLE) == 0)
		return true;
	return pane && strcmp(a->scope, pane) == 0;
}

const kd_action *keys_lookup(int key, const char *pane, bool table)
{
	const kd_action *best = NULL;
	int best_rank = 0;

	for (int i = 0; i < n_bindings; i++) {
		const kd_action *a = bindings[i].action;
		int rank;

		if (bindings[i].key != key || !keys_in_scope(a, pane, table))
			continue;
		rank = !a->scope ? 1 : strcmp(a->scope, KEYS_SCOPE_TABLE) == 0 ? 2 : 3;
		if (rank > best_rank) {
			best = a;
			best_rank = rank;
		}
	}
	return best;
}

int keys_of(const kd_action *a, int *out, int max)
{
	int n = 0;

	for (int i = 0; i < n_bindings; i++)
		if (bindings[i].action == a) {
			if (n < max)
				out[n] = bindings[i].key;
			n++;
		}
	return n;
}

int keys_read(void)
{
	wint_t ch;
	int rc = get_wch(&ch);

	if (rc == ERR)
		return KEYS_NONE;
	if (rc == KEY_CODE_YES) {
		if (ch == KEY_ENTER)
			return '\n';
		return KEYS_FN((int)ch);
	}
	if (ch == '\r')
		return '\n';
	if (ch == 127 || ch == 8)
		return KEYS_FN(KEY_BACKSPACE);
	return (int)ch;
}
