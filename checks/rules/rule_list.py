#!/usr/bin/env python3
"""Generates the registry and the embedded rule documentation from docs/rules/<CODE>.md.

    python3 rule_list.py LIST.c LIST.h DOCS.c docs/rules/MDL001.md docs/rules/MDL101.md ...

checks/meson.build passes one doc file per line of checks/rules/LIST, in that order. For each code
the header declares the rule (`ml__rule_mdl112`, defined in checks/rules/mdl112.c) and its doc
(`ml__doc_mdl112`), and defines its facts (`ML__RULE_INFO_MDL112`, which that rule's `.info` is and
whose `.doc` names the doc). LIST.c defines `ml__rules`, the registry in the list's order; DOCS.c
defines the docs, byte for byte the Markdown files after their front matter, and by registry index
the codes and the docs. They are two files because the registry names every rule and every rule
names its doc: in one file, each rule would sit in a call cycle with the registry
(test/arch/check.py); DOCS.c names no rule, so what rules call may ask it for a rule's index
(checks/rule_info.c).

A doc opens with the rule's facts, so that they live in one place with its text:

    ---
    code: MDL247
    slug: from-id-aio
    title: `from_id.aio` of FunctionCall, Image and SandboxSnapshot is deprecated; ...
    entry: B-47
    guide_section: none
    fixable: safe
    deprecated_in: 1.3.0
    removed_in: none
    ---

every key once, `none` for a fact the rule does not have (NULL), `fixable` one of `no`, `safe`,
`unsafe` and `safe unsafe`. The header turns them into `ML__RULE_INFO_MDL247`, the braced `ml_rule`
the rule file's `.info` names; the embedded doc is the text after the closing `---`.
"""
import os
import re
import sys


def c_string(line):
    """One line of text (bytes) as a C string literal. Bytes outside printable ASCII
    are octal escapes (always three digits, so a following digit is never read as part of one),
    and the second `?` of `??` is escaped because -std=c11 reads `??(` and friends as trigraphs."""
    out = []
    for i, byte in enumerate(line):
        char = chr(byte)
        if char == "\n":
            out.append("\\n")
        elif char in '\\"' or (char == "?" and i > 0 and line[i - 1] == ord("?")):
            out.append("\\" + char)
        elif 0x20 <= byte < 0x7F:
            out.append(char)
        else:
            out.append("\\%03o" % byte)
    return '"%s"' % "".join(out)


def c_literal(text):
    """The Markdown as C string literals, one per line of text."""
    lines = ["    " + c_string(line) for line in text.encode("utf-8").splitlines(keepends=True)]
    return "\n".join(lines) if lines else '    ""'


FACTS = ("code", "slug", "title", "entry", "guide_section", "fixable", "deprecated_in",
         "removed_in")
FIXABLE = {"no": "0", "safe": "ML_FIXABLE_SAFE", "unsafe": "ML_FIXABLE_UNSAFE",
           "safe unsafe": "ML_FIXABLE_SAFE | ML_FIXABLE_UNSAFE"}
VERSION = re.compile(r"[0-9]+(\.[0-9]+){1,2}")


def front_matter(path, code, text):
    """Splits a doc into its facts (key -> value, None for `none`) and the text after them; a
    malformed block stops the build, naming the file and line, rather than registering a rule
    with a wrong or missing fact."""
    def fail(line, why):
        sys.exit("rule_list.py: %s:%d: %s" % (path, line, why))

    lines = text.split("\n")
    if lines[0] != "---":
        fail(1, "a rule's doc opens with its facts between two `---` lines")
    try:
        end = lines.index("---", 1)
    except ValueError:
        fail(1, "the facts opened by `---` are never closed by a second `---` line")
    facts, where = {}, {}
    for number, line in enumerate(lines[1:end], start=2):
        key, sep, value = line.partition(": ")
        if not sep or not value.strip() or value != value.strip():
            fail(number, "expected `key: value`, got %r" % line)
        if key not in FACTS:
            fail(number, "unknown key %r (the keys are %s)" % (key, ", ".join(FACTS)))
        if key in facts:
            fail(number, "%s is given twice" % key)
        facts[key] = None if value == "none" else value
        where[key] = number
    for key in FACTS:
        if key not in facts:
            fail(end + 1, "missing %s" % key)
    if facts["code"] != code:
        fail(where["code"], "code %s does not match the file's name (%s)" % (facts["code"], code))
    for key in ("code", "slug", "title", "entry", "fixable"):
        if facts[key] is None:
            fail(where[key], "%s cannot be none" % key)
    if facts["fixable"] not in FIXABLE:
        fail(where["fixable"], "fixable is one of %s, not %r"
             % (", ".join("`%s`" % k for k in FIXABLE), facts["fixable"]))
    for key in ("deprecated_in", "removed_in"):
        if facts[key] is not None and not VERSION.fullmatch(facts[key]):
            fail(where[key], "%s is a version such as 1.2 or 1.2.3, or none, not %r"
                 % (key, facts[key]))
    return facts, "\n".join(lines[end + 1:])


