/*
 * view.h: the tables the dashboard shows, without curses.
 *
 * A view turns a const snapshot into rows of formatted cells, sorts them by
 * any column, filters them with a regular expression and keeps the
 * selection on the same row (by key) when a newer snapshot replaces the
 * old one.  What a table holds (its columns and how a snapshot becomes
 * rows) is a kd_view_source; the curses panes in ui/ only draw a view and
 * turn keys into calls of this API, so all of it is unit tested.
 */
#ifndef KDECK_VIEW_H
#define KDECK_VIEW_H

#include <regex.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "arena.h"
#include "regex_lit.h"
#include "snapshot.h"

/* What a row's state means to an operator; ui/ maps these to colours and
 * to markers that still show on a monochrome terminal. */
enum {
	KD_ROW_DOWN = 1u << 0,             /* broker not up */
	KD_ROW_UNDER_REPLICATED = 1u << 1, /* partition (or topic with one) short of ISR */
	KD_ROW_OFFLINE = 1u << 2,          /* partition (or topic with one) without leader */
	KD_ROW_INTERNAL = 1u << 3,         /* internal topic or one of its partitions */
	KD_ROW_CONTROLLER = 1u << 4,       /* the active controller */
	KD_ROW_UNRESPONSIVE = 1u << 5,     /* broker up but not answering kdeck */
	KD_ROW_LAGGING = 1u << 6,          /* replica or voter behind its leader */
};
#define KD_ROW_PROBLEM (KD_ROW_DOWN | KD_ROW_UNDER_REPLICATED | KD_ROW_OFFLINE | \
			KD_ROW_UNRESPONSIVE)

#define KD_VIEW_MAX_COLUMNS 16

typedef enum kd_col_type {
	KD_COL_STR,              /* left aligned, natural string order */
	KD_COL_NUM,              /* right aligned, numeric order */
	KD_COL_SPARK,            /* a history drawn as a sparkline as wide as
				  * max_width; sorts by its newest value */
} kd_col_type;

typedef struct kd_column {
	const char *id;          /* stable name for sort specs and configs */
	const char *title;       /* header text */
	kd_col_type type;
	int min_width;           /* a flex column never shrinks below this */
	int max_width;           /* content wider than this is cut; 0: no limit */
	int priority;            /* 0: always shown; larger ones drop first */
	bool flex;               /* gets the room other columns leave */
} kd_column;

/* 16 bytes: a table of 200,000 partitions holds two million cells. */
typedef struct kd_cell {
	const char *text;        /* as shown; one of view_text_* when unknown */
	union {
		double num;              /* sort key of KD_COL_NUM cells */
		const kd_history *hist;  /* KD_COL_SPARK cells; points into the
					  * snapshot, sorts by its newest value */
	};
} kd_cell;

/* What an unknown cell shows.  A cell is unknown (it sorts last in either
 * direction) when its text is one of these very strings: the same
 * characters written by a source are a known cell. */
extern const char view_text_unknown[];     /* "-": not measured */
extern const char view_text_na[];          /* "n/a": the broker cannot serve it */
extern const char view_text_no_history[];  /* "": a sparkline of nothing yet */

static inline bool view_cell_unknown(const kd_cell *c)
{
	return c->text == view_text_unknown || c->text == view_text_na ||
	       c->text == view_text_no_history;
}

typedef struct kd_row {
	const char *key;         /* identity that survives snapshot updates */
	unsigned flags;          /* KD_ROW_* */
	int order;               /* build position: breaks ties in sorting */
	kd_cell *cells;          /* one per column */
	/* What the row shows; valid as long as the snapshot it came from. */
	const kd_broker *broker;
	const kd_topic *topic;
	const kd_partition *partition;
	const char *group;       /* a consumer group the row is about, or NULL */
	bool pass;               /* passes the filter (set by the view) */
} kd_row;

/* A drill-down restricts a table to what one row of another table leads
 * to.  It copies what it needs so that it outlives the snapshot. */
typedef enum kd_drill_kind {
	KD_DRILL_NONE,
	KD_DRILL_TOPIC,          /* the partitions of one topic */
	KD_DRILL_BROKER,         /* the partitions with a replica on one broker */
	KD_DRILL_GROUP,          /* one consumer group: its partitions */
} kd_drill_kind;

typedef struct kd_drill {
	kd_drill_kind kind;
	char topic[256];         /* Kafka limits topic names to 249 bytes */
	int32_t broker;
	char group[256];         /* KD_DRILL_GROUP */
} kd_drill;

typedef struct kd_view kd_view;

