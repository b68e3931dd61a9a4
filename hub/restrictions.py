"""Wagtail's view restrictions (password, signed-in users, groups) as every surface applies them.

A restriction on a page holds for the page and everything below it, on every surface: the page
itself (Wagtail), but also search, suggest, feeds, listings, the sitemap and the caches. Those
surfaces do not load pages one by one, so each page's restrictions are summed up as an access
token: "public", or the sorted parts "login", "groups:<ids>" and "password" of every
restriction on the page and its ancestors, joined by "&". A viewer is admitted when every part
admits them; a password is never entered through a listing, so "password" admits nobody, and a
token this process does not know (written before a restriction changed) admits nobody either.

The restrictions are few: each process keeps them for the content version
(hub.models.ContentVersion, which every change to a restriction changes), so asking costs no
query. The search index keeps each resource's token (search.signals follows the changes).
"""

import threading
from dataclasses import dataclass

PUBLIC = "public"
LOGIN = "login"
PASSWORD = "password"  # noqa: S105 - the kind of restriction, not a password
GROUPS = "groups:"


@dataclass(frozen=True)
class Rule:
    """One restriction: the tree path of its page and its part of an access token."""

    path: str
    part: str


def _part(restriction, group_ids):
    if restriction.restriction_type == restriction.LOGIN:
        return LOGIN
    if restriction.restriction_type == restriction.GROUPS:
        return GROUPS + ",".join(str(pk) for pk in sorted(group_ids))
    return PASSWORD  # PASSWORD, and any kind Wagtail may add: fail closed


def load_rules():
    """Every restriction as it is in the database now (two queries)."""
    from wagtail.models import PageViewRestriction

    restrictions = list(PageViewRestriction.objects.select_related("page"))
    groups = {}
    through = PageViewRestriction.groups.through
    for restriction_id, group_id in through.objects.filter(
        pageviewrestriction__in=restrictions
    ).values_list("pageviewrestriction_id", "group_id"):
        groups.setdefault(restriction_id, set()).add(group_id)
    return tuple(
        Rule(path=restriction.page.path, part=_part(restriction, groups.get(restriction.pk, ())))
        for restriction in restrictions
    )


_kept = {"token": None, "rules": None}
_lock = threading.Lock()


def rules():
    """The restrictions, read once per content version in each process: a page asks for them
    several times (its own, the menu, listings, search), and reading them is two queries."""
    from hub.models import ContentVersion

    token = ContentVersion.current()
    if token is None:
        return load_rules()
    if _kept["token"] != token or _kept["rules"] is None:
        loaded = load_rules()
        with _lock:
            _kept.update(token=token, rules=loaded)
        return loaded
    return _kept["rules"]


def access_for_path(path, among=None):
    """The access token of the page at tree path `path`."""
    found = among if among is not None else rules()
    parts = sorted({rule.part for rule in found if path.startswith(rule.path)})
    return "&".join(parts) or PUBLIC


def access_for(page, among=None):
    return access_for_path(page.path, among)


def tokens(among=None):
    """Every access token a page can have now: a page's token is that of the deepest
    restricted page above it (or itself)."""
    found = among if among is not None else rules()
    return {PUBLIC} | {access_for_path(rule.path, found) for rule in found}


@dataclass(frozen=True)
class Viewer:
    """What admits a viewer through restrictions: signed in, a superuser, their groups.
    Hashable, so that caches of what a viewer sees are keyed by what they may see."""

    authenticated: bool = False
    superuser: bool = False
    groups: frozenset = frozenset()

    @classmethod
    def of(cls, user):
        if user is None or not user.is_authenticated or not user.is_active:
            return ANONYMOUS
        groups = getattr(user, "_hub_group_ids", None)
        if groups is None:
            groups = frozenset(user.groups.values_list("pk", flat=True))
            user._hub_group_ids = groups
        return cls(authenticated=True, superuser=user.is_superuser, groups=groups)

    def admits(self, token):
        if token == PUBLIC:
            return True
        for part in token.split("&"):
            if part == LOGIN:
                if not self.authenticated:
                    return False
            elif part.startswith(GROUPS):
                if not self.authenticated:
                    return False
                wanted = {int(pk) for pk in part[len(GROUPS) :].split(",") if pk.isascii() and pk}
                if not self.superuser and not (wanted & self.groups):
                    return False
            else:
                return False
        return True

    def admitted(self, among=None):
        """The access tokens that admit this viewer, "public" included, as a sorted tuple."""
        return tuple(sorted(token for token in tokens(among) if self.admits(token)))

    def sees_everything(self, among=None):
        """Whether no page is hidden from this viewer (the usual case: no restriction)."""
        return all(self.admits(token) for token in tokens(among))


ANONYMOUS = Viewer()


def viewer_of(request):
    return Viewer.of(getattr(request, "user", None))


def hidden_page_ids(page_ids, viewer):
    """Those of `page_ids` that a restriction hides from `viewer`, from the page tree as it is
    now (one query, none when nothing is hidden from the viewer). A safety net for indexes
    that missed a restriction's change (a search server down at the time)."""
    from wagtail.models import Page

    found = rules()
    if not page_ids or viewer.sees_everything(found):
        return set()
    return {
        pk
        for pk, path in Page.objects.filter(pk__in=list(page_ids)).values_list("pk", "path")
        if not viewer.admits(access_for_path(path, found))
    }


def is_restricted(page):
    """Whether a restriction applies to this page (on it or an ancestor)."""
    return access_for(page) != PUBLIC
