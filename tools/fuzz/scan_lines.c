/*
 * scan_lines: reads onset phrases, one a line, from standard input with the
 * scanner alone (no R) and prints each answer; with -r N it reads them all
 * N times and prints only a count, for profiling:
 *   make -C tools/fuzz scan_lines
 *   printf 'after the second infusion\n3/52\n' | tools/fuzz/scan_lines
 *   valgrind --tool=callgrind tools/fuzz/scan_lines -r 200 < phrases.txt
 */
#include "onset_scan.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_LINE 65536

static const char *statuses[] = {"read", "not_reported", "unreadable", "vague",
                                 "no_response"};
static const char *units[] = {"NA", "days", "infusions", "courses"};

int main(int argc, char **argv)
{
    long reps = argc == 3 && strcmp(argv[1], "-r") == 0 ? atol(argv[2]) : 0;
    size_t cap = 1024, n = 0;
    char **lines = malloc(cap * sizeof *lines);
    size_t *lens = malloc(cap * sizeof *lens);
    char *buf = malloc(MAX_LINE);
    void *scratch = malloc(cp_onset_scratch(MAX_LINE));
    if (!lines || !lens || !buf || !scratch)
        return 1;
    while (fgets(buf, MAX_LINE, stdin)) {
        size_t len = strlen(buf);
        if (len && buf[len - 1] == '\n')
            buf[--len] = '\0';
        if (n == cap) {
            cap *= 2;
            lines = realloc(lines, cap * sizeof *lines);
            lens = realloc(lens, cap * sizeof *lens);
            if (!lines || !lens)
                return 1;
        }
        lines[n] = malloc(len + 1);
        if (!lines[n])
            return 1;
        memcpy(lines[n], buf, len + 1);
        lens[n++] = len;
    }
    cp_onset o;
    if (reps > 0) {
        long read = 0;
        for (long r = 0; r < reps; r++)
            for (size_t i = 0; i < n; i++)
                read += cp_onset_scan(lines[i], lens[i], scratch, &o) == CP_ONSET_READ;
        printf("%zu phrases x %ld: %ld read\n", n, reps, read);
        return 0;
    }
    for (size_t i = 0; i < n; i++) {
        int st = cp_onset_scan(lines[i], lens[i], scratch, &o);
        if (st == CP_ONSET_READ)
            printf("%s\tread\t%.10g\t%.10g\t%s\t%g\n", lines[i], o.lower, o.upper,
                   units[o.unit], o.from);
        else
            printf("%s\t%s\n", lines[i], statuses[st]);
    }
    return 0;
}
