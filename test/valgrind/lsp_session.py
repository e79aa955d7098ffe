"""Drives modal-lsp (usually under valgrind) through a scripted editor session over pipes.

    python3 lsp_session.py SESSION PROJECT_DIR -- COMMAND...

SESSION is `pull` (a client that pulls diagnostics, resolves code actions and applies edits the
server asks for), `push` (a client that only listens to publishDiagnostics) or `eof` (a client that
goes away without shutdown). PROJECT_DIR is a scratch copy of examples/legacy-app: its files are
opened as documents, and the pull session writes a modal-lint.toml there.

Every answer is checked; the first wrong one ends the session. The last line printed is always
`server exit status: N` (or `server exit status: none` when it did not end), so the caller can
tell the server's own status from valgrind's --error-exitcode. The driver exits 0 only when every
protocol check passed.
"""

import json
import os
import select
import subprocess
import sys
import time

READ_TIMEOUT = 180  # seconds per message: valgrind makes the first lint slow


class Failure(Exception):
    pass


class Client:
    def __init__(self, command):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.buffer = b""
        self.backlog = []
        self.next_id = 1
        self.server_requests = []  # (method, params) of requests the server sent us

    # ---- framing ----

    def send(self, message):
        body = json.dumps(dict(jsonrpc="2.0", **message)).encode()
        self.send_raw(b"Content-Length: %d\r\n\r\n" % len(body) + body)

    def send_raw(self, data):
        self.proc.stdin.write(data)
        self.proc.stdin.flush()

    def read_message(self, timeout=READ_TIMEOUT):
        deadline = time.monotonic() + timeout
        while True:
            end = self.buffer.find(b"\r\n\r\n")
            if end >= 0:
                length = None
                for line in self.buffer[:end].split(b"\r\n"):
                    name, _, value = line.partition(b":")
                    if name.strip().lower() == b"content-length":
                        length = int(value)
                if length is None:
                    raise Failure("a message header without Content-Length: %r" % self.buffer[:end])
                if len(self.buffer) >= end + 4 + length:
                    body = self.buffer[end + 4:end + 4 + length]
                    self.buffer = self.buffer[end + 4 + length:]
                    return json.loads(body)
            left = deadline - time.monotonic()
            if left <= 0:
                raise Failure("no message from the server within %d s" % timeout)
            ready, _, _ = select.select([self.proc.stdout], [], [], left)
            if ready:
                chunk = os.read(self.proc.stdout.fileno(), 65536)
                if not chunk:
                    raise Failure("the server closed its output")
                self.buffer += chunk

    # ---- messages ----

    def answer_server_request(self, message):
        """Requests from the server get the answer an editor gives."""
        method = message["method"]
        self.server_requests.append((method, message.get("params")))
        if method == "workspace/applyEdit":
            result = {"applied": True}
        else:  # client/registerCapability, workspace/diagnostic/refresh
            result = None
        self.send({"id": message["id"], "result": result})

    def pump(self, want):
        """Reads until `want(message)` holds, answering server requests and keeping the rest."""
        for i, message in enumerate(self.backlog):
            if want(message):
                return self.backlog.pop(i)
        while True:
            message = self.read_message()
            if "method" in message and "id" in message:
                self.answer_server_request(message)
                if want(message):
                    return message
            elif want(message):
                return message
            else:
                self.backlog.append(message)

    def request(self, method, params=None):
        request_id = self.next_id
        self.next_id += 1
        message = {"id": request_id, "method": method}
        if params is not None:
            message["params"] = params
        self.send(message)
        return self.pump(lambda m: m.get("id") == request_id and "method" not in m)

    def result(self, method, params=None):
        response = self.request(method, params)
        if "error" in response:
            raise Failure("%s failed: %s" % (method, json.dumps(response["error"])))
        return response.get("result")

    def notify(self, method, params=None):
        message = {"method": method}
        if params is not None:
            message["params"] = params
        self.send(message)

    def notification(self, method, uri=None):
        return self.pump(lambda m: m.get("method") == method and "id" not in m
                         and (uri is None or m["params"].get("uri") == uri))

    def wait(self, timeout=READ_TIMEOUT):
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            return None


def check(condition, what, detail=None):
    if not condition:
        raise Failure(what + ("" if detail is None else ": " + json.dumps(detail)[:2000]))


def uri_of(path):
    return "file://" + path


