/* sched_roster.c: who works the noon, evening, Saturday and holiday duties.
 * The demand of each window instance comes from the rules and the bookings;
 * a greedy pass fills the scarcest instances first with the least loaded
 * person who may take them (hard rules: leave, skills, caps, days in a row,
 * one flexible duty a day), then a local search of single moves and
 * exchanges between two people, under every hard rule, while it lowers the
 * sum of squared loads (the spread), honours more preferences or, all else
 * equal, evens out the compensatory time owed. Everything is deterministic:
 * ties go to the lower index. */
#include "scheduler/sched_internal.h"

#include <stdlib.h>
#include <string.h>

const struct sched_roster_rules sched_roster_rules_default = {
    .weight = {1, 1, 2, 2},
    /* A noon duty moves the lunch break (90 minutes), the evening hour is
     * overtime, a Saturday morning earns half a day, holiday duty a day. */
    .comp_minutes = {90, 60, 240, 480},
    .min_staff = {2, 2, 3, 1},
    .walk_in_margin = 0,
    .one_flex_per_day = true,
    .max_consecutive_days = 6,
    .max_duties_per_month = 8,
};

static const char *const duty_names[SCHED_DUTY_COUNT] = {"noon", "evening", "saturday", "holiday"};

const char *sched_duty_name(enum sched_duty d)
{
    return (unsigned)d < SCHED_DUTY_COUNT ? duty_names[d] : "none";
}

const char *sched_duty_parse(const char *s, enum sched_duty *out)
{
    for (int d = 0; d < SCHED_DUTY_COUNT; d++) {
        if (s != NULL && strcmp(s, duty_names[d]) == 0) {
            *out = (enum sched_duty)d;
            return NULL;
        }
    }
    return "not a duty (noon, evening, saturday, holiday)";
}

enum sched_duty sched_window_duty(enum sched_window_name n)
{
    switch (n) {
    case SCHED_WIN_NOON:
        return SCHED_DUTY_NOON;
    case SCHED_WIN_EVENING:
        return SCHED_DUTY_EVENING;
    case SCHED_WIN_SATURDAY:
        return SCHED_DUTY_SATURDAY;
    case SCHED_WIN_HOLIDAY:
        return SCHED_DUTY_HOLIDAY;
    default:
        return SCHED_DUTY_NONE;
    }
}

const char *sched_short_reason_text(enum sched_short_reason r)
{
    switch (r) {
    case SCHED_SHORT_NO_SKILL:
        return "nobody available handles a service booked there";
    case SCHED_SHORT_ALL_ON_LEAVE:
        return "everybody who could is on leave";
    case SCHED_SHORT_AT_LIMITS:
        return "everybody left is at a limit (monthly cap, days in a row, one duty a day)";
    case SCHED_SHORT_TOO_FEW_STAFF:
        return "fewer staff than it needs";
    case SCHED_SHORT_UNFILLED:
        return "somebody could still take it";
    }
    return "short";
}

const char *sched_short_reason_code(enum sched_short_reason r)
{
    switch (r) {
    case SCHED_SHORT_NO_SKILL:
        return "no_skill";
    case SCHED_SHORT_ALL_ON_LEAVE:
        return "all_on_leave";
    case SCHED_SHORT_AT_LIMITS:
        return "at_limits";
    case SCHED_SHORT_TOO_FEW_STAFF:
        return "too_few_staff";
    case SCHED_SHORT_UNFILLED:
        return "unfilled";
    }
    return "unknown";
}

/* ---- demand ---------------------------------------------------------------- */

fh_result sched_roster_demand(const struct sched_office *office, const struct sched_calendar *cal,
                              const struct sched_roster_rules *rules, fh_day first, fh_day last,
                              const struct sched_booking *bookings, size_t booking_count,
                              struct sched_demand **out, size_t *count)
{
    struct sched_opening *open;
    size_t n;
    *out = NULL;
    *count = 0;
    fh_result r = sched_openings(office, cal, first, last, &open, &n);
    if (r != FH_OK)
        return r;
    struct sched_demand *d = fh_calloc(n, sizeof *d);
    size_t k = 0, cursor = sched_bookings_from(bookings, booking_count,
                                               (fh_minute)first * FH_MINUTES_PER_DAY);
    for (size_t i = 0; i < n; i++) {
        const struct sched_window_spec *w = &office->spec.windows[open[i].window];
        enum sched_duty duty = sched_window_duty(w->name);
        if (duty == SCHED_DUTY_NONE)
            continue;
        fh_minute from = (fh_minute)open[i].day * FH_MINUTES_PER_DAY + w->start;
        fh_minute to = (fh_minute)open[i].day * FH_MINUTES_PER_DAY + w->end;
        while (cursor < booking_count && bookings[cursor].start < from)
            cursor++;
        long booked = 0;
        uint64_t skills = 0;
        for (size_t b = cursor; b < booking_count && bookings[b].start < to; b++) {
            booked += (long)bookings[b].minutes * sched_booking_weight(&bookings[b]);
            if (bookings[b].service >= 0)
                skills |= 1ull << bookings[b].service;
        }
        int window_minutes = w->end - w->start;
        int needed = booked > 0 ? (int)((booked + window_minutes - 1) / window_minutes) +
                                      rules->walk_in_margin
                                : 0;
        if (needed < rules->min_staff[duty])
            needed = rules->min_staff[duty];
        d[k++] = (struct sched_demand){open[i].day, open[i].window, duty, needed, skills};
    }
    free(open);
    *out = d;
    *count = k;
    return FH_OK;
}

