/* What every rule file needs: the rule interface, and the declarations generated from
 * checks/rules/LIST (each rule's `ml__rule_mdlnnn`, and the `ml__doc_mdlnnn` its `.doc` names). */
#ifndef ML_RULES_H
#define ML_RULES_H

#include "../rule_impl.h"
#include "rule_list.h"

#endif
