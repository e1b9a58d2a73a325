"""Forms of the case pages. Rules a user must see live in the models' clean();
the forms add what spans more than one model (duplicates, the first case, the
case status after a placement) and save it in one transaction."""

from datetime import date
from typing import Any

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Fieldset, Layout
from django import forms
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.utils import bulk_update_with_history

from employers.models import Employer
from mentoring.permissions import MENTOR, PROJECT_LEAD, PROJECT_ROLES
from mentoring.widgets import DateInput
from privacy.changes import LABELS, show
from privacy.consent import processing_refusal, record_consent
from privacy.forms import add_consent_fields

from .models import (
    Case,
    Feedback,
    IntegrationStep,
    Meeting,
    Membership,
    Mentee,
    Placement,
    Project,
    TeamInvitation,
)

User = get_user_model()

# How many employers the placement form offers before the user searches.
RECENT_EMPLOYERS = 20
# Cases per UPDATE (and history INSERT) of a handover.
HANDOVER_BATCH = 500


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


def project_mentors(projects: QuerySet | list) -> QuerySet:
    """Mentors and project leads working in any of `projects`."""
    return (
        User.objects.filter(
            memberships__project__in=projects,
            groups__name__in=PROJECT_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def today() -> date:
    return timezone.localdate()


def user_projects(user: Any) -> QuerySet:
    return Project.objects.filter(memberships__user=user).order_by("name")


# ---------------------------------------------------------------------------
# No lost updates


class VersionCheckMixin(forms.Form):
    """An edit form that refuses a stale save.

    The form carries the version of the row it was shown with. On submit,
    clean() locks the row (SELECT ... FOR UPDATE, held until the request's
    transaction ends) and compares: if someone saved in between, the save is
    refused with what they changed, read from the change history, and nothing
    is overwritten. A plain field and a lock rather than django-concurrency:
    the rule stays visible in one place and works with simple-history.
    """

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            del self.fields["version"]
        else:
            self.initial["version"] = self.instance.version

    def clean(self) -> dict:
        cleaned = super().clean()
        if "version" not in self.fields:
            return cleaned
        model = type(self.instance)
        current = model.objects.select_for_update().get(pk=self.instance.pk)
        shown = cleaned.get("version")
        if shown != current.version:
            raise forms.ValidationError(
                self.conflict_message(current, shown), code="stale"
            )
        return cleaned

    def conflict_message(self, current: Any, shown: int | None) -> str:
        """Who changed what in between: field label, old → new value."""
        model = type(current)
        before = (
            model.history.filter(id=current.pk, version=shown).first()
            if shown is not None
            else None
        )
        changes = []
        if before is not None:
            for name in self._meta.fields:
                field = model._meta.get_field(name)
                old = getattr(before, field.attname)
                new = getattr(current, field.attname)
                if old != new:
                    changes.append(
                        f"{field.verbose_name}: {self.shown(field, old)} → "
                        f"{self.shown(field, new)}"
                    )
        message = _(
            "Someone else saved this record after you opened the form. "
            "Your changes were not saved."
        )
        if changes:
            message += " " + _("They changed: %(changes)s.") % {
                "changes": "; ".join(changes)
            }
        return message + " " + _("Please reload the page and enter your changes again.")

    @staticmethod
    def shown(field: Any, value: Any) -> str:
        names = {}
        if field.is_relation and value is not None:
            related = field.related_model._default_manager.filter(pk=value).first()
            label = LABELS.get(field.related_model, lambda o, names: str(o))
            names = (
                {field.related_model: {value: label(related, {})}} if related else {}
            )
        return show(field, value, names)


# ---------------------------------------------------------------------------
# Mentees


class MenteeForm(VersionCheckMixin, forms.ModelForm):
    """Master data of a mentee. On create it also opens the first case."""

    confirm_duplicate = forms.BooleanField(
        label=_("This is a different person: save anyway"), required=False
    )

    class Meta:
        model = Mentee
        fields = [
            "first_name",
            "last_name",
            "date_of_birth",
            "gender",
            "country_of_origin",
            "nationality",
            "residence_status",
            "residence_purpose",
            "work_permit",
            "arrival_year",
            "german_level",
            "education_level",
            "foreign_qualification",
            "recognition_status",
            "labour_market_status",
            "agency",
            "region",
            "postcode",
            "phone",
            "email",
            "notes",
        ]
        widgets = {
            "date_of_birth": DateInput(),
            "arrival_year": forms.NumberInput(attrs={"min": 1950, "step": 1}),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "postcode": forms.TextInput(attrs={"inputmode": "numeric"}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.duplicates: list[Mentee] = []
        self.creating = self.instance.pk is None
        self.fields["residence_purpose"].widget.attrs["data-show-if-status"] = (
            Mentee.ResidenceStatus.RESIDENCE_PERMIT
        )
        case_fields: list[str] = []
        consent_fields: list[str] = []
        if self.creating:
            # No personal data without a consent record (privacy/consent.py).
            consent_fields = add_consent_fields(self)
            projects = list(user_projects(user))
            if len(projects) > 1:
                self.fields["project"] = forms.ModelChoiceField(
                    label=_("project"),
                    queryset=user_projects(user),
                    help_text=_("The project that accompanies the person."),
                )
                case_fields.append("project")
            self.single_project = projects[0] if len(projects) == 1 else None
            self.fields["opened_on"] = forms.DateField(
                label=_("date of the first conversation"),
                widget=DateInput(),
                initial=timezone.localdate,
                help_text=_("Opens the first case on this day."),
            )
            self.fields["mentor"] = MentorChoiceField(
                label=_("mentor"),
                queryset=project_mentors(projects),
                initial=user.pk,
            )
            case_fields += ["opened_on", "mentor"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        self.helper.render_hidden_fields = True  # the version
        self.helper.layout = Layout(
            Fieldset(
                _("Person"),
                "first_name",
                "last_name",
                "date_of_birth",
                "gender",
                "country_of_origin",
                "nationality",
            ),
            Fieldset(
                _("Residence and work permit"),
                "residence_status",
                "residence_purpose",
                "work_permit",
                "arrival_year",
            ),
            Fieldset(
                _("Language, education and work"),
                "german_level",
                "education_level",
                "foreign_qualification",
                "recognition_status",
                "labour_market_status",
                "agency",
            ),
            Fieldset(_("Contact"), "region", "postcode", "phone", "email"),
            *([Fieldset(_("Consent"), *consent_fields)] if consent_fields else []),
            *([Fieldset(_("First case"), *case_fields)] if case_fields else []),
            Fieldset(_("Notes"), "notes"),
        )

    @property
    def project(self) -> Project | None:
        if not self.creating:
            return self.instance.project
        return self.cleaned_data.get("project") or self.single_project

    def clean_opened_on(self) -> date:
        opened_on = self.cleaned_data["opened_on"]
        if opened_on > timezone.localdate():
            raise forms.ValidationError(
                _("The first conversation cannot lie in the future.")
            )
        return opened_on

    def clean(self) -> dict:
        # Before the version check: a restricted or erased record says so.
        refusal = None if self.creating else processing_refusal(self.instance)
        if refusal:
            raise forms.ValidationError(refusal, code="restricted")
        cleaned = super().clean()
        project = self.project
        if project is None:
            return cleaned
        if self.creating:
            self.instance.project = project
            mentor = cleaned.get("mentor")
            if mentor and not mentor.memberships.filter(project=project).exists():
                self.add_error(
                    "mentor", _("This person does not work in the chosen project.")
                )
        self.duplicates = self.find_duplicates(project)
        if self.duplicates and not cleaned.get("confirm_duplicate"):
            raise forms.ValidationError(
                _(
                    "A mentee with this name and date of birth already exists in "
                    "the project. Please check; if it is a different person, tick "
                    "“save anyway”."
                ),
                code="duplicate",
            )
        return cleaned

    def find_duplicates(self, project: Project) -> list[Mentee]:
        first = self.cleaned_data.get("first_name")
        last = self.cleaned_data.get("last_name")
        born = self.cleaned_data.get("date_of_birth")
        if not (first and last and born):
            return []
        found = Mentee.objects.filter(
            project=project,
            first_name__iexact=first.strip(),
            last_name__iexact=last.strip(),
            date_of_birth=born,
        )
        if self.instance.pk:
            found = found.exclude(pk=self.instance.pk)
        return list(found[:10])

    @transaction.atomic
    def save(self, commit: bool = True) -> Mentee:
        mentee = super().save()
        if self.creating:
            record_consent(
                mentee,
                text=self.cleaned_data["consent_text"],
                given_on=self.cleaned_data["consent_given_on"],
                channel=self.cleaned_data["consent_channel"],
                by=self.user,
            )
            Case.objects.create(
                mentee=mentee,
                project=mentee.project,
                mentor=self.cleaned_data["mentor"],
                opened_on=self.cleaned_data["opened_on"],
                status=Case.Status.INTAKE,
            )
        return mentee


# ---------------------------------------------------------------------------
# Cases


class CaseOpenForm(forms.ModelForm):
    """A new case for a mentee who has none open (a person who comes back)."""

    mentor = MentorChoiceField(label=_("mentor"), queryset=User.objects.none())

    class Meta:
        model = Case
        fields = ["opened_on", "mentor"]
        labels = {"opened_on": _("date of the first conversation")}
        widgets = {"opened_on": DateInput()}

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = project_mentors([self.instance.project_id])
        self.initial["mentor"] = self.initial.get("mentor") or user.pk
        self.initial["opened_on"] = self.initial.get("opened_on") or today()

    def clean(self) -> dict:
        cleaned = super().clean()
        refusal = processing_refusal(self.instance.mentee)
        if refusal:
            raise forms.ValidationError(refusal, code="restricted")
        if Case.objects.filter(mentee=self.instance.mentee).open().exists():
            raise forms.ValidationError(
                _("This mentee already has an open case."), code="open_case"
            )
        return cleaned


class CaseEditForm(VersionCheckMixin, forms.ModelForm):
    """Mentor assignment and the dates of a case."""

    mentor = MentorChoiceField(label=_("mentor"), queryset=User.objects.none())

    class Meta:
        model = Case
        fields = ["mentor", "opened_on", "admitted_on"]
        widgets = {"opened_on": DateInput(), "admitted_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = project_mentors([self.instance.project_id])
        if self.instance.closed_on:
            self.fields["admitted_on"].help_text = ""

    def clean_opened_on(self) -> date:
        opened_on = self.cleaned_data["opened_on"]
        case = self.instance
        earliest = [
            d
            for d in (
                case.meetings.order_by("date").values_list("date", flat=True).first(),
                case.placements.order_by("start_on")
                .values_list("start_on", flat=True)
                .first(),
            )
            if d
        ]
        if earliest and opened_on > min(earliest):
            raise forms.ValidationError(
                _(
                    "The case has meetings or placements from %(date)s on; "
                    "it cannot be opened later."
                )
                % {"date": min(earliest).strftime("%d.%m.%Y")}
            )
        return opened_on

    @transaction.atomic
    def save(self, commit: bool = True) -> Case:
        case = super().save()
        case.refresh_status()
        return case


class CaseAdmitForm(forms.ModelForm):
    class Meta:
        model = Case
        fields = ["admitted_on"]
        widgets = {"admitted_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["admitted_on"].required = True
        self.initial["admitted_on"] = self.initial.get("admitted_on") or today()

    def clean(self) -> dict:
        if not self.instance.can_be_admitted:
            raise forms.ValidationError(
                _("Only an open case that has not been admitted can be admitted.")
            )
        return super().clean()

    @transaction.atomic
    def save(self, commit: bool = True) -> Case:
        case = super().save()
        case.refresh_status()
        return case


class CaseCloseForm(forms.ModelForm):
    close_anyway = forms.BooleanField(
        label=_("Close anyway (please explain in the note)"), required=False
    )

    class Meta:
        model = Case
        fields = ["closed_on", "close_reason", "close_note"]
        widgets = {"closed_on": DateInput(), "close_note": forms.Textarea({"rows": 3})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["closed_on"].required = True
        self.initial["closed_on"] = self.initial.get("closed_on") or today()
        self.fields["close_reason"].required = True
        self.running_placements = list(
            self.instance.placements.running().select_related("employer")
        )
        if not self.running_placements:
            del self.fields["close_anyway"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.instance.is_open:
            raise forms.ValidationError(_("This case is already closed."))
        if self.running_placements:
            if not cleaned.get("close_anyway"):
                self.add_error(
                    None,
                    _(
                        "A placement of this case is still running. Please end it "
                        "first, or tick “close anyway” and explain why in the note."
                    ),
                )
            elif not cleaned.get("close_note", "").strip():
                self.add_error(
                    "close_note",
                    _("Please explain why the case is closed while a placement runs."),
                )
        return cleaned

    @transaction.atomic
    def save(self, commit: bool = True) -> Case:
        case = super().save(commit=False)
        case.status = Case.Status.CLOSED
        case.save()
        return case


# ---------------------------------------------------------------------------
# Meetings


class MeetingForm(VersionCheckMixin, forms.ModelForm):
    topics = forms.MultipleChoiceField(
        label=_("topics"),
        choices=Meeting.Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Meeting
        fields = [
            "date",
            "duration_minutes",
            "channel",
            "with_whom",
            "topics",
            "notes",
            "next_step",
            "next_step_due_on",
        ]
        widgets = {
            "date": DateInput(),
            "next_step_due_on": DateInput(),
            "duration_minutes": forms.NumberInput(attrs={"min": 1, "max": 600}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    # Behind a closed section on a phone: the quick path (today, 30 minutes, in
    # person, with the mentee) needs none of them.
    DETAIL_FIELDS = ("topics", "notes", "next_step", "next_step_due_on")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk is None:
            self.initial["date"] = self.initial.get("date") or today()

    @property
    def details_open(self) -> bool:
        """Whether the detail fields hold what the user typed or an error."""
        return self.is_bound and any(
            self.data.get(self.add_prefix(name)) or name in self.errors
            for name in self.DETAIL_FIELDS
        )


# ---------------------------------------------------------------------------
# Feedback on meetings


class FeedbackForm(forms.ModelForm):
    """A project lead's comment or follow-up request, to the meeting's mentor."""

    kind = forms.ChoiceField(
        label=_("kind"),
        choices=[
            (Feedback.Kind.COMMENT, _("Comment")),
            (Feedback.Kind.FOLLOW_UP, _("Ask for a follow-up")),
        ],
        initial=Feedback.Kind.COMMENT,
        widget=forms.RadioSelect,
    )

    class Meta:
        model = Feedback
        fields = ["kind", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self, *args: Any, meeting: Meeting, author: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.instance.meeting = meeting
        self.instance.author = author
        self.instance.recipient_id = meeting.feedback_recipient_id

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.instance.recipient_id == self.instance.author.pk:
            raise forms.ValidationError(
                _("You logged this meeting yourself; feedback goes to another mentor.")
            )
        return cleaned


class AnswerForm(forms.ModelForm):
    """An answer to feedback: back to its author, and the feedback is read."""

    class Meta:
        model = Feedback
        fields = ["text"]
        labels = {"text": _("Your answer")}
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}

    def __init__(
        self, *args: Any, answering: Feedback, author: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.answering = answering
        self.instance.meeting = answering.meeting
        self.instance.kind = Feedback.Kind.ANSWER
        self.instance.author = author
        self.instance.recipient_id = answering.author_id

    @transaction.atomic
    def save(self, commit: bool = True) -> Feedback:
        answer = super().save()
        self.answering.mark_read()
        return answer


# ---------------------------------------------------------------------------
# Integration steps


class IntegrationStepForm(forms.ModelForm):
    class Meta:
        model = IntegrationStep
        fields = ["kind", "description", "responsible", "due_on", "done_on"]
        widgets = {"due_on": DateInput(), "done_on": DateInput()}

    def clean_done_on(self) -> date | None:
        done_on = self.cleaned_data["done_on"]
        if done_on and done_on > timezone.localdate():
            raise forms.ValidationError(_("The step cannot be done in the future."))
        return done_on


# ---------------------------------------------------------------------------
# Placements


class PlacementForm(VersionCheckMixin, forms.ModelForm):
    employer = forms.ModelChoiceField(
        label=_("employer or provider"),
        queryset=Employer.objects.all(),
        required=False,
    )
    qualification_adequate = forms.TypedChoiceField(
        label=_("Qualification-adequate"),
        choices=[("", _("not assessed")), ("true", _("yes")), ("false", _("no"))],
        coerce=lambda v: v == "true",
        empty_value=None,
        required=False,
        help_text=_("Only for employment: does the job match the qualification?"),
    )

    class Meta:
        model = Placement
        fields = [
            "kind",
            "employer",
            "occupation",
            "start_on",
            "planned_end_on",
            "weekly_hours",
            "qualification_adequate",
        ]
        widgets = {
            "start_on": DateInput(),
            "planned_end_on": DateInput(),
            "weekly_hours": forms.NumberInput(attrs={"min": 1, "max": 60, "step": 0.5}),
        }

    def __init__(
        self, *args: Any, user: Any, employer: Employer | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.qualification_adequate is not None:
            self.initial["qualification_adequate"] = (
                "true" if self.instance.qualification_adequate else "false"
            )
        if employer is not None:
            self.initial["employer"] = employer.pk
        self.fields["qualification_adequate"].widget.attrs["data-only-for-kind"] = (
            Placement.Kind.EMPLOYMENT
        )
        self.fields["employer"].widget.choices = self.employer_choices(user, employer)

    def employer_choices(
        self, user: Any, preselected: Employer | None
    ) -> list[tuple[Any, str]]:
        """The chosen employer plus the ones the user's projects used last."""
        chosen = [e for e in (preselected, self.instance.employer) if e is not None]
        submitted = str(self.data.get(self.add_prefix("employer"), ""))
        if self.is_bound and submitted.isdigit():
            # An employer found by the search is not among the recent ones.
            chosen += Employer.objects.filter(pk=int(submitted))
        recent = Employer.objects.recently_used_by(user)[:RECENT_EMPLOYERS]
        seen: set[int] = set()
        choices: list[tuple[Any, str]] = [("", "---------")]
        for employer in [*chosen, *recent]:
            if employer.pk not in seen:
                seen.add(employer.pk)
                choices.append((employer.pk, str(employer)))
        return choices

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("kind") != Placement.Kind.EMPLOYMENT:
            # The field is hidden for other kinds; drop a stale answer silently.
            cleaned["qualification_adequate"] = None
            self.instance.qualification_adequate = None
        return cleaned

    @transaction.atomic
    def save(self, commit: bool = True) -> Placement:
        placement = super().save()
        placement.case.refresh_status()
        return placement


class PlacementEndForm(forms.ModelForm):
    class Meta:
        model = Placement
        fields = ["ended_on", "end_reason"]
        widgets = {"ended_on": DateInput()}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].required = True
        self.fields["end_reason"].required = True
        self.initial["ended_on"] = self.initial.get("ended_on") or today()

    @transaction.atomic
    def save(self, commit: bool = True) -> Placement:
        placement = super().save()
        placement.case.refresh_status()
        return placement


# ---------------------------------------------------------------------------
# Team: a project lead manages the project's mentors


def mentor_role_users() -> QuerySet:
    """Active users with the mentor role."""
    return (
        User.objects.filter(groups__name=MENTOR, is_active=True)
        .distinct()
        .order_by("first_name", "last_name", "username")
    )


def unassigned_mentors() -> QuerySet:
    """Active mentors who belong to no project, the only people a lead may add.

    Another project's staff is never offered (nor named) to a lead.
    """
    return mentor_role_users().filter(memberships__isnull=True)


def user_label(user: Any) -> str:
    full_name = user.get_full_name()
    return f"{full_name} ({user.username})" if full_name else user.username


def membership_removal_error(membership: Membership) -> str | None:
    """Why `membership` may not be removed now, or None. Costs up to two queries.

    A member keeps open cases of the project until they are handed over, and a
    project never loses its last lead.
    """
    open_cases = Case.objects.filter(
        project=membership.project_id, mentor=membership.user_id
    ).open()
    if open_cases.exists():
        return _(
            "%(name)s still has open cases in this project. Please hand them "
            "over to another member first."
        ) % {"name": user_label(membership.user)}
    if only_lead(membership):
        return only_lead_message(membership)
    return None


def only_lead(membership: Membership) -> bool:
    """True if the member is a project lead and no other member of the project is."""
    leads = Membership.objects.filter(
        project=membership.project_id, user__groups__name=PROJECT_LEAD
    )
    return (
        leads.filter(pk=membership.pk).exists()
        and not leads.exclude(pk=membership.pk).exists()
    )


def only_lead_message(membership: Membership) -> str:
    return _(
        "%(name)s is the only project lead of %(project)s and cannot be removed."
    ) % {"name": user_label(membership.user), "project": membership.project}


class TeamAddForm(forms.ModelForm):
    """Add a user with the mentor role to a project: chosen from the list of
    mentors who belong to no project, or by username. A mentor of another
    project is refused; only an administrator moves staff between projects."""

    user = MentorChoiceField(
        label=_("mentor"), queryset=User.objects.none(), required=False
    )
    username = forms.CharField(
        label=_("or username"),
        max_length=150,
        required=False,
        help_text=_("For a mentor who is not in the list."),
    )

    class Meta:
        model = Membership
        fields = ["user"]

    def __init__(
        self,
        *args: Any,
        project: Project,
        candidates: list | None = None,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("auto_id", f"id_%s_{project.pk}")
        super().__init__(*args, instance=Membership(project=project), **kwargs)
        self.project = project
        self.fields["user"].queryset = unassigned_mentors()
        if candidates is not None:
            self.set_candidates(candidates)

    def set_candidates(self, candidates: list) -> None:
        """Offer already loaded users: the team page loads them once for all
        projects instead of one query per project."""
        self.fields["user"].widget.choices = [("", "---------")] + [
            (u.pk, user_label(u)) for u in candidates
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        chosen = cleaned.get("user")
        username = (cleaned.get("username") or "").strip()
        if self.errors:
            return cleaned
        if not chosen and not username:
            raise forms.ValidationError(
                _("Please choose a mentor or enter a username."), code="required"
            )
        if username:
            # Only mentors who belong to no project are found by name; every
            # other name gets the same answer, so the form never tells whether
            # an account exists or where it works. Own members are known anyway.
            named = unassigned_mentors().filter(username__iexact=username).first()
            if named is None:
                if self.project.memberships.filter(
                    user__username__iexact=username
                ).exists():
                    self.add_error(
                        "username", _("This user is already a member of the project.")
                    )
                else:
                    self.add_error(
                        "username",
                        _(
                            "Adding by this username is not possible. A mentor of "
                            "another project can be invited below."
                        ),
                    )
                return cleaned
            if chosen and chosen != named:
                raise forms.ValidationError(
                    _("Please either choose a mentor or enter a username, not both.")
                )
            cleaned["user"] = named
        self.instance.user = cleaned["user"]
        return cleaned

    def save(self, commit: bool = True) -> Membership:
        # get_or_create: a second click on "Add" must not fail on the unique pair.
        membership, _created = Membership.objects.get_or_create(
            user=self.cleaned_data["user"], project=self.project
        )
        return membership


class HandoverForm(forms.Form):
    """Reassign every open case of one member of a project to another member,
    then optionally remove the membership, in one transaction."""

    to = MentorChoiceField(
        label=_("Hand over to"),
        queryset=User.objects.none(),
        help_text=_("A mentor or project lead of the same project."),
    )
    remove_membership = forms.BooleanField(
        label=_("Then remove this person from the project"), required=False
    )

    def __init__(self, *args: Any, membership: Membership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.membership = membership
        self.fields["to"].queryset = project_mentors([membership.project_id]).exclude(
            pk=membership.user_id
        )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("remove_membership") and only_lead(self.membership):
            self.add_error("remove_membership", only_lead_message(self.membership))
        return cleaned

    def open_cases(self) -> QuerySet:
        return Case.objects.filter(
            project=self.membership.project_id, mentor=self.membership.user_id
        ).open()

    @transaction.atomic
    def save(self) -> int:
        """Move the open cases, each with a history entry; returns how many."""
        cases = list(self.open_cases().select_for_update())
        for case in cases:
            case.mentor = self.cleaned_data["to"]
            case.version += 1
        bulk_update_with_history(
            cases,
            Case,
            ["mentor", "version"],
            batch_size=HANDOVER_BATCH,
            default_change_reason=str(_("handover")),
        )
        moved = len(cases)
        if self.cleaned_data["remove_membership"]:
            self.membership.delete()
        return moved


class HandoverOfferForm(forms.Form):
    """Choose the project a mentee is handed over to."""

    to_project = forms.ModelChoiceField(
        label=_("Receiving project"), queryset=Project.objects.none()
    )

    def __init__(self, *args: Any, mentee: Mentee, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_project"].queryset = Project.objects.exclude(
            pk=mentee.project_id
        ).order_by("name")


class TeamInviteForm(forms.Form):
    """Invite a mentor by exact username. Says only "sent" or "not possible",
    so the form never tells who has an account or where they work."""

    username = forms.CharField(label=_("Exact username"), max_length=150)

    def __init__(self, *args: Any, project: Project, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", f"id_invite_%s_{project.pk}")
        super().__init__(*args, **kwargs)
        self.project = project

    def invitee(self) -> Any:
        """The user to invite, or None when an invitation is not possible."""
        username = self.cleaned_data["username"].strip()
        named = (
            mentor_role_users()
            .filter(username=username)
            .exclude(memberships__project=self.project)
            .first()
        )
        return named

    def save(self, *, by: Any) -> TeamInvitation | None:
        named = self.invitee()
        if named is None:
            return None
        invitation, _created = TeamInvitation.objects.get_or_create(
            project=self.project,
            user=named,
            status=TeamInvitation.Status.PENDING,
            defaults={"invited_by": by},
        )
        return invitation