def info_macro(code, facts):
    """`#define ML__RULE_INFO_MDLnnn {...}`: a braced initializer, which a rule's static
    `ml__rule_impl` may hold where a const `ml_rule` object would not be a constant expression."""
    fields = []
    for key in FACTS:
        value = facts[key]
        if key == "fixable":
            fields.append(".fixable = %s" % FIXABLE[value])
        else:
            fields.append(".%s = %s" % (key, "NULL" if value is None
                                        else c_string(value.encode("utf-8"))))
    fields.append(".doc = ml__doc_%s" % code.lower())
    return "#define ML__RULE_INFO_%s \\\n    { \\\n%s \\\n    }" % (
        code, " \\\n".join("        %s," % field for field in fields))


def main(argv):
    out_c, out_h, out_docs, docs = argv[1], argv[2], argv[3], argv[4:]
    codes = [os.path.splitext(os.path.basename(path))[0] for path in docs]
    for code in codes:
        if not re.fullmatch(r"MDL[0-9]{3}", code):
            sys.exit("rule_list.py: %s is not a rule code (MDLnnn)" % code)
    # The registry's order is what `modal-lint rules` and the README table show.
    if codes != sorted(set(codes)):
        sys.exit("rule_list.py: checks/rules/LIST must hold each code once, in code order")
    generated = "/* Generated by checks/rules/rule_list.py from checks/rules/LIST and docs/rules/. */\n"
    facts, texts = [], []
    for code, path in zip(codes, docs):
        with open(path, encoding="utf-8", newline="") as f:
            rule_facts, text = front_matter(path, code, f.read())
        facts.append(rule_facts)
        texts.append(text)

    header = [generated, "#ifndef ML_RULE_LIST_H", "#define ML_RULE_LIST_H", "",
              '#include "rule_impl.h"', ""]
    header += ["extern const ml__rule_impl ml__rule_%s;" % code.lower() for code in codes]
    header += [""]
    header += ["extern const char ml__doc_%s[];" % code.lower() for code in codes]
    header += ["", "/* Each rule's `.info`, from the front matter of its doc. */"]
    header += [info_macro(code, rule_facts) for code, rule_facts in zip(codes, facts)]
    header += ["",
               "/* By registry index, naming no rule: the codes (in code order) and the docs. */",
               "extern const char *const ml__rule_codes[];",
               "extern const char *const ml__rule_docs[];",
               "extern const size_t ml__rule_code_count;"]
    header += ["", "#endif", ""]

    doc_source = [generated, '#include "%s"' % os.path.basename(out_h), ""]
    for code, text in zip(codes, texts):
        doc_source += ["const char ml__doc_%s[] =" % code.lower(), c_literal(text) + ";", ""]
    doc_source += ["const char *const ml__rule_codes[] = {"]
    doc_source += ['    "%s",' % code for code in codes]
    doc_source += ["};", "const char *const ml__rule_docs[] = {"]
    doc_source += ["    ml__doc_%s," % code.lower() for code in codes]
    doc_source += ["};",
                   "const size_t ml__rule_code_count = sizeof ml__rule_codes / sizeof ml__rule_codes[0];",
                   ""]

    source = [generated, '#include "%s"' % os.path.basename(out_h), ""]
    source += ["const ml__rule_impl *const ml__rules[] = {"]
    source += ["    &ml__rule_%s," % code.lower() for code in codes]
    source += ["};",
               "const size_t ml__rule_total = sizeof ml__rules / sizeof ml__rules[0];",
               "",
               "_Static_assert(sizeof ml__rules / sizeof ml__rules[0] <= ML_MAX_RULES,",
               '               "ml_rule_set has room for ML_MAX_RULES rules");',
               ""]

    for path, lines in ((out_h, header), (out_c, source), (out_docs, doc_source)):
        with open(path, "w", encoding="utf-8", newline="\n") as f:
            f.write("\n".join(lines))


if __name__ == "__main__":
    main(sys.argv)