/* ---- the solver's state ---------------------------------------------------- */

struct solver {
    const struct sched_roster_rules *rules;
    const struct sched_staff *staff;
    int ns;
    const struct sched_demand *demand;
    int nd;
    fh_day lo, hi; /* days held, with a week's margin for runs of days */
    int ndays;
    bool *working;      /* [day]: a working day by the calendar */
    bool *leave;        /* [staff][day] */
    uint8_t *duty_bits; /* [staff][day]: duties taken that day */
    bool *assigned;     /* [demand][staff] */
    bool *forbidden;    /* [demand][staff] */
    bool *pinned;       /* [demand][staff] */
    int *count;         /* [demand]: staff assigned */
    int *pref;          /* [demand][staff]: preference weight */
    int *load, *duties, *comp;
};

#define AT(sv, a, b, n) ((size_t)(a) * (size_t)(n) + (size_t)(b))

static int cap_of(const struct solver *sv, int s)
{
    return sv->staff[s].max_duties > 0 ? sv->staff[s].max_duties : sv->rules->max_duties_per_month;
}

static bool worked(const struct solver *sv, int s, int di)
{
    return (sv->working[di] && !sv->leave[AT(sv, s, di, sv->ndays)]) ||
           sv->duty_bits[AT(sv, s, di, sv->ndays)] != 0;
}

/* Why s may not take demand d now, or NULL when it may. */
static const char *blocked(const struct solver *sv, int d, int s)
{
    const struct sched_demand *dm = &sv->demand[d];
    int di = dm->day - sv->lo;
    if (sv->assigned[AT(sv, d, s, sv->ns)])
        return "already on that duty";
    if (sv->forbidden[AT(sv, d, s, sv->ns)])
        return "banned from that duty by the manager";
    if (sv->leave[AT(sv, s, di, sv->ndays)])
        return "on leave that day";
    int cap = cap_of(sv, s);
    if (cap > 0 && sv->duties[s] >= cap)
        return "at the monthly cap of duties";
    uint8_t today = sv->duty_bits[AT(sv, s, di, sv->ndays)];
    bool flex = dm->duty == SCHED_DUTY_NOON || dm->duty == SCHED_DUTY_EVENING;
    uint8_t flex_bits = (1u << SCHED_DUTY_NOON) | (1u << SCHED_DUTY_EVENING);
    if (today != 0 && !(flex && (today & ~flex_bits) == 0 && !sv->rules->one_flex_per_day))
        return sv->rules->one_flex_per_day && flex && (today & flex_bits)
                   ? "already on noon or evening duty that day"
                   : "already on another duty that day";
    int max_run = sv->rules->max_consecutive_days;
    if (max_run > 0 && !worked(sv, s, di)) {
        int run = 1;
        for (int x = di - 1; x >= 0 && worked(sv, s, x); x--)
            run++;
        for (int x = di + 1; x < sv->ndays && worked(sv, s, x); x++)
            run++;
        if (run > max_run)
            return "over the working days in a row";
    }
    return NULL;
}

static void take(struct solver *sv, int d, int s)
{
    const struct sched_demand *dm = &sv->demand[d];
    sv->assigned[AT(sv, d, s, sv->ns)] = true;
    sv->duty_bits[AT(sv, s, dm->day - sv->lo, sv->ndays)] |= (uint8_t)(1u << dm->duty);
    sv->count[d]++;
    sv->load[s] += sv->rules->weight[dm->duty];
    sv->duties[s]++;
    sv->comp[s] += sv->rules->comp_minutes[dm->duty];
}

