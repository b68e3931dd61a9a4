"""What a batch of the import (resources.importer) writes as it ends, a query a table instead
of several a page: the log entries of its pages' history, and the taxonomy terms of the
pages it creates.

A log entry is the one Wagtail's `log()` writes (the same model, label, user, uuid of the
log context and data); Wagtail saves each alone after `full_clean()`, three queries to check
foreign keys the importer has just written. A new page's terms are kept in memory for its
revision, its signal and its reference index (no query to read them back), and inserted
with the batch's; so are its child objects (attachments; comments, none), which it saves.
"""

from contextlib import contextmanager

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.log_actions import get_active_log_context
from wagtail.log_actions import registry as log_actions


@contextmanager
def children_kept(page):
    """Keep in memory the child objects the new `page` is saved with (a ClusterableModel
    forgets them as it saves, to read them again: a query each relation each read)."""
    names = [relation.get_accessor_name() for relation in get_all_child_relations(page)]
    children = {name: list(getattr(page, name).all()) for name in names}  # in memory: no pk
    yield
    for name, items in children.items():
        setattr(page, name, items)


class BatchWrites:
    def __init__(self):
        self.logs = []
        self.links = {}  # through model -> its unsaved rows

    @contextmanager
    def record(self):
        """A record's writes: kept if the block ends well, dropped if it fails (the record's
        savepoint is rolled back)."""
        logs, links = len(self.logs), {through: len(rows) for through, rows in self.links.items()}
        try:
            yield
        except BaseException:
            del self.logs[logs:]
            for through, rows in self.links.items():
                del rows[links.get(through, 0) :]
            raise

    def log(self, page, action, user=None, data=None, **fields):
        if not log_actions.action_exists(action):
            raise ValueError(f"The log action {action!r} has not been registered.")
        model = log_actions.get_log_model_for_instance(page)
        context = get_active_log_context()
        self.logs.append(
            model(
                content_type=ContentType.objects.get_for_model(page, for_concrete_model=False),
                label=model.objects.get_instance_title(page),
                action=action,
                timestamp=timezone.now(),
                data=data or {},
                user=user or context.user,
                uuid=context.uuid,
                page=page,
                **fields,
            )
        )

    def link(self, page, name, terms):
        """Give the saved new `page` the `terms` of its taxonomy `name`."""
        field = page._meta.get_field(name)
        through = field.remote_field.through
        self.links.setdefault(through, []).extend(
            through(**{field.m2m_field_name(): page, field.m2m_reverse_field_name(): term})
            for term in terms
        )
        getattr(page, name).set(terms)  # in memory: what the page reads, without a query

    def write(self):
        for through, rows in self.links.items():
            through.objects.bulk_create(rows)
        for model in {type(entry) for entry in self.logs}:
            model.objects.bulk_create(entry for entry in self.logs if type(entry) is model)
        self.logs, self.links = [], {}
