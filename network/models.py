"""The National Societies of the network.

Resources point to the National Society that produced them, so readers can see where a
practice comes from and find its people; the directory of contact points builds on it.
"""

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from wagtail.admin.panels import FieldPanel
from wagtail.log_actions import log
from wagtail.models import RevisionMixin

from hub import phones
from hub.editing import LanguageModelForm
from hub.translation_status import TranslatedContentMixin
from hub.validators import web_address
from network.languages import is_spoken_language


class NationalSociety(TranslatedContentMixin, models.Model):
    """A Red Cross or Red Crescent National Society, named in every language of the Hub."""

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    country = CountryField(_("country"))
    website = models.URLField(_("website"), blank=True, validators=[web_address])
    atn_member = models.BooleanField(
        _("ATN member"),
        default=False,
        help_text=_("Member of the European Action for Trafficked Persons Network."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    translated_content_fields = ("name",)
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("atn_member"),
        FieldPanel("logo"),
    ]
    base_form_class = LanguageModelForm

    class Meta:
        verbose_name = _("National Society")
        verbose_name_plural = _("National Societies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Visibility(models.TextChoices):
    """Who may see a contact point, or one of its fields. Ordered from most to least seen."""

    PUBLIC = "public", _("Everyone")
    NETWORK = "network", _("Network members")
    EDITORS = "editors", _("Editors only")


VISIBILITY_RANK = {Visibility.PUBLIC: 0, Visibility.NETWORK: 1, Visibility.EDITORS: 2}

# The fields of a contact point with a visibility of their own (`<field>_visibility`), never
# wider than the profile's; and every visibility a contact point has.
PRIVATE_FIELDS = ("email", "phone")
VISIBILITY_FIELDS = ("profile_visibility", *(f"{name}_visibility" for name in PRIVATE_FIELDS))

EMAIL_TAKEN = _("This email address is already used by another contact point.")


def months_ago(months, now=None):
    """The moment `months` months before `now` (a month being 30.44 days, its mean length)."""
    return (now or timezone.now()) - timedelta(days=round(months * 30.44))


def viewer_rank(user):
    """How much a viewer may see: 0 anyone, 1 a signed-in network member, 2 an editor."""
    if user is None or not user.is_authenticated or not user.is_active:
        return 0
    if user.has_perm("network.change_contactpoint"):
        return 2
    return 1


class ContactPointQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Contact points whose profile this viewer may see."""
        rank = viewer_rank(user)
        allowed = [value for value, level in VISIBILITY_RANK.items() if level <= rank]
        return self.filter(profile_visibility__in=allowed)


class ContactPoint(RevisionMixin, models.Model):
    """A focal point of a National Society: a person other members can turn to.

    This is personal data. The profile as a whole, the email address and the phone number each
    have a visibility (everyone, network members, editors only; network members by default),
    and a field is never shown more widely than its profile. Every surface goes through
    `visible_fields`, so nothing private can leak from one of them. The person keeps the
    profile current through their own account (`user`) and confirms it regularly
    (`last_confirmed`); every change is a revision editors can see and revert.
    """

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        blank=True,
        help_text=_("Identifies the contact point in imports; made from the name if left empty."),
    )
    society = models.ForeignKey(
        NationalSociety,
        verbose_name=_("National Society"),
        on_delete=models.PROTECT,
        related_name="contact_points",
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    languages = models.JSONField(
        _("languages spoken"), default=list, blank=True, help_text=_("ISO 639 codes, e.g. ti, prs.")
    )
    expertise = models.ManyToManyField(
        "resources.Theme", verbose_name=_("expertise"), blank=True, related_name="experts"
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    profile_visibility = models.CharField(
        _("who sees this profile"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    email_visibility = models.CharField(
        _("who sees the email address"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    phone_visibility = models.CharField(
        _("who sees the phone number"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.NETWORK,
    )
    preferred_language = models.CharField(
        _("language for messages"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    last_confirmed = models.DateTimeField(_("details last confirmed"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When the profile was made: a new profile is as fresh as a confirmed one, so it is not
    # reminded before PROFILE_REMINDER_MONTHS either. Empty for profiles made before this was
    # kept and without a revision to date them.
    created_at = models.DateTimeField(
        _("created"), default=timezone.now, null=True, blank=True, editable=False
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contact_point",
        help_text=_("The account that may edit this profile."),
    )
    revisions = GenericRelation(
        "wagtailcore.Revision", content_type_field="base_content_type", related_query_name="+"
    )

    objects = ContactPointQuerySet.as_manager()

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("society"),
        FieldPanel("role"),
        FieldPanel("email"),
        FieldPanel("phone"),
        FieldPanel("languages"),
        FieldPanel("expertise", widget=forms.CheckboxSelectMultiple),
        FieldPanel("photo"),
        FieldPanel("profile_visibility"),
        FieldPanel("email_visibility"),
        FieldPanel("phone_visibility"),
        FieldPanel("preferred_language"),
        # Only the member confirms their details (profile, reminder link); linking a profile to
        # an existing account is a superuser's act (an invitation creates a new one).
        FieldPanel("last_confirmed", read_only=True),
        FieldPanel("user", permission="superuser"),
    ]

    class Meta:
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")
        ordering = ["name"]
        constraints = [
            # The import and sign-in find a person by email: two profiles never share one.
            models.UniqueConstraint(
                Lower("email"),
                condition=~Q(email=""),
                name="network_contactpoint_unique_email",
                violation_error_message=EMAIL_TAKEN,
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.free_slug()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def clean(self):
        """The privacy rules, for every path that saves a contact: admin, profile, import."""
        super().clean()
        errors = {}
        if self.phone:
            # Stored as dialled from anywhere: "+44 20 7877 5027" for "0207 877 5027" of a
            # British Red Cross contact; a number phonenumbers cannot read stays as typed.
            country = self.society.country.code if self.society_id else None
            self.phone = phones.display(self.phone, country)
        unknown = [code for code in self.languages or [] if not is_spoken_language(code)]
        if unknown:
            errors["languages"] = _("Unknown language code: %(code)s") % {"code": unknown[0]}
        profile = VISIBILITY_RANK.get(self.profile_visibility)
        for name in PRIVATE_FIELDS:
            field = f"{name}_visibility"
            own = VISIBILITY_RANK.get(getattr(self, field))
            if profile is not None and own is not None and own < profile:
                errors[field] = ValidationError(
                    _("This cannot be seen by more people than the profile itself."),
                    code="wider_than_profile",
                )
        if self.email and self.email_taken():
            errors["email"] = ValidationError(EMAIL_TAKEN, code="email_taken")
        if errors:
            raise ValidationError(errors)

    def email_taken(self):
        others = ContactPoint.objects.filter(email__iexact=self.email)
        return others.exclude(pk=self.pk).exists() if self.pk else others.exists()

    def free_slug(self):
        """A slug made from the name that no other contact point has."""
        base = slugify(self.name)[:90] or "contact"
        taken = set(
            ContactPoint.objects.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 1
        while slug in taken:
            number += 1
            slug = f"{base}-{number}"
        return slug

    def field_rank(self, field):
        """A field's effective visibility: its own, never wider than the profile's."""
        own = VISIBILITY_RANK[getattr(self, f"{field}_visibility")]
        return max(own, VISIBILITY_RANK[self.profile_visibility])

    def visible_fields(self, user, owner=False):
        """What this viewer may see of the contact point (None if not the profile at all).
        `owner`: the viewer is the person themselves (a confirmation link sent to them),
        signed in or not."""
        rank = viewer_rank(user)
        if owner or (self.user_id is not None and user is not None and self.user_id == user.pk):
            rank = 2  # a member always sees their own profile in full
        if VISIBILITY_RANK[self.profile_visibility] > rank:
            return None
        visible = {
            "id": self.pk,
            "name": self.name,
            "society": self.society,
            "role": self.role,
            "languages": list(self.languages or []),
            "expertise": list(self.expertise.all()),
            "photo": self.photo,
            "confirmed_recently": self.confirmed_recently,
        }
        for name in PRIVATE_FIELDS:
            value = getattr(self, name)
            visible[name] = value if value and self.field_rank(name) <= rank else ""
        return visible

    @property
    def confirmed_recently(self):
        if self.last_confirmed is None:
            return False
        return self.last_confirmed >= months_ago(settings.PROFILE_STALE_MONTHS)

    def confirm(self, user=None):
        self.last_confirmed = timezone.now()
        self.save(update_fields=["last_confirmed"])
        log(self, "network.confirm", user=user)