static void give_up(struct solver *sv, int d, int s)
{
    const struct sched_demand *dm = &sv->demand[d];
    sv->assigned[AT(sv, d, s, sv->ns)] = false;
    sv->duty_bits[AT(sv, s, dm->day - sv->lo, sv->ndays)] &= (uint8_t) ~(1u << dm->duty);
    sv->count[d]--;
    sv->load[s] -= sv->rules->weight[dm->duty];
    sv->duties[s]--;
    sv->comp[s] -= sv->rules->comp_minutes[dm->duty];
}

/* The preference weight s has for demand d (positive: likes it), worked out
 * once by solver_init: the local search asks for it at every step. */
static int preference(const struct solver *sv, int d, int s)
{
    return sv->pref[AT(sv, d, s, sv->ns)];
}

/* Lower is better: fairness first, then preferences, then the compensatory
 * time a person is already owed. */
static long cost(const struct solver *sv, int d, int s)
{
    return (long)sv->load[s] * 100 - (long)preference(sv, d, s) * 30 +
           (long)(sv->comp[s] + sv->staff[s].comp_balance) / 60;
}

static uint64_t covered(const struct solver *sv, int d)
{
    uint64_t bits = 0;
    for (int s = 0; s < sv->ns; s++)
        if (sv->assigned[AT(sv, d, s, sv->ns)])
            bits |= sv->staff[s].skills;
    return bits;
}

/* The best person for d among those with every skill in must (0: anyone),
 * or -1. */
static int best(const struct solver *sv, int d, uint64_t must)
{
    int pick = -1;
    long pick_cost = 0;
    for (int s = 0; s < sv->ns; s++) {
        if ((sv->staff[s].skills & must) != must || blocked(sv, d, s) != NULL)
            continue;
        long c = cost(sv, d, s);
        if (pick < 0 || c < pick_cost) {
            pick = s;
            pick_cost = c;
        }
    }
    return pick;
}

/* Whether instance d is short in the solver's state, and why: the one
 * judgement the solver and sched_roster_explain share. Short means fewer
 * staff than needed or a service booked there that nobody on duty handles. */
static bool shortfall(const struct solver *sv, int d, struct sched_shortfall *out)
{
    const struct sched_demand *dm = &sv->demand[d];
    uint64_t uncovered = dm->skills & ~covered(sv, d);
    if (sv->count[d] >= dm->needed && uncovered == 0)
        return false;
    out->demand = d;
    out->assigned = sv->count[d];
    out->service = -1;
    /* Who is not on it yet but could join under every hard rule (a manager's
     * edit can leave an instance short that the solver would have filled). */
    uint64_t joinable = 0;
    bool anyone = false;
    for (int s = 0; s < sv->ns; s++) {
        if (!sv->assigned[AT(sv, d, s, sv->ns)] && blocked(sv, d, s) == NULL) {
            anyone = true;
            joinable |= sv->staff[s].skills;
        }
    }
    if (uncovered != 0) {
        /* The lowest service left uncovered: the one the skills pass of the
         * solver gave up on first. */
        out->service = __builtin_ctzll(uncovered);
        out->reason = (joinable & uncovered) != 0 ? SCHED_SHORT_UNFILLED : SCHED_SHORT_NO_SKILL;
        return true;
    }
    int on_leave = 0, others = 0;
    for (int s = 0; s < sv->ns; s++) {
        if (sv->assigned[AT(sv, d, s, sv->ns)])
            continue;
        others++;
        if (sv->leave[AT(sv, s, dm->day - sv->lo, sv->ndays)] ||
            sv->forbidden[AT(sv, d, s, sv->ns)])
            on_leave++;
    }
    out->reason = anyone                ? SCHED_SHORT_UNFILLED
                  : sv->ns < dm->needed ? SCHED_SHORT_TOO_FEW_STAFF
                  : on_leave == others  ? SCHED_SHORT_ALL_ON_LEAVE
                                        : SCHED_SHORT_AT_LIMITS;
    return true;
}

static void fill(struct solver *sv, int d, struct sched_shortfall *short_out, bool *is_short)
{
    const struct sched_demand *dm = &sv->demand[d];
    /* Skills first: the rarest uncovered service decides who comes first. */
    uint64_t missing = dm->skills & ~covered(sv, d);
    while (missing != 0 && sv->count[d] < dm->needed) {
        int service = __builtin_ctzll(missing);
        int s = best(sv, d, 1ull << service);
        if (s < 0) {
            missing &= missing - 1;
            continue;
        }
        take(sv, d, s);
        missing = dm->skills & ~covered(sv, d);
    }
    while (sv->count[d] < dm->needed) {
        int s = best(sv, d, 0);
        if (s < 0)
            break;
        take(sv, d, s);
    }
    *is_short = shortfall(sv, d, short_out);
}

