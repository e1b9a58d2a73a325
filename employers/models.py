"""Employers (shared by all projects) and the consultations a project gives them."""

import re
import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.postgres.search import TrigramSimilarity
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.db.models import Count, F, Max, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mentoring.permissions import ProjectScopedQuerySet, project_ids_subquery

# Legal forms and their parts, as tokens after lower-casing and punctuation removal
# ("e.V." has already become "ev", "& Co." has become "co").
LEGAL_FORM_TOKENS = frozenset(
    {
        "gmbh",
        "ggmbh",
        "mbh",
        "ag",
        "kg",
        "kgaa",
        "ohg",
        "gbr",
        "ug",
        "haftungsbeschraenkt",
        "ev",
        "eg",
        "se",
        "co",
        "partg",
        "ek",
        "ltd",
    }
)
TRANSLITERATION = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
# Names at least this similar (pg_trgm similarity) count as possible duplicates.
SIMILARITY_THRESHOLD = 0.5


def normalize_employer_name(name: str) -> str:
    """The name reduced to what tells employers apart, for search and duplicates.

    Lower case, umlauts transliterated (Müller = Mueller), accents, punctuation
    and legal forms (GmbH, gGmbH, AG, KG, e.V., UG, & Co. ...) removed:
    "Müller Bau GmbH & Co. KG" -> "mueller bau".
    """
    text = name.lower().translate(TRANSLITERATION)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    # Dotted abbreviations first, so "e. V." and "e.K." become one token.
    text = re.sub(r"\b([a-z])\s*\.\s*([a-z])\b\.?", r"\1\2", text)
    tokens = re.sub(r"[^a-z0-9]+", " ", text).split()
    kept = [t for t in tokens if t not in LEGAL_FORM_TOKENS]
    # "und Co." loses its "co" above; the dangling "und" goes too.
    while kept and kept[-1] == "und" and len(kept) < len(tokens):
        kept.pop()
    # A name that is nothing but a legal form keeps its tokens.
    return " ".join(kept or tokens)