def text_of(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def codes(diagnostics):
    return sorted(d.get("code") for d in diagnostics)


def at_line(diagnostics, code, line):
    return [d for d in diagnostics if d.get("code") == code and d["range"]["start"]["line"] == line]


def open_document(client, path, version=1):
    client.notify("textDocument/didOpen", {"textDocument": {
        "uri": uri_of(path), "languageId": "python", "version": version, "text": text_of(path)}})


def change(client, path, version, changes):
    client.notify("textDocument/didChange", {
        "textDocument": {"uri": uri_of(path), "version": version}, "contentChanges": changes})


def span(l1, c1, l2, c2):
    return {"start": {"line": l1, "character": c1}, "end": {"line": l2, "character": c2}}


def pull(client, path, previous=None):
    params = {"textDocument": {"uri": uri_of(path)}}
    if previous:
        params["previousResultId"] = previous
    report = client.result("textDocument/diagnostic", params)
    check(isinstance(report, dict) and report.get("kind") in ("full", "unchanged"),
          "a document diagnostic report", report)
    return report


def edits_for(edit, uri):
    """The TextEdits of a WorkspaceEdit for `uri`, whichever form it takes."""
    if not isinstance(edit, dict):
        return []
    found = list((edit.get("changes") or {}).get(uri, []))
    for document_change in edit.get("documentChanges") or []:
        if document_change.get("textDocument", {}).get("uri") == uri:
            found += document_change.get("edits", [])
    return found


# ---- sessions ----

def initialize(client, project, capabilities):
    result = client.result("initialize", {
        "processId": os.getpid(), "rootUri": uri_of(project), "capabilities": capabilities,
        "workspaceFolders": [{"uri": uri_of(project), "name": "legacy-app"}],
        "initializationOptions": {}})
    check(result.get("serverInfo", {}).get("name") == "modal-lsp", "serverInfo names modal-lsp", result)
    client.notify("initialized", {})
    return result["capabilities"]


def pull_session(client, project):
    app = os.path.join(project, "app.py")
    batch = os.path.join(project, "batch.py")
    helpers = os.path.join(project, "helpers.py")
    caps = initialize(client, project, {
        "general": {"positionEncodings": ["utf-16"]},
        "textDocument": {"diagnostic": {}, "codeAction": {
            "dataSupport": True, "resolveSupport": {"properties": ["edit"]}}},
        "workspace": {"applyEdit": True, "workspaceEdit": {"documentChanges": True},
                      "diagnostics": {"refreshSupport": True},
                      "didChangeWatchedFiles": {"dynamicRegistration": True}}})
    check(isinstance(caps.get("diagnosticProvider"), dict), "diagnosticProvider advertised", caps)
    check(caps.get("hoverProvider") is True, "hoverProvider advertised", caps)
    check(caps.get("codeActionProvider", {}).get("resolveProvider") is True,
          "codeAction resolve advertised", caps)
    # The file watchers are registered once `initialized` arrives.
    client.pump(lambda m: m.get("method") == "client/registerCapability")

    open_document(client, app)
    report = pull(client, app)
    check(report["kind"] == "full", "the first pull is a full report", report)
    items = report["items"]
    check(len(at_line(items, "MDL112", 20)) == 1, "MDL112 on `keep_warm=1` (line 21)", items)
    check(len(at_line(items, "MDL122", 19)) == 1, "MDL122 on `modal.gpu.A100(...)` (line 20)", items)
    before = len(items)
    check(pull(client, app, report["resultId"])["kind"] == "unchanged",
          "a pull with the same resultId is unchanged")

    hover = client.result("textDocument/hover", {
        "textDocument": {"uri": uri_of(app)}, "position": {"line": 20, "character": 6}})
    check(hover and "**MDL112**" in hover["contents"]["value"], "hover on keep_warm shows MDL112", hover)
    check(client.result("textDocument/hover", {
        "textDocument": {"uri": uri_of(app)}, "position": {"line": 0, "character": 1}}) is None,
        "hover where nothing is found is null")

    # A quick-fix for MDL112, its edit resolved on demand.
    keep_warm = at_line(items, "MDL112", 20)[0]
    actions = client.result("textDocument/codeAction", {
        "textDocument": {"uri": uri_of(app)}, "range": keep_warm["range"],
        "context": {"diagnostics": [keep_warm]}})
    quickfixes = [a for a in actions or [] if a.get("kind") == "quickfix"]
    check(quickfixes, "quick-fixes for MDL112", actions)
    fix = quickfixes[0]
    if "edit" not in fix:
        fix = client.result("codeAction/resolve", fix)
    new_texts = [e["newText"] for e in edits_for(fix.get("edit"), uri_of(app))]
    check("min_containers" in new_texts, "the MDL112 fix writes `min_containers`", fix)
    fix_all = client.result("textDocument/codeAction", {
        "textDocument": {"uri": uri_of(app)}, "range": span(0, 0, 0, 0),
        "context": {"diagnostics": [], "only": ["source.fixAll"]}})
    check(fix_all and len(fix_all) == 1, "one fix-all action", fix_all)
    fix_all = fix_all[0] if "edit" in fix_all[0] else client.result("codeAction/resolve", fix_all[0])
    check(edits_for(fix_all.get("edit"), uri_of(app)), "fix-all has edits", fix_all)

    # Incremental edits: the rename by hand, then a line of non-ASCII text above everything.
    change(client, app, 2, [{"range": span(20, 4, 20, 13), "text": "min_containers"}])
    report = pull(client, app, report["resultId"])
    check(report["kind"] == "full", "an edited document gets a full report", report)
    items = report["items"]
    check(not at_line(items, "MDL112", 20) and len(items) == before - 1,
          "renaming keep_warm by hand removes exactly that finding", items)
    change(client, app, 3, [{"range": span(0, 0, 0, 0), "text": "# caf\u00e9 \U0001F600\n"},
                            {"range": span(21, 4, 21, 4), "text": ""}])
    shifted = pull(client, app, report["resultId"])["items"]
    check(sorted(d["range"]["start"]["line"] for d in shifted)
          == sorted(d["range"]["start"]["line"] + 1 for d in items),
          "a line inserted above moves every finding down one line", shifted)

    # Fix-all through the command: the server asks the editor to apply the edit.
    check(client.result("workspace/executeCommand", {
        "command": "modal-lint.applyAutofix", "arguments": [{"uri": uri_of(app), "version": 3}]})
        is None, "applyAutofix answers null")
    applied = [p for m, p in client.server_requests if m == "workspace/applyEdit"]
    check(applied and edits_for(applied[-1]["edit"], uri_of(app)),
          "applyAutofix sent workspace/applyEdit with edits for app.py", applied)

    # Two modules of the project: batch.py imports helpers, edited in the editor (no save).
    open_document(client, batch)
    open_document(client, helpers)
    batch_items = pull(client, batch)["items"]
    check(at_line(batch_items, "MDL111", 4), "MDL111 on `import helpers` in batch.py", batch_items)
    change(client, helpers, 2, [{"range": span(4, 0, 4, 0), "text": "\ndef extra():\n    pass\n"}])
    check(pull(client, helpers)["kind"] == "full", "the edited module is linted again")
    client.notify("textDocument/didSave", {"textDocument": {"uri": uri_of(helpers)}})
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri_of(helpers)}})

    # Settings from the editor, then a configuration file the watcher reports.
    client.notify("workspace/didChangeConfiguration",
                  {"settings": {"modal-lint": {"ignore": ["MDL122"], "targetVersion": "1.0"}}})
    items = pull(client, app)["items"]
    check(items and not [d for d in items if d.get("code") == "MDL122"],
          "didChangeConfiguration ignore=MDL122 drops MDL122", items)
    with open(os.path.join(project, "modal-lint.toml"), "w") as f:
        f.write('ignore = ["MDL116"]\n')
    client.notify("workspace/didChangeWatchedFiles", {"changes": [
        {"uri": uri_of(os.path.join(project, "modal-lint.toml")), "type": 1},
        {"uri": uri_of(os.path.join(project, "storage.py")), "type": 2}]})
    items = pull(client, app)["items"]
    check(items and not [d for d in items if d.get("code") in ("MDL116", "MDL122")],
          "modal-lint.toml ignore=MDL116 (reported by the watcher) drops MDL116", items)
    client.notify("workspace/didChangeWorkspaceFolders", {"event": {
        "added": [], "removed": [{"uri": uri_of(project), "name": "legacy-app"}]}})

    # Bad input gets an error answer, and the session goes on.
    client.send_raw(b"Content-Length: 9\r\n\r\n{\"id\": 1,")
    parse_error = client.pump(lambda m: "error" in m and m.get("id") is None)
    check(parse_error["error"]["code"] == -32700, "a broken body gets a parse error", parse_error)
    unknown = client.request("modal-lint/nope", {})
    check(unknown.get("error", {}).get("code") == -32601, "an unknown method is -32601", unknown)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri_of(batch)}})
    closed = client.request("textDocument/diagnostic", {"textDocument": {"uri": uri_of(batch)}})
    check(closed.get("error", {}).get("code") == -32602, "a closed document is -32602", closed)

    check(client.result("shutdown") is None, "shutdown answers null")
    client.notify("exit")