/* One kind of table: its columns and how a snapshot becomes rows. */
typedef struct kd_view_source {
	const char *name;        /* "brokers": for key scopes and configs */
	const char *title;       /* "Brokers" */
	int n_columns;
	const kd_column *columns;
	int default_sort;
	bool default_desc;
	/* Add the rows of s that pass d (kind NONE: all) with view_add_row. */
	void (*build)(kd_view *v, const kd_snapshot *s, const kd_drill *d);
	/* What opening row r shows: fills d and returns the table, or NULL
	 * when the row leads nowhere.  May be NULL. */
	const struct kd_view_source *(*drill)(const kd_row *r, kd_drill *d);
} kd_view_source;

struct kd_view {
	const kd_view_source *src;
	kd_drill drill;
	const kd_snapshot *snap; /* the rows point into it; NULL: none */
	uint64_t seq;            /* its seq, to tell a new one at the same address */

	kd_arena arena;          /* cells and keys of the current rows */
	kd_row *rows;            /* every row of the snapshot, sorted */
	int n_rows, cap_rows;
	int last_rows;           /* rows before they were last dropped: how big
				  * the next build will be */
	kd_row **vis;            /* rows that pass the filter, in sort order */
	int n_vis;

	int sort_col;
	bool sort_desc;
	int group_col;           /* rows grouped by this column first; -1: none */

	char *filter;            /* NULL: none */
	regex_t re;
	bool literal;            /* filter is plain ASCII text: a substring search */
	/* Texts of which every match holds one (regex_lit.h), in lower case;
	 * n_lits 0: none known, every row runs the regular expression. */
	char lits[4][REGEX_LIT_LEN];
	int n_lits;

	int sel;                 /* index into vis; 0 when empty */
	char *sel_key;           /* key of the selected row: survives updates */
	int top;                 /* first row on screen; see view_scroll */
	/* The cluster stopped answering at this time (wall ms) and snap is
	 * the last good data: rows show brokers as not answering. 0: live. */
	int64_t unreachable_since_ms;
};

/* The tables kdeck knows. */
extern const kd_view_source view_brokers;
extern const kd_view_source view_topics;
extern const kd_view_source view_partitions;
extern const kd_view_source view_replicas;
extern const kd_view_source view_quorum;
/* Partitions being reassigned, and those that just ended (view_reassign.c). */
extern const kd_view_source view_reassign;
/* Amazon MSK's broker nodes joined with Kafka's brokers (view_msk.c). */
extern const kd_view_source view_msk;
/* The cluster's operations as ListClusterOperationsV2 lists them, newest
 * first: running and ended (view_msk.c). */
extern const kd_view_source view_msk_ops;
/* The session's events, newest first, and the alerts firing now
 * (view_events.c); Enter opens the object (topic, broker, group). */
extern const kd_view_source view_events;
extern const kd_view_source view_alerts;
/* "2026-12-05 03:12:07" in local time. */
char *view_fmt_clock(char *buf, size_t len, int64_t wall_ms);
/* The header's "alerts 1 critical 2 warning" (false: none firing), and
 * the colour element name's severity: the worst firing. */
bool view_alerts_summary(const kd_snapshot *s, char *buf, size_t len, kd_severity *worst);
/* Consumer groups (view_groups.c): every group; one group's partitions;
 * the groups reading one topic. */
extern const kd_view_source view_groups;
extern const kd_view_source view_group;
extern const kd_view_source view_topic_groups;

/* ---- life cycle ------------------------------------------------------- */

/* d may be NULL for a whole table. */
void view_init(kd_view *v, const kd_view_source *src, const kd_drill *d);
void view_free(kd_view *v);

/* Rebuild the rows from s (NULL: no data yet), keeping sort, filter and
 * the selected row.  Cheap to call again with the same snapshot. */
void view_update(kd_view *v, const kd_snapshot *s);

/* Drop rows that point into a snapshot about to be released; sort,
 * filter and selection stay for the next view_update. */
void view_invalidate(kd_view *v);

/* Take the rows of b, a view of the same table built elsewhere (from a
 * newer snapshot, view_job.h), and free b.  What v had stays: its sort,
 * grouping, filter (the rows are sorted or matched again only where b
 * was built with others) and the selected row. */
void view_adopt(kd_view *v, kd_view *b);

/* ---- used by sources' build functions --------------------------------- */

/* A new row with every cell unknown ("-"); key is copied. */
kd_row *view_add_row(kd_view *v, const char *key);
void view_cell_text(kd_view *v, kd_row *r, int col, const char *text);
/* A known number shown as the given text ("none" for leader -1, ...). */
void view_cell_num(kd_view *v, kd_row *r, int col, double num, const char *text);
void view_cell_int(kd_view *v, kd_row *r, int col, int64_t n);    /* exact */
void view_cell_count(kd_view *v, kd_row *r, int col, int64_t n);  /* 1.2M */
void view_cell_rate(kd_view *v, kd_row *r, int col, double rate); /* 3.4k */
void view_cell_bytes(kd_view *v, kd_row *r, int col, int64_t b);  /* 1.5G */
/* A feature the broker cannot serve: "n/a", sorting with the unknowns. */
void view_cell_na(kd_view *v, kd_row *r, int col);
/* A KD_COL_SPARK cell; h must live as long as the rows (the snapshot). */
void view_cell_history(kd_view *v, kd_row *r, int col, const kd_history *h);

