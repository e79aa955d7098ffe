/* What a rule's own fields say (modallint/rule.h): no registry here, so the rules' helpers
 * (context.c reporting, rule kits) can ask without depending on the list that names every rule. */
#include "modallint/error.h"
#include "modallint/rule.h"

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
