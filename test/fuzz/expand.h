/* Run-length expansion of a fuzzer's input, shared by the lint and config harnesses.
 *
 * The crashes hostile input finds are often about size, not shape: 65,532 unclosed brackets, a
 * table header of 100,000 dotted parts. A 4 KB input cannot spell them, so the harnesses read an
 * input that starts with the byte 0x01 through this expansion (the marker itself dropped): there,
 * the byte 0x01 followed by two bytes L and C repeats the last (L % 16) + 1 bytes of the output
 * repeat_count(C) more times, up to a total of EXPAND_MAX bytes. Everything else is copied as it
 * is (so are a 0x01 too close to the end and a repeat with less output before it).
 *
 * The marker keeps most inputs their own size: were every 0x01 a repeat, most mutated inputs would
 * grow to EXPAND_MAX, and the time would go on huge inputs of one shape (the config harness fell
 * from a thousand inputs a second to two). An input without the marker (every seed) means what it
 * always meant.
 *
 *   "\x01x = (\x01\x00\xd7"        is "x = " and 70,401 "("
 *   "\x01[a.b\x01\x01\xf0]"        is "[a" and 90,401 ".b", then "]"
 */
#ifndef FUZZ_EXPAND_H
#define FUZZ_EXPAND_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Enough for the library's limits (5,000 levels; 65,536 brackets for the runtime's child count),
 * small enough that a parse stays fast under the sanitizers: the Python scanner re-reads runs of
 * comment lines after an error, a cost quadratic in the run (a 256 KB input took 281 s under
 * ASan, 56 s natively; at 96 KB it is about a seventh of that), which libFuzzer would report as
 * a timeout in the suite's 20-second run. */
#define EXPAND_MAX (96u * 1024u)

/* Small counts are exact, for short runs; from 128 on they grow in steps of 800 up to 102,400, so
 * one mutated byte reaches the counts that matter. */
static size_t repeat_count(uint8_t c) { return c < 128 ? (size_t)c + 1 : (size_t)(c - 127) * 800; }

/* Makes room for `need` bytes and a NUL in *text; false when out of memory (*text is freed). */
static bool expand_reserve(char **text, size_t *capacity, size_t need) {
  if (need <= *capacity) return true;
  size_t grown_capacity = *capacity * 2 > need ? *capacity * 2 : need;
  char *grown = realloc(*text, grown_capacity + 1);
  if (!grown) {
    free(*text);
    return false;
  }
  *text = grown;
  *capacity = grown_capacity;
  return true;
}

/* The expansion of data[0..size) into a malloc'd, NUL-terminated buffer (*out, *out_size);
 * returns false when out of memory. */
static bool fuzz_expand(const uint8_t *data, size_t size, char **out, size_t *out_size) {
  bool expanding = size > 0 && data[0] == 0x01;
  if (expanding) {
    data++;
    size--;
  }
  size_t capacity = size < EXPAND_MAX ? size : EXPAND_MAX;
  size_t n = 0;
  char *text = malloc(capacity + 1);
  if (!text) return false;
  for (size_t i = 0; i < size && n < EXPAND_MAX; i++) {
    size_t unit = i + 2 < size ? (size_t)(data[i + 1] % 16) + 1 : 0;
    if (!expanding || data[i] != 0x01 || unit == 0 || unit > n) {
      if (!expand_reserve(&text, &capacity, n + 1)) return false;
      text[n++] = (char)data[i];
      continue;
    }
    size_t extra = unit * repeat_count(data[i + 2]);
    if (extra > EXPAND_MAX - n) extra = EXPAND_MAX - n;
    if (!expand_reserve(&text, &capacity, n + extra)) return false;
    /* Byte by byte from `unit` back: the copy overlaps what it writes, as in LZ77. */
    for (size_t k = 0; k < extra; k++, n++) text[n] = text[n - unit];
    i += 2;
  }
  text[n] = '\0';
  *out = text;
  *out_size = n;
  return true;
}

#endif
