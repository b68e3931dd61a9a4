"""A stand-in Elasticsearch server on localhost for tests: it answers the requests the
backend makes with recorded-style responses and keeps every request for assertions."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class FakeElasticsearch:
    def __init__(self, search_response=None, aliases=None):
        self.requests = []  # (method, path, body)
        self.search_response = search_response or {"hits": {"total": {"value": 0}, "hits": []}}
        self.aliases = dict(aliases or {})  # index -> alias
        self.indices = set(self.aliases)
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def bulk_lines(self):
        lines = []
        for _method, path, body in self.requests:
            if path.split("?")[0].endswith("/_bulk"):
                lines += [json.loads(line) for line in body.splitlines() if line.strip()]
        return lines

    def calls(self, method, path_start):
        return [(m, p, b) for m, p, b in self.requests if m == method and p.startswith(path_start)]

    def answer(self, method, path, body):
        route = path.split("?")[0].strip("/").split("/")
        if route[0] == "_alias" and len(route) == 2:
            found = {
                index: {"aliases": {alias: {}}}
                for index, alias in self.aliases.items()
                if alias == route[1]
            }
            return (200 if found else 404), found
        if route[-1] == "_bulk":
            lines = [json.loads(line) for line in body.splitlines() if line.strip()]
            items = []
            for number, line in enumerate(lines):
                for op in ("index", "delete", "update"):
                    if op in line:
                        if op == "update" and set(lines[number + 1]) != {"doc"}:
                            return 400, {"error": "an update must be followed by its doc"}
                        items.append({op: {"_id": line[op]["_id"], "status": 200}})
            return 200, {"took": 1, "errors": False, "items": items}
        if route[-1] == "_search":
            return 200, self.search_response
        if route[-1] == "_aliases":
            for action in json.loads(body)["actions"]:
                for kind, spec in action.items():
                    if kind == "add":
                        self.aliases[spec["index"]] = spec["alias"]
                    elif kind == "remove":
                        self.aliases.pop(spec["index"], None)
            return 200, {"acknowledged": True}
        if route[-1] in ("_refresh",) or (len(route) == 3 and route[1] == "_alias"):
            if len(route) == 3:
                self.aliases[route[0]] = route[2]
            return 200, {"acknowledged": True}
        if method == "PUT" and len(route) == 1:
            self.indices.add(route[0])
            return 200, {"acknowledged": True, "index": route[0]}
        if method == "DELETE" and len(route) == 1:
            self.indices.discard(route[0])
            return 200, {"acknowledged": True}
        if method == "HEAD" and len(route) == 1:
            return (200 if route[0] in self.indices else 404), {}
        return 404, {"error": f"not faked: {method} {path}"}

    def _handler(self):
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _respond(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                fake.requests.append((self.command, self.path, body))
                status, payload = fake.answer(self.command, self.path, body)
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _respond

            def log_message(self, *args):
                pass

        return Handler
