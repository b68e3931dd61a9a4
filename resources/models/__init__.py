"""Models of the library: taxonomies (snippets) and the resource page types."""

from resources.models.pages import (
    KIND_MODELS,
    CaseStudyPage,
    GuidancePage,
    ResourceAttachment,
    ResourceIndexPage,
    ResourcePage,
    ToolPage,
    latest_resources,
)
from resources.models.taxonomies import Audience, ExploitationForm, Theme

__all__ = [
    "KIND_MODELS",
    "Audience",
    "CaseStudyPage",
    "ExploitationForm",
    "GuidancePage",
    "ResourceAttachment",
    "ResourceIndexPage",
    "ResourcePage",
    "Theme",
    "ToolPage",
    "latest_resources",
]
