/* Every rule implementation, one per file in this folder. */
#ifndef ML_RULES_H
#define ML_RULES_H

#include "../rule_impl.h"

extern const ml__rule_impl ml__rule_mdl101;
extern const ml__rule_impl ml__rule_mdl102;
extern const ml__rule_impl ml__rule_mdl112;
extern const ml__rule_impl ml__rule_mdl115;
extern const ml__rule_impl ml__rule_mdl116;
extern const ml__rule_impl ml__rule_mdl118;
extern const ml__rule_impl ml__rule_mdl122;

#endif