/* ---- local search ---------------------------------------------------------- */

/* What the local search minimises, compared in this order: the fairness term
 * (sum of squared weighted loads, which narrows the spread, less the
 * preferences honoured), then the spread of compensatory time owed (sum of
 * its squares), so that among equally fair rosters the duties go to who is
 * owed least. A move is taken only when it lowers this, so the search cannot
 * cycle. */
struct gain {
    long fair, comp;
};

static bool better(struct gain g)
{
    return g.fair < 0 || (g.fair == 0 && g.comp < 0);
}

static long owed(const struct solver *sv, int s)
{
    return (long)sv->comp[s] + sv->staff[s].comp_balance;
}

/* The change in sum(x^2) when x_a loses delta and x_b gains it. */
static long squares_change(long xa, long xb, long delta)
{
    return 2 * delta * (xb - xa) + 2 * delta * delta;
}

/* b takes demand d from a. */
static struct gain move_gain(const struct solver *sv, int d, int a, int b)
{
    enum sched_duty duty = sv->demand[d].duty;
    return (struct gain){squares_change(sv->load[a], sv->load[b], sv->rules->weight[duty]) * 100 -
                             (long)(preference(sv, d, b) - preference(sv, d, a)) * 30,
                         squares_change(owed(sv, a), owed(sv, b), sv->rules->comp_minutes[duty])};
}

/* a hands d1 to b and takes d2 from b. */
static struct gain swap_gain(const struct solver *sv, int d1, int a, int d2, int b)
{
    enum sched_duty u1 = sv->demand[d1].duty, u2 = sv->demand[d2].duty;
    long dw = sv->rules->weight[u1] - sv->rules->weight[u2];
    long dc = sv->rules->comp_minutes[u1] - sv->rules->comp_minutes[u2];
    return (struct gain){squares_change(sv->load[a], sv->load[b], dw) * 100 -
                             (long)(preference(sv, d2, a) + preference(sv, d1, b) -
                                    preference(sv, d1, a) - preference(sv, d2, b)) *
                                 30,
                         squares_change(owed(sv, a), owed(sv, b), dc)};
}

/* Whether the skills booked at d that were covered before (need) still are. */
static bool keeps_skills(const struct solver *sv, int d, uint64_t need)
{
    return (covered(sv, d) & need) == need;
}

static bool movable(const struct solver *sv, int d, int s)
{
    return sv->assigned[AT(sv, d, s, sv->ns)] && !sv->pinned[AT(sv, d, s, sv->ns)];
}

/* Gives d from a to b when every hard rule allows it; false leaves the roster
 * as it was. */
static bool try_move(struct solver *sv, int d, int a, int b)
{
    uint64_t need = sv->demand[d].skills & covered(sv, d);
    give_up(sv, d, a);
    if (blocked(sv, d, b) == NULL) {
        take(sv, d, b);
        if (keeps_skills(sv, d, need))
            return true;
        give_up(sv, d, b);
    }
    take(sv, d, a);
    return false;
}

/* a and b exchange d1 (a's) and d2 (b's) when every hard rule allows it. */
static bool try_swap(struct solver *sv, int d1, int a, int d2, int b)
{
    if (sv->assigned[AT(sv, d2, a, sv->ns)] || sv->assigned[AT(sv, d1, b, sv->ns)])
        return false;
    uint64_t need1 = sv->demand[d1].skills & covered(sv, d1);
    uint64_t need2 = sv->demand[d2].skills & covered(sv, d2);
    give_up(sv, d1, a);
    give_up(sv, d2, b);
    bool a_in = blocked(sv, d2, a) == NULL;
    if (a_in)
        take(sv, d2, a);
    bool b_in = a_in && blocked(sv, d1, b) == NULL;
    if (b_in)
        take(sv, d1, b);
    if (b_in && keeps_skills(sv, d1, need1) && keeps_skills(sv, d2, need2))
        return true;
    if (b_in)
        give_up(sv, d1, b);
    if (a_in)
        give_up(sv, d2, a);
    take(sv, d2, b);
    take(sv, d1, a);
    return false;
}

struct candidate {
    int staff;
    struct gain gain;
};

static bool candidate_before(const struct candidate *x, const struct candidate *y)
{
    if (x->gain.fair != y->gain.fair)
        return x->gain.fair < y->gain.fair;
    if (x->gain.comp != y->gain.comp)
        return x->gain.comp < y->gain.comp;
    return x->staff < y->staff;
}

