#!/usr/bin/env python3
"""The architecture rules of docs DESIGN "Layout", checked on the tree and on the objects built:

1. lint/ and lsp/ never include or compile each other's files: their sources include their own
   headers, the public ones (modallint/*.h) and the workspace layer's one header (workspace.h);
   their meson.build names no file of the other (nor of checks/). The workspace layer includes
   its own headers, the public ones, and of the check library only the two containers its header
   hands on (strmap.h, vec.h).
2. No include cycle among the project's own headers (checks/, include/, workspace/, lint/, lsp/).
3. No call cycle between source files: the file-level graph comes from the objects of the build
   (nm: each object's undefined symbols, resolved to the object that defines them), so it is
   exact, static functions aside (they never cross a file).

Usage: check.py SOURCE_ROOT BUILD_DIR. Prints each violation (a cycle as a chain of files) and
exits 1 when there is one."""
import fnmatch
import os
import re
import subprocess
import sys

# Call cycles in checks/ that predate this test: each entry is a strongly connected set of files
# still left. A set found now passes only if it lies inside one of these, so any new cycle, or a
# file joining an old one, fails. None is left: the last (the project index resolving a module with
# the semantic model that queries it) is cut by the store/resolver split of index_store.h.
ALLOWED_CHECKS_CYCLES = []

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"', re.M)


def sources(root, folder):
    path = os.path.join(root, folder)
    return sorted(os.path.join(folder, n) for n in os.listdir(path) if n.endswith(('.c', '.h')))


def strip_comments(text):
    return re.sub(r'/\*.*?\*/', '', text, flags=re.S)


def includes(root, rel):
    with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
        return INCLUDE.findall(strip_comments(f.read()))


def resolve(root, rel, name):
    """The project file `#include "name"` in `rel` opens, or None (a system or generated one)."""
    here = os.path.dirname(rel)
    candidates = [os.path.join(here, name), os.path.join('include', name),
                  os.path.join('checks', name), os.path.join('workspace', name)]
    for c in candidates:
        if os.path.isfile(os.path.join(root, c)):
            return os.path.normpath(c)
    return None


def check_includes(root, problems):
    allowed_foreign = {
        'lint': {'workspace/workspace.h'},
        'lsp': {'workspace/workspace.h'},
        'workspace': {'checks/strmap.h', 'checks/vec.h'},
    }
    for folder, foreign in allowed_foreign.items():
        for rel in sources(root, folder):
            for name in includes(root, rel):
                target = resolve(root, rel, name)
                if target is None or target.startswith(folder + '/') or \
                        target.startswith('include/modallint/') or target in foreign:
                    continue
                problems.append('%s includes "%s" (%s): not its own, public or the layer\'s'
                                % (rel, name, target))
    for folder, other in (('lint', 'lsp'), ('lsp', 'lint')):
        with open(os.path.join(root, folder, 'meson.build')) as f:
            text = f.read()
        for bad in ('../' + other, '../checks', "include_directories('../"):
            if bad in text:
                problems.append('%s/meson.build names %s' % (folder, bad))


def cycles(graph):
    """The strongly connected sets of more than one node (Tarjan), each with one cycle through it."""
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = []
            while True:
                w = stack.pop()
                on.discard(w)
                scc.append(w)
                if w == v:
                    break
            if len(scc) > 1:
                out.append(sorted(scc))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def one_cycle(graph, scc):
    """A shortest cycle through the first file of `scc`, for the message."""
    members, start = set(scc), scc[0]
    paths, seen = {start: [start]}, {start}
    frontier = [start]
    while frontier:
        nxt = []
        for v in frontier:
            for w in sorted(graph.get(v, ())):
                if w == start:
                    return paths[v] + [start]
                if w in members and w not in seen:
                    seen.add(w)
                    paths[w] = paths[v] + [w]
                    nxt.append(w)
        frontier = nxt
    return scc


def check_include_cycles(root, problems):
    graph = {}
    for folder in ('checks', 'checks/rules', 'include/modallint', 'workspace', 'lint', 'lsp'):
        for rel in sources(root, folder):
            for name in includes(root, rel):
                target = resolve(root, rel, name)
                if target and target != rel:
                    graph.setdefault(rel, set()).add(target)
    for scc in cycles(graph):
        problems.append('include cycle: ' + ' -> '.join(one_cycle(graph, scc)))


def object_source(obj, build):
    """checks/libmodallint-internal.a.p/rules_mdl101.c.o -> checks/rules/mdl101.c"""
    rel = os.path.relpath(obj, build)
    folder = rel.split('/')[0]
    name = os.path.basename(obj)[:-2]
    name = re.sub(r'^meson-generated_(\.\._)?', '', name)  # checks/rule_list.c is generated
    if name.startswith('rules_'):
        return '%s/rules/%s' % (folder, name[len('rules_'):])
    return '%s/%s' % (folder, name)


def symbols(obj):
    out = subprocess.run(['nm', '-P', obj], capture_output=True, text=True, check=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) < 2:
            continue
        sym, kind = parts[0], parts[1]
        if kind == 'U':
            undefined.add(sym)
        elif kind in 'TDBRVWCGS':  # global definitions (lower case ones are local)
            defined.add(sym)
    return defined, undefined


def check_call_cycles(build, problems):
    groups = {
        'checks': 'checks/libmodallint-internal.a.p',
        'workspace': 'workspace/libworkspace.a.p',
        'lint': 'lint/modal-lint.p',
        'lsp': 'lsp/modal-lsp.p',
    }
    objects = {}
    for group, folder in groups.items():
        path = os.path.join(build, folder)
        if not os.path.isdir(path):
            problems.append('no objects in %s: build first' % path)
            continue
        objects[group] = [os.path.join(path, n) for n in sorted(os.listdir(path)) if n.endswith('.o')]
    table = {}
    for group, objs in objects.items():
        for obj in objs:
            table[obj] = symbols(obj)
    definer = {}
    for obj, (defined, _) in table.items():
        for sym in defined:
            definer[sym] = object_source(obj, build)
    graph = {}
    for obj, (_, undefined) in table.items():
        src = object_source(obj, build)
        for sym in undefined:
            target = definer.get(sym)
            if target and target != src:
                graph.setdefault(src, set()).add(target)
    for scc in cycles(graph):
        if all(m.startswith('checks/') for m in scc) and \
                any(all(any(fnmatch.fnmatchcase(m, a) for a in allowed) for m in scc)
                    for allowed in ALLOWED_CHECKS_CYCLES):
            continue
        problems.append('call cycle: ' + ' -> '.join(one_cycle(graph, scc)) +
                        '  (files in the cycle: %s)' % ', '.join(scc))
    return graph


def main():
    if len(sys.argv) != 3:
        sys.stderr.write('usage: check.py SOURCE_ROOT BUILD_DIR\n')
        return 2
    root, build = sys.argv[1], sys.argv[2]
    problems = []
    check_includes(root, problems)
    check_include_cycles(root, problems)
    check_call_cycles(build, problems)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
