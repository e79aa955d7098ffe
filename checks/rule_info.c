/* What a rule's own fields say (modallint/rule.h), its index and the rule sets: no registry here,
 * so the rules' helpers (context.c reporting, rule kits, mount ownership) can ask without
 * depending on the list that names every rule. The index comes from tables generated beside the
 * docs (rule_list.py), which name no rule. */
#include <string.h>

#include "modallint/error.h"
#include "modallint/rule.h"
#include "rule_list.h"

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

size_t ml_rule_index(const ml_rule *rule) {
  size_t low = 0, high = ml__rule_code_count;
  while (low < high) {
    size_t mid = low + (high - low) / 2;
    int c = strcmp(rule->code, ml__rule_codes[mid]);
    /* The doc tells a registered rule from another rule with its code (a test's own rule). */
    if (c == 0) return rule->doc == ml__rule_docs[mid] ? mid : ml__rule_code_count;
    if (c < 0) high = mid;
    else low = mid + 1;
  }
  return ml__rule_code_count;
}

void ml_rule_set_clear(ml_rule_set *set) { memset(set, 0, sizeof *set); }

void ml_rule_set_fill(ml_rule_set *set) {
  ml_rule_set_clear(set);
  for (size_t i = 0; i < ml__rule_code_count; i++) set->bits[i / 64] |= (uint64_t)1 << (i % 64);
}

bool ml_rule_set_has(const ml_rule_set *set, const ml_rule *rule) {
  size_t i = ml_rule_index(rule);
  return i < ml__rule_code_count && (set->bits[i / 64] >> (i % 64) & 1);
}