/* One pass of single moves: each duty goes to whoever gains most by taking
 * it among those the hard rules allow. The rules are checked only for the
 * candidates that would gain, best first, as they cost the most. */
static bool move_pass(struct solver *sv, struct candidate *cand)
{
    bool changed = false;
    for (int d = 0; d < sv->nd; d++) {
        for (int a = 0; a < sv->ns; a++) {
            if (!movable(sv, d, a))
                continue;
            int n = 0;
            for (int b = 0; b < sv->ns; b++) {
                if (b == a || sv->assigned[AT(sv, d, b, sv->ns)])
                    continue;
                struct candidate c = {b, move_gain(sv, d, a, b)};
                if (!better(c.gain))
                    continue;
                int j = n++;
                while (j > 0 && candidate_before(&c, &cand[j - 1])) {
                    cand[j] = cand[j - 1];
                    j--;
                }
                cand[j] = c;
            }
            for (int i = 0; i < n; i++) {
                if (try_move(sv, d, a, cand[i].staff)) {
                    changed = true;
                    break;
                }
            }
        }
    }
    return changed;
}

/* One pass of exchanges: two people trade one duty each. This balances what
 * single moves cannot: a Saturday (weight 2) against a noon (weight 1), or a
 * duty the lighter person cannot add that day but can take in exchange for
 * one they hold. */
static bool swap_pass(struct solver *sv, struct sched_assignment *held, const bool *has_prefs)
{
    int n = 0;
    for (int d = 0; d < sv->nd; d++)
        for (int s = 0; s < sv->ns; s++)
            if (movable(sv, d, s))
                held[n++] = (struct sched_assignment){d, s};
    bool changed = false;
    for (int i = 0; i < n; i++) {
        for (int j = i + 1; j < n; j++) {
            int d1 = held[i].demand, a = held[i].staff, d2 = held[j].demand, b = held[j].staff;
            if (a == b || d1 == d2)
                continue;
            enum sched_duty u1 = sv->demand[d1].duty, u2 = sv->demand[d2].duty;
            /* Most pairs trade like for like with nothing to gain. */
            if (sv->rules->weight[u1] == sv->rules->weight[u2] &&
                sv->rules->comp_minutes[u1] == sv->rules->comp_minutes[u2] && !has_prefs[a] &&
                !has_prefs[b])
                continue;
            if (!better(swap_gain(sv, d1, a, d2, b)) || !try_swap(sv, d1, a, d2, b))
                continue;
            held[i].staff = b;
            held[j].staff = a;
            changed = true;
        }
    }
    return changed;
}

/* Single moves and exchanges until neither improves the roster; every step
 * lowers the objective, and the rounds are bounded all the same. */
static void improve(struct solver *sv)
{
    size_t slots = 0;
    for (int d = 0; d < sv->nd; d++)
        slots += (size_t)sv->count[d];
    struct candidate *cand = fh_calloc((size_t)sv->ns + 1, sizeof *cand);
    struct sched_assignment *held = fh_calloc(slots + 1, sizeof *held);
    bool *has_prefs = fh_calloc((size_t)sv->ns + 1, sizeof *has_prefs);
    for (int s = 0; s < sv->ns; s++)
        has_prefs[s] = sv->staff[s].pref_count > 0;
    for (int round = 0; round < 32; round++) {
        bool moved = move_pass(sv, cand);
        bool swapped = swap_pass(sv, held, has_prefs);
        if (!moved && !swapped)
            break;
    }
    free(cand);
    free(held);
    free(has_prefs);
}

static void solver_free(struct solver *sv)
{
    free(sv->working);
    free(sv->leave);
    free(sv->duty_bits);
    free(sv->assigned);
    free(sv->forbidden);
    free(sv->pinned);
    free(sv->count);
    free(sv->pref);
    free(sv->load);
    free(sv->duties);
    free(sv->comp);
}

