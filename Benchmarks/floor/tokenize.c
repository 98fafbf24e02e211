/*
 * The floor of an NDJSON audit: read the file and tokenize every JSON value, no more.
 *
 * Reads standard input or a file in 1 MiB blocks and counts records (lines), strings,
 * numbers, literals and punctuation with a byte-at-a-time state machine that honours
 * string escapes. It builds nothing, so any real reader costs at least this much.
 *
 *   cc -O2 -o tokenize tokenize.c && ./tokenize cohort.ndjson
 */
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
    FILE *in = argc > 1 ? fopen(argv[1], "rb") : stdin;
    if (!in) { perror(argv[1]); return 2; }
    static unsigned char block[1 << 20];
    unsigned long long lines = 0, strings = 0, numbers = 0, literals = 0, punctuation = 0, bytes = 0;
    int in_string = 0, escaped = 0, in_atom = 0;
    size_t n;
    while ((n = fread(block, 1, sizeof block, in)) > 0) {
        bytes += n;
        for (size_t i = 0; i < n; i++) {
            unsigned char c = block[i];
            if (in_string) {
                if (escaped) escaped = 0;
                else if (c == '\\') escaped = 1;
                else if (c == '"') in_string = 0;
                continue;
            }
            switch (c) {
            case '"': in_string = 1; strings++; in_atom = 0; break;
            case '{': case '}': case '[': case ']': case ':': case ',': punctuation++; in_atom = 0; break;
            case '\n': lines++; in_atom = 0; break;
            case ' ': case '\t': case '\r': in_atom = 0; break;
            default:
                if (!in_atom) {
                    if ((c >= '0' && c <= '9') || c == '-') numbers++; else literals++;
                    in_atom = 1;
                }
            }
        }
    }
    printf("%llu bytes, %llu records, %llu strings, %llu numbers, %llu literals, %llu punctuation\n",
           bytes, lines, strings, numbers, literals, punctuation);
    return 0;
}