class EmployerQuerySet(models.QuerySet):
    def bulk_create(self, objs: Any, *args: Any, **kwargs: Any) -> list["Employer"]:
        # bulk_create bypasses save(); the normalised name must still be set
        # (demo data and imports create employers this way).
        objs = list(objs)
        for employer in objs:
            employer.name_normalized = normalize_employer_name(employer.name)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        objs, fields = list(objs), list(fields)
        if "name" in fields:
            for employer in objs:
                employer.name_normalized = normalize_employer_name(employer.name)
            fields.append("name_normalized")
        return super().bulk_update(objs, fields, *args, **kwargs)

    def search(self, query: str) -> "EmployerQuerySet":
        """Employers whose name (also normalised), city or postcode matches."""
        query = query.strip()
        if not query:
            return self
        condition = (
            Q(name__icontains=query)
            | Q(city__icontains=query)
            | Q(postcode__startswith=query)
        )
        normalized = normalize_employer_name(query)
        if normalized:
            condition |= Q(name_normalized__contains=normalized)
        return self.filter(condition)

    def search_by_name(self, query: str) -> "EmployerQuerySet":
        """Employers whose name matches `query`, also when normalised."""
        condition = Q(name__icontains=query.strip())
        normalized = normalize_employer_name(query)
        if normalized:
            condition |= Q(name_normalized__contains=normalized)
        return self.filter(condition)

    def recently_used_by(self, user: Any) -> "EmployerQuerySet":
        """Employers of placements in the user's projects, the latest used first."""
        return (
            self.filter(placements__case__project__memberships__user=user)
            .annotate(last_used=Max("placements__created_at"))
            .order_by("-last_used", "pk")
        )

    def with_counts_for(self, user: Any) -> "EmployerQuerySet":
        """Annotate `own_consultations` and `own_placements`: the numbers of the
        user's projects, as subqueries (no extra query, no row multiplication)."""
        from cases.models import Placement

        consultations = (
            EmployerConsultation.objects.visible_to(user)
            .filter(employer=OuterRef("pk"))
            .order_by()
            .values("employer")
            .annotate(n=Count("pk"))
            .values("n")
        )
        placements = (
            Placement.objects.visible_to(user)
            .filter(employer=OuterRef("pk"))
            .order_by()
            .values("employer")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            own_consultations=Coalesce(Subquery(consultations), 0),
            own_placements=Coalesce(Subquery(placements), 0),
        )

    def with_other_counts_for(self, user: Any) -> "EmployerQuerySet":
        """Annotate `other_consultations` and `other_placements`: how many the
        projects the user does not work in have. Only counts, nothing else."""
        from cases.models import Placement

        own = project_ids_subquery(user)
        consultations = (
            EmployerConsultation.objects.filter(employer=OuterRef("pk"))
            .exclude(project_id__in=own)
            .order_by()
            .values("employer")
            .annotate(n=Count("pk"))
            .values("n")
        )
        placements = (
            Placement.objects.filter(employer=OuterRef("pk"))
            .exclude(case__project_id__in=own)
            .order_by()
            .values("employer")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            other_consultations=Coalesce(Subquery(consultations), 0),
            other_placements=Coalesce(Subquery(placements), 0),
        )

    def duplicate_candidates(
        self, name: str, postcode: str = "", limit: int = 10
    ) -> list["Employer"]:
        """Existing employers that may be the one about to be created.

        Same normalised name and postcode, or a similar name anywhere: on
        PostgreSQL pg_trgm similarity >= 0.5 of the normalised names
        ("Müller GmbH" and "Müller Bau GmbH" are similar, "Müller Bau" and
        "Müller Transporte" are not); on SQLite one normalised name contains
        the other at its start. Each employer gets `match`: "exact" (same
        normalised name and postcode), "name" (same name) or "similar".
        One query.
        """
        normalized = normalize_employer_name(name)
        if not normalized:
            return []
        same = Q(name_normalized=normalized)
        if connection.vendor == "postgresql":
            qs = self.annotate(
                similarity=TrigramSimilarity("name_normalized", normalized)
            ).filter(same | Q(similarity__gte=SIMILARITY_THRESHOLD))
            order = ["-similarity", "name", "pk"]
        else:
            qs = self.alias(typed=Value(normalized)).filter(
                same
                | Q(name_normalized__startswith=normalized)
                | Q(typed__startswith=F("name_normalized"), name_normalized__gt="")
            )
            order = ["name", "pk"]
        candidates = list(qs.select_related("region").order_by(*order)[:limit])
        for employer in candidates:
            if employer.name_normalized != normalized:
                employer.match = "similar"
            elif postcode and employer.postcode == postcode:
                employer.match = "exact"
            else:
                employer.match = "name"
        # Exact matches (same name, same postcode) first, then the same name.
        candidates.sort(key=lambda e: ("exact", "name", "similar").index(e.match))
        return candidates