static void solver_init(struct solver *sv, const struct sched_office *office,
                        const struct sched_calendar *cal, const struct sched_roster_rules *rules,
                        const struct sched_staff *staff, size_t ns,
                        const struct sched_demand *demand, size_t nd)
{
    memset(sv, 0, sizeof *sv);
    sv->rules = rules;
    sv->staff = staff;
    sv->ns = (int)ns;
    sv->demand = demand;
    sv->nd = (int)nd;
    fh_day lo = nd ? demand[0].day : 0, hi = lo;
    for (size_t i = 0; i < nd; i++) {
        if (demand[i].day < lo)
            lo = demand[i].day;
        if (demand[i].day > hi)
            hi = demand[i].day;
    }
    sv->lo = lo - 7;
    sv->hi = hi + 7;
    sv->ndays = sv->hi - sv->lo + 1;
    struct sched_days days;
    sched_days_build(&days, office, cal, sv->lo, sv->hi);
    sv->working = fh_calloc((size_t)sv->ndays, sizeof *sv->working);
    for (int i = 0; i < sv->ndays; i++)
        sv->working[i] = days.info[sv->lo + i - days.lo].working;
    sched_days_free(&days);
    sv->leave = fh_calloc(ns * (size_t)sv->ndays, sizeof *sv->leave);
    for (size_t s = 0; s < ns; s++)
        for (size_t k = 0; k < staff[s].leave_count; k++)
            if (staff[s].leave[k] >= sv->lo && staff[s].leave[k] <= sv->hi)
                sv->leave[AT(sv, s, staff[s].leave[k] - sv->lo, sv->ndays)] = true;
    sv->duty_bits = fh_calloc(ns * (size_t)sv->ndays, 1);
    sv->assigned = fh_calloc(nd * ns, sizeof *sv->assigned);
    sv->forbidden = fh_calloc(nd * ns, sizeof *sv->forbidden);
    sv->pinned = fh_calloc(nd * ns, sizeof *sv->pinned);
    sv->count = fh_calloc(nd, sizeof *sv->count);
    sv->pref = fh_calloc(nd * ns, sizeof *sv->pref);
    for (size_t d = 0; d < nd; d++) {
        int wd = fh_weekday(demand[d].day);
        for (size_t s = 0; s < ns; s++)
            for (size_t i = 0; i < staff[s].pref_count; i++) {
                const struct sched_preference *p = &staff[s].prefs[i];
                if ((p->weekday == 0 || p->weekday == wd) &&
                    (p->duty == SCHED_DUTY_NONE || p->duty == (int)demand[d].duty))
                    sv->pref[AT(sv, d, s, ns)] += p->weight;
            }
    }
    sv->load = fh_calloc(ns, sizeof *sv->load);
    sv->duties = fh_calloc(ns, sizeof *sv->duties);
    sv->comp = fh_calloc(ns, sizeof *sv->comp);
}

/* Scarce instances first: fewest people who could take them, heavier duties
 * before lighter, then by date. */
struct scarcity {
    const struct solver *sv;
    const int *eligible;
};

static int by_scarcity(const void *a, const void *b, void *arg)
{
    const struct scarcity *sc = arg;
    int x = *(const int *)a, y = *(const int *)b;
    const struct sched_demand *dx = &sc->sv->demand[x], *dy = &sc->sv->demand[y];
    if (sc->eligible[x] != sc->eligible[y])
        return sc->eligible[x] - sc->eligible[y];
    int wx = sc->sv->rules->weight[dx->duty], wy = sc->sv->rules->weight[dy->duty];
    if (wx != wy)
        return wy - wx;
    if (dx->day != dy->day)
        return dx->day < dy->day ? -1 : 1;
    return x - y;
}

static void tally(const struct solver *sv, struct sched_roster *out)
{
    out->load = fh_calloc((size_t)sv->ns, sizeof *out->load);
    out->duties = fh_calloc((size_t)sv->ns, sizeof *out->duties);
    out->comp = fh_calloc((size_t)sv->ns, sizeof *out->comp);
    memcpy(out->load, sv->load, (size_t)sv->ns * sizeof *out->load);
    memcpy(out->duties, sv->duties, (size_t)sv->ns * sizeof *out->duties);
    memcpy(out->comp, sv->comp, (size_t)sv->ns * sizeof *out->comp);

    /* The spread counts the people in the rota: anyone who could have taken
     * at least one of the month's duties. */
    long total = 0;
    int in_rota = 0, lo = 0, hi = 0;
    for (int s = 0; s < sv->ns; s++) {
        bool could = false;
        for (int d = 0; d < sv->nd && !could; d++)
            could = !sv->leave[AT(sv, s, sv->demand[d].day - sv->lo, sv->ndays)] &&
                    !sv->forbidden[AT(sv, d, s, sv->ns)];
        if (!could)
            continue;
        if (in_rota == 0 || sv->load[s] < lo)
            lo = sv->load[s];
        if (in_rota == 0 || sv->load[s] > hi)
            hi = sv->load[s];
        in_rota++;
        total += sv->load[s];
    }
    out->spread = hi - lo;
    /* Integer loads summing to total over in_rota people differ by at least
     * one unless total divides evenly. */
    out->spread_bound = in_rota > 0 && total % in_rota != 0 ? 1 : 0;

    for (int s = 0; s < sv->ns; s++) {
        for (size_t p = 0; p < sv->staff[s].pref_count; p++) {
            const struct sched_preference *pr = &sv->staff[s].prefs[p];
            int matching = 0, taken = 0;
            for (int d = 0; d < sv->nd; d++) {
                const struct sched_demand *dm = &sv->demand[d];
                if ((pr->weekday != 0 && pr->weekday != fh_weekday(dm->day)) ||
                    (pr->duty != SCHED_DUTY_NONE && pr->duty != (int)dm->duty))
                    continue;
                matching++;
                taken += sv->assigned[AT(sv, d, s, sv->ns)];
            }
            if (matching == 0 || pr->weight == 0)
                continue;
            out->prefs_total++;
            if (pr->weight > 0 ? taken > 0 : taken == 0)
                out->prefs_honoured++;
        }
    }
}

