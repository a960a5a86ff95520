/*
 * onset_words.c: the words the onset-phrase scanner knows, and their
 * lookup.  Every other word is W_OTHER.  The table is hashed once, on the
 * first lookup, into an open-addressing index; a lookup hashes the word and
 * compares it with at most a few candidates.
 */
#include "onset_lex.h"
#include <math.h>
#include <string.h>

#define MONTH (365.25 / 12)
#define YEAR 365.25

#define TIME(t, v, f) {t, T_WORD, W_UNIT, C_TIME, DIV_NONE, f, v}
#define TIMEDIV(t, d, f) {t, T_WORD, W_UNIT, C_TIME, d, f, 1}
#define COUNT(t, c, f) {t, T_WORD, W_UNIT, c, DIV_NONE, f, 0}
#define NUM(t, v) {t, T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM, v}
#define TENS(t, v) {t, T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_TENS, v}
#define ORD(t, v) {t, T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_ORD, v}
#define WORD(t, w) {t, T_WORD, w, C_NONE, DIV_NONE, 0, 0}

static const lexeme lexemes[] = {
    /* time units: days per unit; hours and minutes divide, so 24 hours = 1 */
    TIME("day", 1, 0), TIME("days", 1, F_PLURAL), TIME("d", 1, 0),
    TIME("week", 7, 0), TIME("weeks", 7, F_PLURAL), TIME("wk", 7, 0),
    TIME("wks", 7, F_PLURAL), TIME("w", 7, 0),
    TIME("fortnight", 14, 0), TIME("fortnights", 14, F_PLURAL),
    TIME("month", MONTH, 0), TIME("months", MONTH, F_PLURAL),
    TIME("mo", MONTH, 0), TIME("mos", MONTH, F_PLURAL), TIME("mth", MONTH, 0),
    TIME("mths", MONTH, F_PLURAL),
    TIME("year", YEAR, 0), TIME("years", YEAR, F_PLURAL), TIME("yr", YEAR, 0),
    TIME("yrs", YEAR, F_PLURAL),
    TIMEDIV("hour", DIV_HOUR, 0), TIMEDIV("hours", DIV_HOUR, F_PLURAL),
    TIMEDIV("h", DIV_HOUR, 0), TIMEDIV("hr", DIV_HOUR, 0),
    TIMEDIV("hrs", DIV_HOUR, F_PLURAL),
    TIMEDIV("minute", DIV_MINUTE, 0), TIMEDIV("minutes", DIV_MINUTE, F_PLURAL),
    TIMEDIV("min", DIV_MINUTE, 0), TIMEDIV("mins", DIV_MINUTE, F_PLURAL),
    /* infusions and courses */
    COUNT("infusion", C_INF, 0), COUNT("infusions", C_INF, F_PLURAL),
    COUNT("dose", C_INF, 0), COUNT("doses", C_INF, F_PLURAL),
    COUNT("administration", C_INF, 0), COUNT("administrations", C_INF, F_PLURAL),
    COUNT("injection", C_INF, 0), COUNT("injections", C_INF, F_PLURAL),
    COUNT("treatment", C_INF, 0), COUNT("treatments", C_INF, F_PLURAL),
    COUNT("pulse", C_INF, 0), COUNT("pulses", C_INF, F_PLURAL),
    COUNT("course", C_COURSE, 0), COUNT("courses", C_COURSE, F_PLURAL),
    COUNT("cycle", C_COURSE, 0), COUNT("cycles", C_COURSE, F_PLURAL),
    /* numbers in words */
    NUM("zero", 0), NUM("one", 1), NUM("two", 2), NUM("three", 3),
    NUM("four", 4), NUM("five", 5), NUM("six", 6), NUM("seven", 7),
    NUM("eight", 8), NUM("nine", 9), NUM("ten", 10), NUM("eleven", 11),
    NUM("twelve", 12), NUM("thirteen", 13), NUM("fourteen", 14),
    NUM("fifteen", 15), NUM("sixteen", 16), NUM("seventeen", 17),
    NUM("eighteen", 18), NUM("nineteen", 19),
    TENS("twenty", 20), TENS("thirty", 30), TENS("forty", 40), TENS("fifty", 50),
    TENS("sixty", 60), TENS("seventy", 70), TENS("eighty", 80), TENS("ninety", 90),
    ORD("first", 1), ORD("second", 2), ORD("third", 3), ORD("fourth", 4),
    ORD("fifth", 5), ORD("sixth", 6), ORD("seventh", 7), ORD("eighth", 8),
    ORD("ninth", 9), ORD("tenth", 10), ORD("eleventh", 11), ORD("twelfth", 12),
    ORD("thirteenth", 13), ORD("fourteenth", 14), ORD("fifteenth", 15),
    ORD("sixteenth", 16), ORD("seventeenth", 17), ORD("eighteenth", 18),
    ORD("nineteenth", 19), ORD("twentieth", 20), ORD("thirtieth", 30),
    ORD("fortieth", 40), ORD("fiftieth", 50), ORD("sixtieth", 60),
    ORD("seventieth", 70), ORD("eightieth", 80), ORD("ninetieth", 90),
    {"half", T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_HALF | F_FRAC, 0.5},
    {"last", T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_ORD | F_LAST, INFINITY},
    {"final", T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_ORD | F_LAST, INFINITY},
    /* numbers the scanner does not read: never a silent "a" = 1 */
    {"hundred", T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_BAD, 0},
    {"thousand", T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_BAD, 0},
    {"million", T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_BAD, 0},
    {"dozen", T_NUM, W_OTHER, C_NONE, DIV_NONE, F_WORDNUM | F_BAD, 0},
    WORD("a", W_A), WORD("an", W_A), WORD("single", W_A),
    WORD("the", W_THE), WORD("of", W_OF), WORD("and", W_AND), WORD("to", W_TO),
    WORD("or", W_OR), WORD("between", W_BETWEEN),
    WORD("within", W_WITHIN), WORD("by", W_BY), WORD("up", W_UP),
    WORD("until", W_UNTIL), WORD("till", W_UNTIL), WORD("over", W_OVER),
    WORD("during", W_DURING), WORD("throughout", W_DURING),
    WORD("less", W_LESS), WORD("fewer", W_LESS), WORD("under", W_UNDER),
    WORD("before", W_BEFORE), WORD("prior", W_PRIOR),
    WORD("more", W_MORE), WORD("greater", W_MORE), WORD("longer", W_LONGER),
    WORD("later", W_LATER), WORD("thereafter", W_LATER),
    WORD("afterwards", W_LATER), WORD("than", W_THAN), WORD("beyond", W_BEYOND),
    WORD("least", W_LEAST), WORD("minimum", W_MIN), WORD("maximum", W_MAX),
    WORD("after", W_AFTER), WORD("following", W_FOLLOWING), WORD("at", W_AT),
    WORD("on", W_AT), WORD("in", W_IN), WORD("from", W_FROM),
    WORD("post", W_POST), WORD("since", W_SINCE),
    WORD("next", W_NEXT), WORD("subsequent", W_NEXT), WORD("same", W_SAME),
    WORD("initial", W_INITIAL),
    WORD("about", W_FILLER), WORD("approximately", W_FILLER),
    WORD("approx", W_FILLER), WORD("around", W_FILLER), WORD("roughly", W_FILLER),
    WORD("circa", W_FILLER), WORD("ca", W_FILLER), WORD("nearly", W_FILLER),
    WORD("almost", W_FILLER), WORD("just", W_FILLER), WORD("only", W_FILLER),
    WORD("already", W_FILLER), WORD("estimated", W_FILLER),
    WORD("period", W_FILLNOUN), WORD("space", W_FILLNOUN),
    WORD("span", W_FILLNOUN), WORD("total", W_FILLNOUN), WORD("time", W_FILLNOUN),
    WORD("overnight", W_OVERNIGHT), WORD("immediately", W_OVERNIGHT),
    WORD("immediate", W_OVERNIGHT), WORD("instantly", W_OVERNIGHT),
    WORD("morning", W_DAYPART), WORD("evening", W_DAYPART), WORD("night", W_DAYPART),
    WORD("few", W_VAGUE), WORD("several", W_VAGUE), WORD("some", W_VAGUE),
    WORD("couple", W_VAGUE), WORD("many", W_VAGUE), WORD("multiple", W_VAGUE),
    WORD("numerous", W_VAGUE), WORD("various", W_VAGUE), WORD("number", W_VAGUE),
    WORD("dozens", W_VAGUE), WORD("hundreds", W_VAGUE), WORD("thousands", W_VAGUE),
    WORD("mg", W_DOSEUNIT), WORD("mgs", W_DOSEUNIT), WORD("g", W_DOSEUNIT),
    WORD("gm", W_DOSEUNIT), WORD("gram", W_DOSEUNIT), WORD("grams", W_DOSEUNIT),
    WORD("milligram", W_DOSEUNIT), WORD("milligrams", W_DOSEUNIT),
    WORD("mcg", W_DOSEUNIT), WORD("ug", W_DOSEUNIT), WORD("microgram", W_DOSEUNIT),
    WORD("micrograms", W_DOSEUNIT), WORD("kg", W_DOSEUNIT), WORD("ml", W_DOSEUNIT),
    WORD("iu", W_DOSEUNIT), WORD("mmol", W_DOSEUNIT),
    WORD("follow", W_FOLLOW), WORD("followup", W_FOLLOWUP), WORD("fu", W_FOLLOWUP),
    WORD("visit", W_FOLLOWUP), WORD("evaluation", W_FOLLOWUP),
    WORD("assessment", W_FOLLOWUP), WORD("reassessment", W_FOLLOWUP),
    WORD("examination", W_FOLLOWUP), WORD("review", W_FOLLOWUP),
    WORD("no", W_NO), WORD("not", W_NO),
    WORD("never", W_NEG), WORD("without", W_NEG), WORD("lack", W_NEG),
    WORD("lacking", W_NEG), WORD("lacked", W_NEG), WORD("failed", W_NEG),
    WORD("fail", W_NEG), WORD("fails", W_NEG), WORD("failure", W_NEG),
    WORD("absence", W_NEG), WORD("non", W_NEG), WORD("didn", W_NEG),
    WORD("doesn", W_NEG), WORD("hasn", W_NEG), WORD("hadn", W_NEG),
    WORD("wasn", W_NEG), WORD("weren", W_NEG), WORD("isn", W_NEG),
    WORD("haven", W_NEG), WORD("don", W_NEG), WORD("nor", W_NEG),
    WORD("refractory", W_DESC), WORD("unresponsive", W_DESC),
    WORD("nonresponsive", W_DESC), WORD("nonresponder", W_DESC),
    WORD("nonresponders", W_DESC), WORD("nonresponse", W_DESC),
    WORD("ineffective", W_DESC), WORD("unchanged", W_DESC), WORD("resistant", W_DESC),
    WORD("improvement", W_RESP), WORD("improvements", W_RESP),
    WORD("improve", W_RESP), WORD("improved", W_RESP), WORD("improves", W_RESP),
    WORD("improving", W_RESP), WORD("response", W_RESP), WORD("responses", W_RESP),
    WORD("respond", W_RESP), WORD("responded", W_RESP), WORD("responds", W_RESP),
    WORD("responding", W_RESP), WORD("responsive", W_RESP),
    WORD("responder", W_RESP), WORD("responders", W_RESP),
    WORD("remission", W_RESP), WORD("benefit", W_RESP), WORD("benefited", W_RESP),
    WORD("benefitted", W_RESP), WORD("resolution", W_RESP), WORD("resolved", W_RESP),
    WORD("better", W_RESP), WORD("recovery", W_RESP), WORD("recovered", W_RESP),
    WORD("change", W_RESPN), WORD("changes", W_RESPN), WORD("changed", W_RESPN),
    WORD("effect", W_RESPN), WORD("effects", W_RESPN), WORD("efficacy", W_RESPN),
    WORD("any", W_NEGFILL), WORD("clinical", W_NEGFILL), WORD("clinically", W_NEGFILL),
    WORD("significant", W_NEGFILL), WORD("significantly", W_NEGFILL),
    WORD("further", W_NEGFILL), WORD("meaningful", W_NEGFILL),
    WORD("obvious", W_NEGFILL), WORD("apparent", W_NEGFILL), WORD("notable", W_NEGFILL),
    WORD("noticeable", W_NEGFILL), WORD("marked", W_NEGFILL),
    WORD("substantial", W_NEGFILL), WORD("radiological", W_NEGFILL),
    WORD("radiologic", W_NEGFILL), WORD("radiographic", W_NEGFILL),
    WORD("neurological", W_NEGFILL), WORD("neurologic", W_NEGFILL),
    WORD("symptomatic", W_NEGFILL), WORD("sustained", W_NEGFILL),
    WORD("objective", W_NEGFILL), WORD("evident", W_NEGFILL), WORD("visible", W_NEGFILL),
    WORD("measurable", W_NEGFILL), WORD("major", W_NEGFILL), WORD("clear", W_NEGFILL),
    WORD("show", W_NEGFILL), WORD("shows", W_NEGFILL), WORD("showed", W_NEGFILL),
    WORD("shown", W_NEGFILL), WORD("achieve", W_NEGFILL), WORD("achieved", W_NEGFILL),
    WORD("experience", W_NEGFILL), WORD("experienced", W_NEGFILL),
    WORD("have", W_NEGFILL), WORD("has", W_NEGFILL), WORD("had", W_NEGFILL),
    WORD("see", W_NEGFILL), WORD("seen", W_NEGFILL), WORD("sign", W_NEGFILL),
    WORD("signs", W_NEGFILL), WORD("evidence", W_NEGFILL), WORD("t", W_NEGFILL),
    WORD("real", W_NEGFILL), WORD("definite", W_NEGFILL), WORD("complete", W_NEGFILL),
    WORD("partial", W_NEGFILL),
    WORD("unknown", W_NRWORD), WORD("unclear", W_NRWORD), WORD("unspecified", W_NRWORD),
    WORD("unavailable", W_NRWORD), WORD("undocumented", W_NRWORD),
    WORD("unreported", W_NRWORD), WORD("missing", W_NRWORD),
    WORD("reported", W_NRPART), WORD("stated", W_NRPART), WORD("available", W_NRPART),
    WORD("specified", W_NRPART), WORD("mentioned", W_NRPART),
    WORD("documented", W_NRPART), WORD("given", W_NRPART), WORD("recorded", W_NRPART),
    WORD("known", W_NRPART), WORD("described", W_NRPART), WORD("data", W_NRPART),
};

