/* The registry: the rules of checks/rules/LIST by index, code and slug, and the selectors that
 * edit rule sets. What a rule's own fields answer (severity, applicability, url), its index and
 * rule sets are in rule_info.c, which the rules' helpers may call without reaching the registry,
 * and through it every rule. */
#include <string.h>
#include <strings.h>

#include "modallint/error.h"
#include "modallint/rule.h"
#include "rule_impl.h"

size_t ml_rule_count(void) { return ml__rule_total; }

const ml_rule *ml_rule_at(size_t index) {
  return index < ml__rule_total ? &ml__rules[index]->info : NULL;
}

const ml_rule *ml_rule_find(const char *code_or_slug) {
  for (size_t i = 0; i < ml__rule_total; i++) {
    const ml_rule *rule = &ml__rules[i]->info;
    if (strcasecmp(rule->code, code_or_slug) == 0 || strcmp(rule->slug, code_or_slug) == 0)
      return rule;
  }
  return NULL;
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