fh_result sched_roster_solve(const struct sched_office *office, const struct sched_calendar *cal,
                             const struct sched_roster_rules *rules,
                             const struct sched_staff *staff, size_t staff_count,
                             const struct sched_demand *demand, size_t demand_count,
                             const struct sched_pin *pins, size_t pin_count,
                             struct sched_roster *out, char *err, size_t errlen)
{
    struct solver sv;
    memset(out, 0, sizeof *out);
    solver_init(&sv, office, cal, rules, staff, staff_count, demand, demand_count);
    fh_result r = FH_OK;

    for (size_t p = 0; p < pin_count; p++) {
        int d = pins[p].demand, s = pins[p].staff;
        if (d < 0 || d >= sv.nd || s < 0 || s >= sv.ns) {
            r = fh_fail(err, errlen, FH_EINVAL, "pins[%zu]: no such duty or person", p);
            goto done;
        }
        if (pins[p].forbid)
            sv.forbidden[AT(&sv, d, s, sv.ns)] = true;
    }
    for (size_t p = 0; p < pin_count; p++) {
        int d = pins[p].demand, s = pins[p].staff;
        if (pins[p].forbid)
            continue;
        const char *why = blocked(&sv, d, s);
        if (why != NULL) {
            char date[FH_DATE_LEN];
            fh_format_date(demand[d].day, date);
            r = fh_fail(err, errlen, FH_EINVAL, "pins[%zu]: %s cannot take the %s duty of %s: %s",
                        p, staff[s].id, sched_duty_name(demand[d].duty), date, why);
            goto done;
        }
        take(&sv, d, s);
        sv.pinned[AT(&sv, d, s, sv.ns)] = true;
    }

    int *order = fh_calloc((size_t)sv.nd, sizeof *order);
    int *eligible = fh_calloc((size_t)sv.nd, sizeof *eligible);
    for (int d = 0; d < sv.nd; d++) {
        order[d] = d;
        for (int s = 0; s < sv.ns; s++)
            eligible[d] += !sv.leave[AT(&sv, s, demand[d].day - sv.lo, sv.ndays)] &&
                           !sv.forbidden[AT(&sv, d, s, sv.ns)];
    }
    struct scarcity sc = {&sv, eligible};
    qsort_r(order, (size_t)sv.nd, sizeof *order, by_scarcity, &sc);
    for (int i = 0; i < sv.nd; i++) {
        struct sched_shortfall sf;
        bool is_short;
        fill(&sv, order[i], &sf, &is_short);
    }
    free(order);
    free(eligible);

    improve(&sv);

    /* Shortfalls are judged on the final roster, in date order. */
    size_t cap = 0;
    for (int d = 0; d < sv.nd; d++) {
        struct sched_shortfall sf;
        bool is_short;
        fill(&sv, d, &sf, &is_short); /* tops up what the moves freed */
        if (is_short) {
            out->shortfalls =
                fh_grow(out->shortfalls, sizeof *out->shortfalls, &cap, out->shortfall_count + 1);
            out->shortfalls[out->shortfall_count++] = sf;
        }
    }
    cap = 0;
    for (int d = 0; d < sv.nd; d++)
        for (int s = 0; s < sv.ns; s++)
            if (sv.assigned[AT(&sv, d, s, sv.ns)]) {
                out->assignments = fh_grow(out->assignments, sizeof *out->assignments, &cap,
                                           out->assignment_count + 1);
                out->assignments[out->assignment_count++] = (struct sched_assignment){d, s};
            }
    tally(&sv, out);
done:
    solver_free(&sv);
    return r;
}

void sched_roster_free(struct sched_roster *roster)
{
    free(roster->assignments);
    free(roster->shortfalls);
    free(roster->load);
    free(roster->duties);
    free(roster->comp);
    memset(roster, 0, sizeof *roster);
}

