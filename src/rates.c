/* rates.c: see rates.h. */
#include "config.h"

#include "rates.h"

#include <string.h>

static bool topic_id_known(const kd_topic *t)
{
	static const uint8_t zero[16];
	return memcmp(t->id, zero, 16) != 0;
}

/* Same topic means same name and, when both polls know it, same id: a
 * topic deleted and recreated between polls is a different topic. */
static bool same_topic(const kd_topic *a, const kd_topic *b)
{
	if (topic_id_known(a) && topic_id_known(b))
		return memcmp(a->id, b->id, 16) == 0;
	return true;
}

static double delta_rate(int64_t now, int64_t before, double secs)
{
	if (now < 0 || before < 0 || now < before)
		return KD_UNKNOWN;
	return (double)(now - before) / secs;
}

void rates_compute(kd_snapshot *cur, const kd_snapshot *prev)
{
	if (!prev)
		return;
	double secs = (double)(cur->mono_ms - prev->mono_ms) / 1000.0;
	if (secs <= 0)
		return;

	for (int t = 0; t < cur->n_topics; t++) {
		kd_topic *kt = &cur->topics[t];
		const kd_topic *pt = snapshot_topic(prev, kt->name);
		if (!pt || !same_topic(kt, pt))
			continue;
		for (int p = 0; p < kt->n_partitions; p++) {
			kd_partition *kp = &kt->partitions[p];
			const kd_partition *pp = NULL;
			/* Partitions are sorted by id and usually equal in
			 * number: try the same index first. */
			if (p < pt->n_partitions && pt->partitions[p].id == kp->id)
				pp = &pt->partitions[p];
			else
				for (int i = 0; i < pt->n_partitions; i++)
					if (pt->partitions[i].id == kp->id)
						pp = &pt->partitions[i];
			if (!pp)
				continue;
			kp->msgs_rate = delta_rate(kp->high, pp->high, secs);
			/* A size delta is only a byte rate when the same
			 * leader measured both sizes and no segment was
			 * deleted in between (size went down). */
			if (kp->leader == pp->leader)
				kp->bytes_rate = delta_rate(kp->size, pp->size, secs);
		}
	}
}

void history_push(kd_history *h, double v)
{
	if (h->n == KD_HISTORY) {
		memmove(h->v, h->v + 1, sizeof(h->v[0]) * (KD_HISTORY - 1));
		h->n--;
	}
	h->v[h->n++] = v;
}

static void carry(kd_history *h, const kd_history *old, double v)
{
	if (old)
		*h = *old;
	if (v >= 0)
		history_push(h, v);
}

void rates_history(kd_snapshot *cur, const kd_snapshot *prev)
{
	carry(&cur->msgs_history, prev ? &prev->msgs_history : NULL, cur->msgs_rate);
	carry(&cur->bytes_history, prev ? &prev->bytes_history : NULL, cur->bytes_rate);
	for (int b = 0; b < cur->n_brokers; b++) {
		kd_broker *br = &cur->brokers[b];
		const kd_broker *old = prev ? snapshot_broker(prev, br->id) : NULL;
		carry(&br->msgs_history, old ? &old->msgs_history : NULL, br->msgs_in_rate);
		carry(&br->bytes_history, old ? &old->bytes_history : NULL, br->bytes_in_rate);
	}
	for (int t = 0; t < cur->n_topics; t++) {
		kd_topic *kt = &cur->topics[t];
		const kd_topic *old = prev ? snapshot_topic(prev, kt->name) : NULL;
		if (old && !same_topic(kt, old))
			old = NULL;
		carry(&kt->msgs_history, old ? &old->msgs_history : NULL, kt->msgs_rate);
		carry(&kt->bytes_history, old ? &old->bytes_history : NULL, kt->bytes_rate);
	}
}
