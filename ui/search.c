/* search.c: n and N, the next and previous row matching the last '/'
 * pattern.  The filter hides rows that do not match; once it is cleared
 * (Esc) the pattern stays, and n/N walk its matches in the whole table,
 * like a pager's search.  Patterns match as the filter does: extended,
 * ignoring case, against any cell. */
#include "config.h"

#include <regex.h>

#include "actions.h"
#include "keys.h"
#include "ui_state.h"

bool act_can_search(kd_ui *ui)
{
	return ui->search[0] && ui_view(ui);
}

static bool row_matches(const kd_view *v, const kd_row *r, const regex_t *re)
{
	for (int c = 0; c < v->src->n_columns; c++)
		if (r->cells[c].text && regexec(re, r->cells[c].text, 0, NULL, 0) == 0)
			return true;
	return false;
}

unsigned act_search(kd_ui *ui, int dir)
{
	kd_view *v = ui_view(ui);
	regex_t re;

	if (!v)
		return KD_DID_NOTHING;
	if (!ui->search[0]) {
		ui_message(ui, false, "no search yet: / and a pattern first");
		return KD_DID_STATUS;
	}
	if (regcomp(&re, ui->search, REG_EXTENDED | REG_ICASE | REG_NOSUB) != 0) {
		ui_message(ui, true, "/%s/ is not a valid pattern", ui->search);
		return KD_DID_STATUS;
	}
	for (int k = 1; k <= v->n_vis; k++) {
		int i = ((v->sel + dir * k) % v->n_vis + v->n_vis) % v->n_vis;

		if (row_matches(v, v->vis[i], &re)) {
			bool wrapped = dir > 0 ? i <= v->sel : i >= v->sel;

			regfree(&re);
			view_move(v, i - v->sel);
			if (wrapped) {
				ui_message(ui, false, "/%s/: search wrapped", ui->search);
				return KD_DID_MOVE | KD_DID_STATUS;
			}
			return KD_DID_MOVE;
		}
	}
	regfree(&re);
	ui_message(ui, false, "no row matches /%s/", ui->search);
	return KD_DID_STATUS;
}
