#!/usr/bin/env python3
"""Deterministic corpora for bench/run.sh (standard library only; the same seed gives the same bytes).

  gen_corpus.py modal-heavy OUT_DIR [--files N] [--seed S]
      N Modal apps (default 2000) full of deprecated patterns, in package folders of 50 files.
  gen_corpus.py monorepo OUT_DIR STDLIB_DIR [--apps N] [--seed S]
      every .py file of STDLIB_DIR (site-packages excluded) copied under OUT_DIR/stdlib, plus N
      generated Modal apps (default 20) mixed in among its folders.
  gen_corpus.py big-file OUT_FILE [--lines N] [--seed S]
      one Modal file of about N lines (default 20000) for the language server benchmark.
"""
import argparse
import os
import random
import shutil

GPUS = ["A100", "H100", "T4", "A10G", "L4"]

# Each template is one top-level block using deprecated APIs (and some that are fine), so every
# file exercises the semantic model and many rules. {n} makes names unique inside a file.
TEMPLATES = [
    '''@app.function(
    gpu=modal.gpu.{gpu}(count={k}),
    keep_warm={k},
    container_idle_timeout={t},
    allow_concurrent_inputs={k}0,
)
def train_{n}(epochs: int) -> str:
    total = 0
    for i in range(epochs):
        total += i * {k}
    return f"trained {{total}} for {{epochs}} epochs"
''',
    '''@app.function(concurrency_limit={k}, mounts=[modal.Mount.from_local_dir("data_{n}", remote_path="/data")])
@web_endpoint(method="POST")
def predict_{n}(item: dict) -> dict:
    result = {{key: value for key, value in item.items() if key != "secret"}}
    return {{"ok": True, "n": {n}, **result}}
''',
    '''@app.cls(gpu=modal.gpu.{gpu}(), container_idle_timeout={t})
class Model{n}:
    def __init__(self, name: str = "m{n}", size: int = {k}):
        self.name = name
        self.size = size

    @modal.enter()
    def load(self):
        self.weights = [float(i) for i in range(self.size)]

    @modal.method()
    def embed(self, text: str) -> list:
        return [w * len(text) for w in self.weights]
''',
    '''def lookup_{n}():
    fn = modal.Function.lookup("app-{n}", "train")
    vol = modal.Volume.lookup("vol-{n}", create_if_missing=True)
    d = modal.Dict.lookup("cache-{n}")
    return fn.remote({k}), vol, d
''',
    '''image_{n} = (
    modal.Image.debian_slim(python_version="3.11")
    .pip_install("numpy", "pandas=={k}.0")
    .copy_local_file("config_{n}.yaml", "/root/config.yaml")
    .copy_local_dir("assets_{n}", "/root/assets")
)
''',
    '''def warm_{n}():
    """Scale up for the day."""
    train_fn_{n} = modal.Function.from_name("app-{n}", "train")
    train_fn_{n}.keep_warm({k})
    modal.experimental.update_autoscaler(train_fn_{n}, min_containers={k})
''',
    '''def sandbox_{n}():
    sb = modal.Sandbox.create("bash", app=app, timeout={t})
    sb.mkdir("/work_{n}")
    entries = sb.ls("/")
    sb.rm("/tmp/x{n}")
    return [e for e in entries if e.startswith("w")]
''',
    '''class Helper{n}:
    """Plain Python with no Modal in it, as most of an app is."""

    def __init__(self, values):
        self.values = list(values)

    def stats(self):
        if not self.values:
            return None
        mean = sum(self.values) / len(self.values)
        var = sum((v - mean) ** 2 for v in self.values) / len(self.values)
        return {{"mean": mean, "var": var, "max": max(self.values), "n": {n}}}

    def __repr__(self):
        return f"Helper{n}({{self.values!r}})"
''',
    '''@app.function(secret=modal.Secret.from_name("s{n}"), max_inputs=1, gpu=True)
def job_{n}(x: int) -> int:
    try:
        return x * {k}
    except ValueError as exc:
        raise RuntimeError("bad input") from exc
''',
    '''def gather_{n}(fns):
    calls = [f.spawn(i) for i, f in enumerate(fns)]
    return modal.functions.gather(*calls)
''',
]

HEADER = '''"""Generated Modal app {idx} (bench/gen_corpus.py, seed {seed})."""
import json
import os
from dataclasses import dataclass

import modal
from modal import web_endpoint

app = modal.Stub("bench-app-{idx}")
image = modal.Image.debian_slim().pip_install("requests")


@dataclass
class Config:
    name: str = "app-{idx}"
    retries: int = {k}
'''

FOOTER = '''

@app.local_entrypoint()
def main():
    print(json.dumps({{"app": "bench-app-{idx}", "cwd": os.getcwd()}}))
'''


def render_block(rng, n):
    template = rng.choice(TEMPLATES)
    return template.format(n=n, gpu=rng.choice(GPUS), k=rng.randint(1, 9), t=rng.choice([60, 120, 300, 600]))


def modal_file(rng, idx, seed, blocks):
    parts = [HEADER.format(idx=idx, seed=seed, k=rng.randint(1, 5))]
    for n in range(blocks):
        parts.append("\n\n" + render_block(rng, n))
    parts.append(FOOTER.format(idx=idx))
    return "".join(parts)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def modal_heavy(out, files, seed):
    rng = random.Random(seed)
    for i in range(files):
        blocks = rng.randint(8, 24)
        write(os.path.join(out, f"pkg{i // 50:03d}", f"app_{i:05d}.py"), modal_file(rng, i, seed, blocks))


def monorepo(out, stdlib, apps, seed):
    rng = random.Random(seed)
    dest = os.path.join(out, "stdlib")
    folders = []
    for root, dirs, names in os.walk(stdlib):
        dirs[:] = sorted(d for d in dirs if d not in ("site-packages", "__pycache__"))
        rel = os.path.relpath(root, stdlib)
        py = sorted(n for n in names if n.endswith(".py"))
        if py:
            folders.append(rel)
        for name in py:
            target = os.path.join(dest, rel, name)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            shutil.copyfile(os.path.join(root, name), target)
    for i in range(apps):
        folder = folders[rng.randrange(len(folders))]
        write(os.path.join(dest, folder, f"modal_app_{i:03d}.py"), modal_file(rng, i, seed, rng.randint(8, 24)))


def big_file(out, lines, seed):
    rng = random.Random(seed)
    parts = [HEADER.format(idx=0, seed=seed, k=3)]
    count = parts[0].count("\n")
    n = 0
    while count < lines - 8:
        block = "\n\n" + render_block(rng, n)
        parts.append(block)
        count += block.count("\n")
        n += 1
    parts.append(FOOTER.format(idx=0))
    write(out, "".join(parts))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("kind", choices=["modal-heavy", "monorepo", "big-file"])
    ap.add_argument("out")
    ap.add_argument("stdlib", nargs="?")
    ap.add_argument("--files", type=int, default=2000)
    ap.add_argument("--apps", type=int, default=20)
    ap.add_argument("--lines", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    if a.kind == "modal-heavy":
        modal_heavy(a.out, a.files, a.seed)
    elif a.kind == "monorepo":
        if not a.stdlib:
            ap.error("monorepo needs STDLIB_DIR")
        monorepo(a.out, a.stdlib, a.apps, a.seed)
    else:
        big_file(a.out, a.lines, a.seed)


if __name__ == "__main__":
    main()
