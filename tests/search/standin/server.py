"""A stand-in Elasticsearch 8 server on localhost, as strict as a real one where the Hub's
requests are concerned: it keeps indexes, aliases and documents (search.standin.cluster),
evaluates searches (search.standin.searching), answers an index's or alias's mappings (GET
/<name>/_mapping), refuses what Elasticsearch refuses with its status and error shape, and
records every request for assertions.

Faults make it fail as servers do: `fail(...)` answers a status (429, 503...) or hangs past
the client's timeout for the next requests matching a method and path; `reject_items` makes
bulk items come back 429 (es_rejected_execution_exception, as a full write queue does). It
can require TLS (tests/search/fixtures/tls: a CA and a certificate for 127.0.0.1 made with
openssl for these tests, valid until 2126, the CA's key thrown away) and an API key or a password,
answering 401 as Elasticsearch's security does. `max_clauses` is the node's clause limit:
SearchUtils.calculateMaxClauseValue (server/src/main/java/org/elasticsearch/search/
SearchUtils.java: heap in GB × 65,536 / search threads, at least 1,024) gives 8,192 for
compose's 512 MB heap on two
processors (a search pool of 4 threads); tests lower it to 1,024, the least any node sets.
"""

import base64
import json
import re
import ssl
import threading
import time
import traceback
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from tests.search.standin.cluster import Cluster
from tests.search.standin.errors import EsError

TLS = Path(__file__).resolve().parent.parent / "fixtures" / "tls"
REJECTED = {
    "type": "es_rejected_execution_exception",
    "reason": "rejected execution of coordinating operation [coordinating_and_primary_bytes=0,"
    " replica_bytes=0, all_bytes=0, coordinating_operation_bytes=1, max_coordinating_and_primary"
    "_bytes=53687091]",
}
STATUS_ERRORS = {
    429: ("es_rejected_execution_exception", REJECTED["reason"]),
    503: (
        "cluster_block_exception",
        "blocked by: [SERVICE_UNAVAILABLE/1/state not recovered / initialized];",
    ),
    502: ("bad_gateway", "upstream closed the connection"),
    400: ("illegal_argument_exception", "refused by the stand-in's fault"),
}


@dataclass
class Fault:
    method: str
    path: str  # a regular expression on the path
    status: int | None = None  # or hang for `delay` seconds
    times: int = 1
    delay: float = 0.0


