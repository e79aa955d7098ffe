#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "modallint/error.h"
#include "modallint/rule.h"
#include "rule_impl.h"
#include "rules/rules.h"

/* In code order; `modal-lint rules` and the README table list them so. */
const ml__rule_impl *const ml__rules[] = {
    &ml__rule_mdl001,
    &ml__rule_mdl101,
    &ml__rule_mdl102,
    &ml__rule_mdl103,
    &ml__rule_mdl104,
    &ml__rule_mdl105,
    &ml__rule_mdl106,
    &ml__rule_mdl107,
    &ml__rule_mdl108,
    &ml__rule_mdl109,
    &ml__rule_mdl110,
    &ml__rule_mdl111,
    &ml__rule_mdl112,
    &ml__rule_mdl113,
    &ml__rule_mdl114,
    &ml__rule_mdl115,
    &ml__rule_mdl116,
    &ml__rule_mdl117,
    &ml__rule_mdl118,
    &ml__rule_mdl119,
    &ml__rule_mdl120,
    &ml__rule_mdl121,
    &ml__rule_mdl122,
    &ml__rule_mdl123,
    &ml__rule_mdl201,
    &ml__rule_mdl202,
    &ml__rule_mdl203,
    &ml__rule_mdl204,
    &ml__rule_mdl205,
    &ml__rule_mdl206,
    &ml__rule_mdl207,
    &ml__rule_mdl208,
    &ml__rule_mdl209,
    &ml__rule_mdl210,
    &ml__rule_mdl211,
    &ml__rule_mdl212,
    &ml__rule_mdl213,
    &ml__rule_mdl214,
    &ml__rule_mdl215,
    &ml__rule_mdl216,
    &ml__rule_mdl217,
    &ml__rule_mdl218,
    &ml__rule_mdl219,
    &ml__rule_mdl220,
    &ml__rule_mdl221,
    &ml__rule_mdl222,
    &ml__rule_mdl223,
    &ml__rule_mdl224,
    &ml__rule_mdl225,
    &ml__rule_mdl226,
    &ml__rule_mdl227,
    &ml__rule_mdl228,
    &ml__rule_mdl229,
    &ml__rule_mdl230,
    &ml__rule_mdl231,
    &ml__rule_mdl232,
    &ml__rule_mdl233,
    &ml__rule_mdl234,
    &ml__rule_mdl235,
    &ml__rule_mdl236,
    &ml__rule_mdl237,
    &ml__rule_mdl238,
    &ml__rule_mdl239,
    &ml__rule_mdl240,
    &ml__rule_mdl241,
    &ml__rule_mdl242,
    &ml__rule_mdl243,
    &ml__rule_mdl244,
    &ml__rule_mdl245,
    &ml__rule_mdl246,
    &ml__rule_mdl247,
    &ml__rule_mdl248,
    &ml__rule_mdl249,
    &ml__rule_mdl250,
    &ml__rule_mdl251,
    &ml__rule_mdl252,
    &ml__rule_mdl253,
    &ml__rule_mdl254,
    &ml__rule_mdl255,
    &ml__rule_mdl256,
    &ml__rule_mdl257,
    &ml__rule_mdl258,
    &ml__rule_mdl259,
    &ml__rule_mdl260,
    &ml__rule_mdl261,
    &ml__rule_mdl262,
    &ml__rule_mdl263,
    &ml__rule_mdl264,
    &ml__rule_mdl265,
    &ml__rule_mdl266,
    &ml__rule_mdl267,
    &ml__rule_mdl268,
};
const size_t ml__rule_total = sizeof ml__rules / sizeof ml__rules[0];

_Static_assert(sizeof ml__rules / sizeof ml__rules[0] <= ML_MAX_RULES,
               "ml_rule_set has room for ML_MAX_RULES rules");

size_t ml_rule_count(void) { return ml__rule_total; }

const ml_rule *ml_rule_at(size_t index) {
  return index < ml__rule_total ? &ml__rules[index]->info : NULL;
}

size_t ml_rule_index(const ml_rule *rule) {
  for (size_t i = 0; i < ml__rule_total; i++)
    if (&ml__rules[i]->info == rule) return i;
  return ml__rule_total;
}

const ml_rule *ml_rule_find(const char *code_or_slug) {
  for (size_t i = 0; i < ml__rule_total; i++) {
    const ml_rule *rule = &ml__rules[i]->info;
    if (strcasecmp(rule->code, code_or_slug) == 0 || strcmp(rule->slug, code_or_slug) == 0)
      return rule;
  }
  return NULL;
}

ml_severity ml_rule_severity(const ml_rule *rule, ml_version target) {
  ml_version removed;
  if (rule->removed_in && ml_version_parse(rule->removed_in, &removed) == ML_OK &&
      ml_version_compare(removed, target) <= 0)
    return ML_SEVERITY_ERROR;
  return ML_SEVERITY_WARNING;
}

bool ml_rule_applies_to(const ml_rule *rule, ml_version target) {
  const char *first = rule->deprecated_in ? rule->deprecated_in : rule->removed_in;
  ml_version version;
  if (!first || ml_version_parse(first, &version) != ML_OK) return true;
  return ml_version_compare(version, target) <= 0;
}

const char *ml_rule_url(const ml_rule *rule) {
  /* MDL0nn rules are about modal-lint itself: Modal's documents say nothing about them. */
  if (rule->code[3] == '0') return ML_TOOL_URL "#suppressing-a-finding";
  if (rule->guide_section) return "https://modal.com/docs/guide/modal-1-0-migration";
  return "https://modal.com/docs/reference/changelog";
}

void ml_rule_set_clear(ml_rule_set *set) { memset(set, 0, sizeof *set); }

void ml_rule_set_fill(ml_rule_set *set) {
  ml_rule_set_clear(set);
  for (size_t i = 0; i < ml__rule_total; i++) set->bits[i / 64] |= (uint64_t)1 << (i % 64);
}

bool ml_rule_set_has(const ml_rule_set *set, const ml_rule *rule) {
  size_t i = ml_rule_index(rule);
  return i < ml__rule_total && (set->bits[i / 64] >> (i % 64) & 1);
}

static void set_bit(ml_rule_set *set, size_t i, bool enable) {
  if (enable) set->bits[i / 64] |= (uint64_t)1 << (i % 64);
  else set->bits[i / 64] &= ~((uint64_t)1 << (i % 64));
}

int ml_rule_set_apply(ml_rule_set *set, const char *selector, bool enable) {
  size_t length = strlen(selector);
  bool all = strcasecmp(selector, "ALL") == 0;
  bool matched = false;
  for (size_t i = 0; i < ml__rule_total; i++) {
    const ml_rule *rule = &ml__rules[i]->info;
    /* A prefix selects by code only ("MDL1" is a family); slugs must match whole. */
    bool hit = all || strcmp(rule->slug, selector) == 0 ||
               (length >= 3 && length <= strlen(rule->code) &&
                strncasecmp(rule->code, selector, length) == 0);
    if (!hit) continue;
    set_bit(set, i, enable);
    matched = true;
  }
  return matched ? ML_OK : ML_EINVAL;
}