class Employer(models.Model):
    """An employer or training provider; one registry for all projects."""

    class Sector(models.TextChoices):
        """Sections of the German classification of economic activities, WZ 2008."""

        A = "A", _("A – Agriculture, forestry and fishing")
        B = "B", _("B – Mining and quarrying")
        C = "C", _("C – Manufacturing")
        D = "D", _("D – Electricity, gas, steam and air conditioning supply")
        E = "E", _("E – Water supply, sewerage, waste management")
        F = "F", _("F – Construction")
        G = "G", _("G – Wholesale and retail trade, repair of motor vehicles")
        H = "H", _("H – Transportation and storage")
        I = "I", _("I – Accommodation and food service activities")  # noqa: E741
        J = "J", _("J – Information and communication")
        K = "K", _("K – Financial and insurance activities")
        L = "L", _("L – Real estate activities")
        M = "M", _("M – Professional, scientific and technical activities")
        N = "N", _("N – Administrative and support service activities")
        O = "O", _("O – Public administration and defence")  # noqa: E741
        P = "P", _("P – Education")
        Q = "Q", _("Q – Human health and social work activities")
        R = "R", _("R – Arts, entertainment and recreation")
        S = "S", _("S – Other service activities")
        T = "T", _("T – Activities of households as employers")
        U = "U", _("U – Extraterritorial organisations and bodies")

    class SizeClass(models.TextChoices):
        MICRO = "1-9", _("1–9 employees")
        SMALL = "10-49", _("10–49 employees")
        MEDIUM = "50-249", _("50–249 employees")
        LARGE = "250+", _("250 or more employees")

    name = models.CharField(_("name"), max_length=200)
    sector = models.CharField(
        _("economic sector (WZ 2008)"), max_length=1, choices=Sector
    )
    size_class = models.CharField(
        _("size"), max_length=10, choices=SizeClass, blank=True
    )
    street = models.CharField(_("street and number"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=5, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    region = models.ForeignKey(
        "cases.Region",
        on_delete=models.PROTECT,
        related_name="employers",
        verbose_name=_("district"),
        null=True,
        blank=True,
    )
    # Derived from `name` by save(); what search and the duplicate check compare.
    name_normalized = models.CharField(
        _("normalised name"), max_length=200, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")
        indexes = [
            models.Index(fields=["name"]),
            models.Index(fields=["postcode"]),
            models.Index(fields=["name_normalized"]),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.city})" if self.city else self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        # A derived column kept in step with `name` wherever an employer is saved
        # (forms, admin, imports, factories); search relies on it.
        self.name_normalized = normalize_employer_name(self.name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_normalized"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("employers:employer_detail", args=[self.pk])

    def clean(self) -> None:
        if self.postcode and not (len(self.postcode) == 5 and self.postcode.isdigit()):
            raise ValidationError({"postcode": _("A German postcode has five digits.")})


class ContactPerson(models.Model):
    """A contact at an employer. Business contact data, visible to all projects."""

    employer = models.ForeignKey(
        Employer,
        on_delete=models.CASCADE,
        related_name="contacts",
        verbose_name=_("employer"),
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")

    def __str__(self) -> str:
        return self.name


class EmployerConsultationQuerySet(ProjectScopedQuerySet):
    """Consultations of the user's projects; other projects' stay hidden."""


class EmployerConsultation(models.Model):
    """An employer advised by a mentor of a project (Arbeitgeberberatung)."""

    class Topic(models.TextChoices):
        RECRUITMENT = "recruitment", _("recruiting refugees")
        WORK_PERMIT = "work_permit", _("work permit and residence law")
        FUNDING = "funding", _("funding and subsidies")
        TRAINING = "training", _("vocational training")
        RECOGNITION = "recognition", _("recognition of qualifications")
        ONBOARDING = "onboarding", _("onboarding and intercultural questions")
        CONFLICT = "conflict", _("conflict at the workplace")
        OTHER = "other", _("other")

    employer = models.ForeignKey(
        Employer,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("employer"),
    )
    project = models.ForeignKey(
        "cases.Project",
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("project"),
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="consultations",
        verbose_name=_("mentor"),
    )
    date = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=20, choices=Topic)
    notes = models.TextField(_("notes"), blank=True)
    mentee = models.ForeignKey(
        "cases.Mentee",
        on_delete=models.SET_NULL,
        related_name="consultations",
        verbose_name=_("about mentee"),
        null=True,
        blank=True,
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = EmployerConsultationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("employer consultation")
        verbose_name_plural = _("employer consultations")
        indexes = [
            models.Index(fields=["employer", "-date"]),
            models.Index(fields=["date"]),
        ]

    def __str__(self) -> str:
        return f"{self.employer} – {self.date:%d.%m.%Y}"

    def clean(self) -> None:
        errors = {}
        if self.date and self.date > timezone.localdate():
            errors["date"] = _("A consultation cannot be recorded for a future date.")
        if (
            self.mentee_id
            and self.project_id
            and self.mentee.project_id != self.project_id
        ):
            errors["mentee"] = _("The mentee does not belong to this project.")
        if errors:
            raise ValidationError(errors)