class ElasticsearchStandIn:
    def __init__(self, max_clauses=8192, tls=False, api_key=None, basic_auth=None):
        self.cluster = Cluster(max_clauses)
        self.requests = []  # (method, path, body)
        self.faults = []
        self.rejections = 0
        self.bugs = []  # tracebacks of the stand-in's own failures
        self.barriers = []
        self.api_key, self.basic_auth = api_key, basic_auth
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        self.server.block_on_close = False
        scheme = "http"
        if tls:
            context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            context.load_cert_chain(TLS / "server-chain.pem", TLS / "server-key.pem")
            self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
            scheme = "https"
        self.url = f"{scheme}://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    # -- For tests --------------------------------------------------------------------------
    def reset(self):
        """No index, alias, fault or recorded request: as the server first started."""
        self.cluster = Cluster(self.cluster.max_clauses)
        self.requests, self.faults, self.bugs, self.rejections = [], [], [], 0
        self.barriers = []

    def fail(self, method, path, status=None, times=1, delay=0.0):
        self.faults.append(Fault(method, path, status, times, delay))

    def hold(self, method, path, parties):
        """The next `parties` requests matching `method` and `path` are each answered only
        once all of them have arrived (two workers asking the same question at once)."""
        self.barriers.append([method, path, threading.Barrier(parties, timeout=10), parties])

    def refuse_documents(self, *ids):
        """Documents of these ids are refused whenever written, as a mapping conflict is."""
        self.cluster.refused.update(str(doc_id) for doc_id in ids)

    def reject_items(self, times=1):
        """The next `times` bulk requests have every item rejected with 429."""
        self.rejections = times

    def calls(self, method, path_start):
        return [(m, p, b) for m, p, b in self.requests if m == method and p.startswith(path_start)]

    def bulk_lines(self):
        lines = []
        for _method, path, body in self.requests:
            if urlsplit(path).path.endswith("/_bulk"):
                lines += [json.loads(line) for line in body.splitlines() if line.strip()]
        return lines

    @property
    def aliases(self):
        """{index: alias} of every alias."""
        return {
            index: alias for alias, members in self.cluster.aliases.items() for index in members
        }

    @property
    def indexes(self):
        return self.cluster.indexes

    # -- Serving ----------------------------------------------------------------------------
    def _fault(self, method, path):
        for fault in self.faults:
            if fault.times and fault.method == method and re.search(fault.path, path):
                fault.times -= 1
                return fault
        return None

    def _authorised(self, headers):
        if not (self.api_key or self.basic_auth):
            return True
        given = headers.get("Authorization", "")
        if self.api_key and given == f"ApiKey {self.api_key}":
            return True
        if self.basic_auth:
            token = base64.b64encode(":".join(self.basic_auth).encode()).decode()
            return given == f"Basic {token}"
        return False

    def answer(self, method, path, body, headers):
        if not self._authorised(headers):
            raise EsError(
                401,
                "security_exception",
                f"missing authentication credentials for REST request [{path}]",
                headers={"WWW-Authenticate": 'Basic realm="security", charset="UTF-8"'},
                header={"WWW-Authenticate": ['Basic realm="security" charset="UTF-8"', "ApiKey"]},
            )
        for held in self.barriers:
            if held[3] and held[0] == method and re.search(held[1], path):
                held[3] -= 1
                held[2].wait()
                break
        cluster = self.cluster
        fault = self._fault(method, path)
        if fault and fault.status is None:
            time.sleep(fault.delay)  # past the client's timeout: it has given up
        elif fault:
            kind, reason = STATUS_ERRORS[fault.status]
            raise EsError(fault.status, kind, reason)
        split = urlsplit(path)
        params = dict(parse_qsl(split.query, keep_blank_values=True))
        route = [unquote(part) for part in split.path.strip("/").split("/") if part]
        data = json.loads(body) if body and not route[-1:] == ["_bulk"] else {}
        with self.lock:
            if self.cluster is not cluster:
                # Reset while this request hung: a restarted server never applies it, and an
                # earlier test's late write must not land in the next test's indexes.
                kind, reason = STATUS_ERRORS[503]
                raise EsError(503, kind, reason)
            return self._route(method, route, params, data, body)

    def _route(self, method, route, params, data, body):
        cluster = self.cluster
        params.pop("pretty", None)
        if route[-1:] == ["_bulk"]:
            if self.rejections:
                self.rejections -= 1
                return 200, self._rejected(body)
            return 200, cluster.bulk(body, params, route[0] if len(route) == 2 else None)
        if route[-1:] == ["_search"] and len(route) == 2 and method in ("GET", "POST"):
            return 200, cluster.search(route[0], data)
        if route == ["_aliases"] and method == "POST":
            return 200, cluster.update_aliases(data)
        if len(route) == 2 and route[0] == "_alias" and method in ("GET", "HEAD"):
            return cluster.get_alias(route[1])
        if len(route) == 3 and route[1] == "_alias" and method in ("PUT", "POST"):
            return 200, cluster.put_alias(route[0], route[2], data)
        if len(route) == 2 and route[1] == "_mapping" and method == "GET":
            return 200, {
                index.name: {"mappings": index.mappings} for index in cluster.resolve(route[0])
            }
        if len(route) == 2 and route[1] == "_refresh" and method == "POST":
            cluster.resolve(route[0])
            return 200, {"_shards": {"total": 1, "successful": 1, "failed": 0}}
        if len(route) == 3 and route[1] == "_doc" and method in ("PUT", "POST"):
            item = cluster.bulk(
                json.dumps({"index": {"_index": route[0], "_id": route[2]}}) + "\n" + body,
                params,
            )["items"][0]["index"]
            if "error" in item:
                raise EsError(item["status"], item["error"]["type"], item["error"]["reason"])
            return item.pop("status"), item
        if len(route) == 1 and (method == "PUT" or not route[0].startswith("_")):
            name = route[0]
            if method == "PUT":
                return 200, cluster.create(name, data)
            if method == "DELETE":
                return 200, cluster.delete(name, params.get("ignore_unavailable") == "true")
            if method == "HEAD":
                return (200 if name in cluster.indexes or name in cluster.aliases else 404), {}
        if route == [] and method in ("GET", "HEAD"):
            return 200, {
                "name": "standin",
                "version": {"number": "8.19.3"},
                "tagline": "You Know, for Search",
            }
        raise EsError(
            405 if route else 400,
            "illegal_argument_exception",
            f"the stand-in does not serve [{method} /{'/'.join(route)}]",
        )

    def _rejected(self, body):
        lines = [json.loads(line) for line in body.splitlines() if line.strip()]
        items, number = [], 0
        while number < len(lines):
            ((op, meta),) = lines[number].items()
            number += 1 if op == "delete" else 2
            items.append(
                {
                    op: {
                        "_index": meta.get("_index"),
                        "_id": meta.get("_id"),
                        "status": 429,
                        "error": REJECTED,
                    }
                }
            )
        return {"took": 1, "errors": True, "items": items}

    def _handler(self):
        standin = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _respond(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                standin.requests.append((self.command, self.path, body))
                headers = {}
                try:
                    status, payload = standin.answer(self.command, self.path, body, self.headers)
                except EsError as error:
                    status, payload, headers = error.status, error.body(), error.headers
                except Exception:  # noqa: BLE001 - the stand-in's own bug: told, not hidden
                    standin.bugs.append(traceback.format_exc())
                    status, payload = 500, {"error": {"type": "standin_bug"}, "status": 500}
                data = json.dumps(payload).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("X-Elastic-Product", "Elasticsearch")
                    for name, value in headers.items():
                        self.send_header(name, value)
                    self.send_header(
                        "Content-Length", str(0 if self.command == "HEAD" else len(data))
                    )
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (a timeout)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _respond

            def log_message(self, *args):
                pass

        return Handler