/* ---- sorting and filtering -------------------------------------------- */

/* Returns -1 (and changes nothing) for a column out of range. */
int view_sort_by(kd_view *v, int col, bool desc);
/* Move the sort column by delta (wrapping); keeps the direction. */
void view_sort_step(kd_view *v, int delta);
void view_sort_invert(kd_view *v);
/* Column index of a column id ("msgs_rate"), or -1. */
int view_column(const kd_view *v, const char *id);
/* Keep rows with equal cells of col together (ascending, unknown last),
 * sorted by the sort column inside each group; -1 ends the grouping.
 * Returns -1 (and changes nothing) for a column out of range. */
int view_group_by(kd_view *v, int col);
/* Whether visible row i starts a group (it is the first, or its group
 * cell differs from the row above); false when not grouping. */
bool view_group_start(const kd_view *v, int i);

/* Show only rows where some cell matches the extended, case-insensitive
 * regular expression; NULL or "" shows every row.  An invalid pattern
 * fills err and changes nothing. */
int view_set_filter(kd_view *v, const char *pattern, char *err, size_t errlen);
const char *view_filter(const kd_view *v);

/* ---- selection -------------------------------------------------------- */

const kd_row *view_selected(const kd_view *v);
void view_move(kd_view *v, int delta);
void view_home(kd_view *v);
void view_end(kd_view *v);
bool view_select_key(kd_view *v, const char *key);
/* Adjust top so that the selection is on one of height screen rows. */
void view_scroll(kd_view *v, int height);

/* ---- drill-down and titles -------------------------------------------- */

/* What opening the selected row shows, or NULL (d untouched). */
const kd_view_source *view_open(const kd_view *v, kd_drill *d);
/* "Brokers", "Partitions of topic orders", ... */
void view_title(const kd_view *v, char *buf, size_t len);

/* ---- formatting (view_format.c) --------------------------------------- */

/* An integer in decimal, as "%lld" writes it, without printf's cost (a
 * view of 200,000 partitions writes a million of them per snapshot);
 * cut to len - 1. */
char *view_fmt_int(char *buf, size_t len, int64_t n);
/* Broker ids "1,2,3" ("" for none); a list that does not fit ends in
 * "...". */
char *view_fmt_ids(char *buf, size_t len, const int32_t *ids, int n);

/* Each writes "-" for a negative (unknown) value and returns buf. */
char *view_fmt_count(char *buf, size_t len, int64_t n);
char *view_fmt_rate(char *buf, size_t len, double rate);
char *view_fmt_bytes(char *buf, size_t len, int64_t bytes);
/* "2s", "5m", "3h", "2d". */
char *view_fmt_age(char *buf, size_t len, int64_t ms);
/* The last width values of h as a bar chart scaled to 0..max: UTF-8
 * block characters, or ASCII when utf8 is false.  Returns the number of
 * columns written (buf is NUL terminated). */
int view_sparkline(char *buf, size_t len, const kd_history *h, int width, bool utf8);

/* ---- whole-snapshot lines (view_replicas.c, view_quorum.c) -------------- */

/* Whether a follower replica of p counts as behind: lagging in offsets,
 * out of the ISR, or on a broker that did not answer (its values are the
 * last known).  The leader never is. */
bool view_replica_behind(const kd_snapshot *s, const kd_partition *p,
			 const kd_replica_state *rs);
/* What an empty replica table means: "all replicas in sync", with how
 * many followers could not be measured. */
void view_replicas_empty(const kd_snapshot *s, char *buf, size_t len);
/* "leader 1  epoch 7  high watermark 1234  voters 3  observers 2", or
 * "quorum: n/a on this cluster"; returns false in the second case. */
bool view_quorum_summary(const kd_snapshot *s, char *buf, size_t len);
/* "3 moving, 1.2G left to copy  throttled: 2 brokers/topics  leader skew: 0" */
void view_reassign_summary(const kd_snapshot *s, char *buf, size_t len);
/* The MSK cluster line; false (and why in buf) when not watched. */
bool view_msk_summary(const kd_snapshot *s, char *buf, size_t len);
/* The first MSK operation in progress; false when none runs. */
bool view_msk_operation(const kd_snapshot *s, char *buf, size_t len);
/* "[########------]  57%", or with end_text ("done") instead of the share. */
void view_progress_bar(char *buf, size_t len, double frac, const char *end_text);
/* Whether every broker that is up lacks DescribeLogDirs (sizes are then
 * "n/a", not "-"). */
bool view_logdirs_na(const kd_snapshot *s);

#endif