def push_session(client, project):
    app = os.path.join(project, "app.py")
    caps = initialize(client, project, {"general": {"positionEncodings": ["utf-8", "utf-16"]}})
    check("diagnosticProvider" not in caps, "no diagnosticProvider for a push client", caps)
    check(caps.get("positionEncoding") == "utf-8", "UTF-8 positions when the client offers them", caps)
    open_document(client, app)
    items = client.notification("textDocument/publishDiagnostics", uri_of(app))["params"]["diagnostics"]
    check(len(at_line(items, "MDL112", 20)) == 1, "published MDL112 on line 21", items)
    # A whole-document change, then typing, one character per change as an editor sends them.
    change(client, app, 2, [{"text": "import modal\napp = modal.App()\n"}])
    published = client.notification("textDocument/publishDiagnostics", uri_of(app))["params"]
    check(published["diagnostics"] == [], "a clean text publishes an empty list", published)
    typed = "@app.function(keep_warm=2)\ndef f(): pass\n"
    line, column = 2, 0
    for version, character in enumerate(typed, start=3):
        change(client, app, version, [{"range": span(line, column, line, column), "text": character}])
        line, column = (line + 1, 0) if character == "\n" else (line, column + 1)
    while True:
        published = client.notification("textDocument/publishDiagnostics", uri_of(app))["params"]
        if published.get("version") == version:
            break
    check(codes(published["diagnostics"]) == ["MDL112"], "the typed keep_warm is published", published)
    check(published["diagnostics"][0]["range"] == span(2, 14, 2, 23), "at the typed position", published)
    actions = client.result("textDocument/codeAction", {
        "textDocument": {"uri": uri_of(app)}, "range": span(2, 16, 2, 16),
        "context": {"diagnostics": published["diagnostics"]}})
    check(any(edits_for(a.get("edit"), uri_of(app)) for a in actions or []),
          "a code action with its edit inline (no resolve support)", actions)
    client.notify("textDocument/didClose", {"textDocument": {"uri": uri_of(app)}})
    published = client.notification("textDocument/publishDiagnostics", uri_of(app))["params"]
    check(published["diagnostics"] == [], "closing clears the diagnostics", published)
    check(client.result("shutdown") is None, "shutdown answers null")
    client.notify("exit")


