#!/usr/bin/env python3
"""Language server benchmark for bench/run.sh (standard library only).

  lsp_bench.py latency MODAL_LSP BIG_FILE [--edits N]
      opens BIG_FILE, sends N single-character incremental didChange edits (insert a character
      in a comment-free spot, then delete it, alternately, spread over the file) and measures the
      time from each didChange to the arrival of the publishDiagnostics of that version (its last
      byte; decoding it is the client's time). Prints p50/p99/max in ms.
  lsp_bench.py memory MODAL_LSP DIR [--docs N] [--one-project]
      opens N documents (the .py files of DIR, cycled with distinct URIs), one at a time, waiting
      for each one's diagnostics, and prints the time that took, the time the last tenth took
      (against the first tenth: opening is linear when they are about equal) and the server's
      peak RSS (VmHWM from /proc) in MB. Each document sits in a folder of its own (its own
      project root), or with --one-project all in one folder, so that every open updates the
      same project index and the server checks the other documents against it.
"""
import argparse
import json
import os
import subprocess
import sys
import time


class Client:
    def __init__(self, server):
        self.proc = subprocess.Popen([server, "--stdio"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, bufsize=0)
        self.next_id = 1
        self.buf = b""
        self.last_length = 0  # the body size of the last message read

    def send(self, message):
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def request(self, method, params):
        rid = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        while True:
            m = self.read()
            if m.get("id") == rid and "method" not in m:
                return m

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def read(self):
        return self.read_timed()[0]

    def read_timed(self):
        """The next message and the perf_counter time its last byte arrived: latencies stop the
        clock there, so the client's own JSON decoding (42 ms in Python for the 2.5 MB publish of
        the 20,000-line file) is not counted as the server's time."""
        while b"\r\n\r\n" not in self.buf:
            self._fill()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        while len(self.buf) < length:
            self._fill()
        arrived = time.perf_counter()
        body, self.buf = self.buf[:length], self.buf[length:]
        self.last_length = length
        return json.loads(body), arrived

    def _fill(self):
        chunk = os.read(self.proc.stdout.fileno(), 1 << 20)
        if not chunk:
            raise SystemExit("modal-lsp closed its output")
        self.buf += chunk

    def initialize(self):
        # Push diagnostics only (no pull capability), UTF-8 positions where offered.
        self.request("initialize", {"processId": os.getpid(), "rootUri": None, "capabilities": {
            "general": {"positionEncodings": ["utf-8", "utf-16"]},
            "textDocument": {"publishDiagnostics": {"versionSupport": True}}}})
        self.notify("initialized", {})

    def wait_diagnostics(self, uri, version=None):
        return self.wait_diagnostics_timed(uri, version)[0]

    def wait_diagnostics_timed(self, uri, version=None):
        while True:
            m, arrived = self.read_timed()
            if m.get("method") == "textDocument/publishDiagnostics":
                p = m["params"]
                if p["uri"] == uri and (version is None or p.get("version") in (version, None)):
                    return p, arrived

    def rss_peak_mb(self):
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0
        return float("nan")

    def close(self):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=10)
        except Exception:
            self.proc.kill()


def percentile(values, p):
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100.0 * (len(values) - 1)))))
    return values[k]


def latency(server, path, edits):
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    uri = "file://" + os.path.abspath(path)
    c = Client(server)
    c.initialize()
    c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
    first = c.wait_diagnostics(uri)
    # Every publish carries all of the document's findings: its size is work no analysis avoids.
    publish_kb = c.last_length / 1024.0
    # Edit at the end of non-empty lines spread over the file: add " " then remove it again, so
    # the file (and its findings) stay the same and every version is linted in full.
    targets = [i for i, l in enumerate(lines) if l.strip()][:: max(1, len(lines) // edits)]
    times = []
    version = 1
    for n in range(edits):
        line = targets[(n // 2) % len(targets)]
        col = len(lines[line])
        version += 1
        if n % 2 == 0:
            change = {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col}}, "text": " "}
        else:
            change = {"range": {"start": {"line": line, "character": col}, "end": {"line": line, "character": col + 1}}, "text": ""}
        t0 = time.perf_counter()
        c.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        p, arrived = c.wait_diagnostics_timed(uri, version)
        times.append((arrived - t0) * 1000.0)
        if len(p["diagnostics"]) != len(first["diagnostics"]):
            raise SystemExit(f"edit {n}: {len(p['diagnostics'])} findings, expected {len(first['diagnostics'])}")
    c.close()
    print(f"lsp-latency lines={len(lines)} findings={len(first['diagnostics'])} "
          f"publish_kb={publish_kb:.0f} edits={edits} p50_ms={percentile(times, 50):.2f} "
          f"p99_ms={percentile(times, 99):.2f} max_ms={max(times):.2f}")


def memory(server, directory, docs, one_project):
    files = []
    for root, dirs, names in os.walk(directory):
        dirs.sort()
        files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".py")]
    c = Client(server)
    c.initialize()
    tenth = max(1, docs // 10)
    times = []
    t0 = time.perf_counter()
    for i in range(docs):
        path = files[i % len(files)]
        if one_project:
            uri = f"file:///bench/project/doc{i:05d}_{os.path.basename(path)}"
        else:
            uri = f"file:///bench/doc{i:05d}/{os.path.basename(path)}"
        text = open(path, encoding="utf-8", errors="replace").read()
        t = time.perf_counter()
        c.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "python", "version": 1, "text": text}})
        c.wait_diagnostics(uri)
        times.append(time.perf_counter() - t)
    total = time.perf_counter() - t0
    peak = c.rss_peak_mb()
    c.close()
    print(f"lsp-memory docs={docs}{' one-project' if one_project else ''} open_s={total:.2f} "
          f"first_tenth_s={sum(times[:tenth]):.2f} last_tenth_s={sum(times[-tenth:]):.2f} "
          f"peak_rss_mb={peak:.1f}")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("mode", choices=["latency", "memory"])
    ap.add_argument("server")
    ap.add_argument("target")
    ap.add_argument("--edits", type=int, default=200)
    ap.add_argument("--docs", type=int, default=1000)
    ap.add_argument("--one-project", action="store_true")
    a = ap.parse_args()
    if a.mode == "latency":
        latency(a.server, a.target, a.edits)
    else:
        memory(a.server, a.target, a.docs, a.one_project)


if __name__ == "__main__":
    sys.exit(main())
