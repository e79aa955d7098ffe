/* MDL001 unused-noqa: a `# noqa: MDLnnn` comment that suppresses nothing. Codes MDL0nn are
 * modal-lint's own rules: they follow no catalogue entry (their entry is "-") and never warn about
 * a Modal version. The work happens in noqa.c, which alone knows which comments suppressed
 * something; the walker calls it after filtering, so this rule needs no node kinds. */
#include "rules.h"

const ml__rule_impl ml__rule_mdl001 = {
    .info =
        {
            .code = "MDL001",
            .slug = "unused-noqa",
            .title = "A `# noqa` comment names modal-lint codes that suppress nothing",
            .entry = "-",
            .guide_section = NULL,
            .fixable = ML_FIXABLE_SAFE,
            .deprecated_in = NULL,
            .removed_in = NULL,
            .doc =
                "## What it does\n"
                "Finds `# noqa: ...` comments that name modal-lint rules (`MDL112` or its slug "
                "`autoscaler-param-rename`) which reported nothing on that line, and codes in the "
                "`MDLnnn` shape that name no rule at all.\n\n"
                "## Why is this bad?\n"
                "A suppression outlives the code it was written for. Once the deprecated call is "
                "migrated, the comment keeps silencing the rule on that line: the next deprecated "
                "call written there goes unreported.\n\n"
                "## Example\n"
                "```python\n"
                "@app.function(min_containers=1)  # noqa: MDL112\n"
                "```\n"
                "Use instead:\n"
                "```python\n"
                "@app.function(min_containers=1)\n"
                "```\n\n"
                "## What is left alone\n"
                "- A bare `# noqa`, and codes of other tools (`E501`, `F401`): the fix keeps them, "
                "so `# noqa: E501, MDL112` becomes `# noqa: E501`.\n"
                "- Codes of rules that did not run on the file: rules left out by `--select`, "
                "`--ignore` or `--target-version`, rules for another kind of file, and MDL111 when "
                "the file has no project around it.\n"
                "- A comment that lists `MDL001` itself.\n\n"
                "## Fix safety\n"
                "Safe: removing a code that suppressed nothing changes no other finding. The fix "
                "removes the unused codes, or the whole directive when no code is left.\n\n"
                "## Codes MDL0nn\n"
                "MDL1nn and MDL2nn follow entries of the deprecation catalogue. MDL0nn are "
                "modal-lint's own rules, about modal-lint itself; they have no catalogue entry and "
                "no Modal version.\n",
        },
};