fh_result sched_roster_check(const struct sched_office *office, const struct sched_calendar *cal,
                             const struct sched_roster_rules *rules,
                             const struct sched_staff *staff, size_t staff_count,
                             const struct sched_demand *demand, size_t demand_count,
                             const struct sched_assignment *assignments, size_t count, char *err,
                             size_t errlen)
{
    struct solver sv;
    solver_init(&sv, office, cal, rules, staff, staff_count, demand, demand_count);
    fh_result r = FH_OK;
    for (size_t i = 0; i < count && r == FH_OK; i++) {
        int d = assignments[i].demand, s = assignments[i].staff;
        if (d < 0 || d >= sv.nd || s < 0 || s >= sv.ns) {
            r = fh_fail(err, errlen, FH_EINVAL, "assignments[%zu]: no such duty or person", i);
            break;
        }
        const char *why = blocked(&sv, d, s);
        if (why != NULL) {
            char date[FH_DATE_LEN];
            fh_format_date(demand[d].day, date);
            r = fh_fail(err, errlen, FH_EINVAL, "%s cannot take the %s duty of %s: %s", staff[s].id,
                        sched_duty_name(demand[d].duty), date, why);
            break;
        }
        take(&sv, d, s);
    }
    solver_free(&sv);
    return r;
}

/* Takes the given assignments into a fresh solver state, without judging
 * them: a stored roster may break a rule that changed since, and still needs
 * explaining. A repeated assignment counts once. */
static fh_result solver_load(struct solver *sv, const struct sched_assignment *assignments,
                             size_t count)
{
    for (size_t i = 0; i < count; i++) {
        int d = assignments[i].demand, s = assignments[i].staff;
        if (d < 0 || d >= sv->nd || s < 0 || s >= sv->ns)
            return FH_EINVAL;
        if (!sv->assigned[AT(sv, d, s, sv->ns)])
            take(sv, d, s);
    }
    return FH_OK;
}

fh_result sched_roster_explain(const struct sched_office *office, const struct sched_calendar *cal,
                               const struct sched_roster_rules *rules,
                               const struct sched_staff *staff, size_t staff_count,
                               const struct sched_demand *demand, size_t demand_count,
                               const struct sched_assignment *assignments, size_t count,
                               struct sched_shortfall **out, size_t *out_count)
{
    struct solver sv;
    *out = NULL;
    *out_count = 0;
    solver_init(&sv, office, cal, rules, staff, staff_count, demand, demand_count);
    fh_result r = solver_load(&sv, assignments, count);
    size_t cap = 0;
    for (int d = 0; d < sv.nd && r == FH_OK; d++) {
        struct sched_shortfall sf;
        if (!shortfall(&sv, d, &sf))
            continue;
        *out = fh_grow(*out, sizeof **out, &cap, *out_count + 1);
        (*out)[(*out_count)++] = sf;
    }
    solver_free(&sv);
    return r;
}

int sched_roster_pick(const struct sched_office *office, const struct sched_calendar *cal,
                      const struct sched_roster_rules *rules, const struct sched_staff *staff,
                      size_t staff_count, const struct sched_demand *demand, size_t demand_count,
                      const struct sched_assignment *assignments, size_t count, int d)
{
    if (d < 0 || (size_t)d >= demand_count)
        return -1;
    struct solver sv;
    solver_init(&sv, office, cal, rules, staff, staff_count, demand, demand_count);
    int pick = -1;
    if (solver_load(&sv, assignments, count) != FH_OK)
        goto done;
    uint64_t missing = demand[d].skills & ~covered(&sv, d);
    int pick_covers = 0, pick_pref = 0;
    for (int s = 0; s < sv.ns; s++) {
        if (blocked(&sv, d, s) != NULL)
            continue;
        int covers = __builtin_popcountll(staff[s].skills & missing);
        int pref = preference(&sv, d, s);
        if (pick < 0 || covers > pick_covers ||
            (covers == pick_covers &&
             (sv.load[s] < sv.load[pick] || (sv.load[s] == sv.load[pick] && pref > pick_pref)))) {
            pick = s;
            pick_covers = covers;
            pick_pref = pref;
        }
    }
done:
    solver_free(&sv);
    return pick;
}

int sched_duty_comp(const struct sched_office *office, const struct sched_calendar *cal,
                    const struct sched_roster_rules *rules, fh_day day, enum sched_duty duty)
{
    if ((unsigned)duty >= SCHED_DUTY_COUNT)
        return 0;
    struct sched_day_info info;
    sched_day_info(office, cal, day, &info);
    return info.closed ? 0 : rules->comp_minutes[duty];
}