#define N_LEXEMES (sizeof(lexemes) / sizeof(lexemes[0]))
#define MAX_WORD 16
#define SLOTS 2048 /* a power of two, over four times the number of words */

static unsigned short slot[SLOTS];     /* lexeme index + 1; 0 is empty */
static unsigned char lens[N_LEXEMES];
static int ready = 0;

static unsigned hash_word(const char *w, size_t len)
{
    unsigned h = 2166136261u;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned) ((unsigned char) w[i] | 0x20)) * 16777619u;
    return h;
}

static void build(void)
{
    for (size_t k = 0; k < N_LEXEMES; k++) {
        size_t len = strlen(lexemes[k].text);
        lens[k] = (unsigned char) len;
        unsigned h = hash_word(lexemes[k].text, len) & (SLOTS - 1);
        while (slot[h])
            h = (h + 1) & (SLOTS - 1);
        slot[h] = (unsigned short) (k + 1);
    }
    ready = 1;
}

const lexeme *cp_onset_lookup(const char *w, size_t len)
{
    if (len == 0 || len > MAX_WORD)
        return NULL;
    if (!ready)
        build();
    unsigned h = hash_word(w, len) & (SLOTS - 1);
    while (slot[h]) {
        size_t k = slot[h] - 1u;
        if (lens[k] == len) {
            const char *t = lexemes[k].text;
            size_t i = 0;
            while (i < len && (char) ((unsigned char) w[i] | 0x20) == t[i])
                i++;
            if (i == len)
                return lexemes + k;
        }
        h = (h + 1) & (SLOTS - 1);
    }
    return NULL;
}
