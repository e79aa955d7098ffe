/* The rule registry: every check modal-lint knows, with the facts front ends show about it.
 *
 * Codes are stable: MDL1nn is entry A-nn of the catalogue (the Modal 1.0 migration guide), MDL2nn is
 * entry B-nn. MDL0nn are modal-lint's own rules (entry "-"), such as MDL001 unused-noqa. Every rule can also be named by its slug ("autoscaler-param-rename"). */
#ifndef MODALLINT_RULE_H
#define MODALLINT_RULE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "modallint/version.h"

/* Which fixes a rule can offer; a rule may offer safe fixes for some findings and unsafe ones for
 * others. 0 means it only reports. */
enum {
  ML_FIXABLE_SAFE = 1,
  ML_FIXABLE_UNSAFE = 2
};

typedef enum ml_severity {
  ML_SEVERITY_WARNING = 1, /* deprecated, still works at the target version */
  ML_SEVERITY_ERROR = 2    /* removed (or an error) at or before the target version */
} ml_severity;

typedef struct ml_rule {
  const char *code;          /* "MDL112" */
  const char *slug;          /* "autoscaler-param-rename" */
  const char *title;         /* one line: what is deprecated and what replaces it */
  const char *entry;         /* catalogue entry, "A-12" */
  const char *guide_section; /* migration guide section, or NULL outside the guide */
  unsigned fixable;          /* ML_FIXABLE_* bits */
  const char *deprecated_in; /* first version that warns, or NULL when it never warned */
  const char *removed_in;    /* first version that fails, or NULL while it still works */
  const char *doc;           /* Markdown: what, why, before/after, fix safety */
} ml_rule;

/* The registry, in code order. Pointers stay valid for the life of the process. */
size_t ml_rule_count(void);
const ml_rule *ml_rule_at(size_t index);
size_t ml_rule_index(const ml_rule *rule);

/* A rule by code ("MDL112", case-insensitive) or slug; NULL when there is none. */
const ml_rule *ml_rule_find(const char *code_or_slug);

/* ML_SEVERITY_ERROR when the rule's pattern is removed at or before `target`, else a warning. */
ml_severity ml_rule_severity(const ml_rule *rule, ml_version target);

/* True when upgrading to `target` runs into the rule's pattern: it warns (or was removed) at or
 * before `target`. Rules without versions always apply. */
bool ml_rule_applies_to(const ml_rule *rule, ml_version target);

/* Where a user reads more about the rule's pattern: Modal's migration guide for MDL1nn rules, Modal's
 * changelog for MDL2nn, modal-lint's README for its own MDL0nn rules. Static storage; never NULL. */
const char *ml_rule_url(const ml_rule *rule);

/* A set of rules, as --select and --ignore build it. */
#define ML_MAX_RULES 256
typedef struct ml_rule_set {
  uint64_t bits[ML_MAX_RULES / 64];
} ml_rule_set;

void ml_rule_set_clear(ml_rule_set *set);
void ml_rule_set_fill(ml_rule_set *set);
bool ml_rule_set_has(const ml_rule_set *set, const ml_rule *rule);

/* Adds (enable) or removes the rules a selector names: "ALL", a code, a code prefix ("MDL1",
 * "MDL11") or a slug. Returns ML_EINVAL when the selector names no rule. */
int ml_rule_set_apply(ml_rule_set *set, const char *selector, bool enable);

#endif
