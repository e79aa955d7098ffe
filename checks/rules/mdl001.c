/* MDL001 unused-noqa: a `# noqa: MDLnnn` comment that suppresses nothing. Codes MDL0nn are
 * modal-lint's own rules: they follow no catalogue entry (their entry is "-") and never warn about
 * a Modal version. The work happens in noqa.c, which alone knows which comments suppressed
 * something; the walker calls it after filtering, so this rule needs no node kinds. */
#include "rules.h"

const ml__rule_impl ml__rule_mdl001 = {
    .info = ML__RULE_INFO_MDL001,
};
