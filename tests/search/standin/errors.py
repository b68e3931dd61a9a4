"""Elasticsearch's error answers, in the shape its REST layer gives them:
{"error": {"root_cause": [cause], **cause}, "status": N}, and for a search whose every shard
failed, search_phase_execution_exception around the shard's cause, its root cause the
shard's (https://www.elastic.co/guide/en/elasticsearch/reference/8.19/common-options.html,
and the answers quoted in elastic/elasticsearch#26799 and #112177).
"""

NODE = "standin-node-0"


class EsError(Exception):
    def __init__(self, status, kind, reason, headers=None, **details):
        super().__init__(reason)
        self.status = status
        self.kind = kind
        self.reason = reason
        self.headers = headers or {}
        self.details = details

    @property
    def cause(self):
        return {"type": self.kind, "reason": self.reason, **self.details}

    def body(self):
        return {"error": {"root_cause": [self.cause], **self.cause}, "status": self.status}


class ShardFailure(EsError):
    """A failure of the query phase on the (one) shard: the whole search fails with it."""

    def __init__(self, status, kind, reason, index):
        super().__init__(status, kind, reason)
        self.index = index

    def body(self):
        cause = self.cause
        return {
            "error": {
                "root_cause": [cause],
                "type": "search_phase_execution_exception",
                "reason": "all shards failed",
                "phase": "query",
                "grouped": True,
                "failed_shards": [{"shard": 0, "index": self.index, "node": NODE, "reason": cause}],
                "caused_by": cause,
            },
            "status": self.status,
        }


def index_not_found(name, reason=None):
    return EsError(
        404,
        "index_not_found_exception",
        reason or f"no such index [{name}]",
        **{
            "resource.type": "index_or_alias",
            "resource.id": name,
            "index_uuid": "_na_",
            "index": name,
        },
    )


def parsing(reason):
    return EsError(400, "parsing_exception", reason, line=1, col=1)
