/* What every rule file needs: the rule interface, and the declarations generated from
 * checks/rules/LIST (each rule's `ml__rule_mdlnnn`, and `ML__RULE_INFO_MDLnnn`, its `.info` from
 * the front matter of docs/rules/MDLnnn.md). */
#ifndef ML_RULES_H
#define ML_RULES_H

#include "../rule_impl.h"
#include "rule_list.h"

#endif