def eof_session(client, project):
    """The editor dies mid-session: the server must end (status 1) and free everything."""
    app = os.path.join(project, "app.py")
    initialize(client, project, {})
    open_document(client, app)
    client.notification("textDocument/publishDiagnostics", uri_of(app))
    # A request left half-written, then the pipe closes.
    client.send_raw(b"Content-Length: 100\r\n\r\n{\"jsonrpc\":")
    client.proc.stdin.close()


SESSIONS = {"pull": pull_session, "push": push_session, "eof": eof_session}


def main():
    if len(sys.argv) < 5 or sys.argv[1] not in SESSIONS or sys.argv[3] != "--":
        sys.stderr.write("usage: python3 lsp_session.py pull|push|eof PROJECT_DIR -- COMMAND...\n")
        return 2
    client = Client(sys.argv[4:])
    ok = True
    try:
        SESSIONS[sys.argv[1]](client, os.path.abspath(sys.argv[2]))
    except (Failure, OSError, ValueError, KeyError, TypeError, IndexError) as e:
        print("protocol check failed: %s: %s" % (type(e).__name__, e))
        ok = False
    if not client.proc.stdin.closed:
        try:
            client.proc.stdin.close()
        except OSError:
            pass
    status = client.wait()
    if status is None:
        client.proc.kill()
        client.wait()
        print("server exit status: none (killed after %d s)" % READ_TIMEOUT)
        return 1
    print("server exit status: %d" % status)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
