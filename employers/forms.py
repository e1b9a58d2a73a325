"""Forms for employers, their contact persons and employer consultations."""

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Membership, Mentee, Project
from employers.models import ContactPerson, Employer, EmployerConsultation
from mentoring.permissions import project_ids_subquery


class EmployerForm(forms.ModelForm):
    class Meta:
        model = Employer
        fields = [
            "name",
            "sector",
            "size_class",
            "street",
            "postcode",
            "city",
            "region",
        ]
        widgets = {
            "name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "street": forms.TextInput(attrs={"autocomplete": "street-address"}),
            "postcode": forms.TextInput(
                attrs={
                    "autocomplete": "postal-code",
                    "inputmode": "numeric",
                    "pattern": "[0-9]{5}",
                }
            ),
            "city": forms.TextInput(attrs={"autocomplete": "address-level2"}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].empty_label = _("unknown / outside Saxony")

    def clean_name(self) -> str:
        return " ".join(self.cleaned_data["name"].split())


class ContactPersonForm(forms.ModelForm):
    class Meta:
        model = ContactPerson
        fields = ["name", "position", "phone", "email"]
        widgets = {
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
        }


ContactPersonFormSet = inlineformset_factory(
    Employer,
    ContactPerson,
    form=ContactPersonForm,
    extra=1,
    can_delete=True,
)


class MentorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class MenteeChoiceField(forms.ModelChoiceField):
    """Mentees by their pseudonymous code (no names outside the case pages)."""

    def __init__(self, *args: Any, show_project: bool = False, **kwargs: Any) -> None:
        self.show_project = show_project
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Mentee) -> str:
        return f"{obj.code} ({obj.project})" if self.show_project else obj.code


class EmployerConsultationForm(forms.ModelForm):
    """A consultation of the user's project; project, mentor and mentee are
    offered only from the user's own projects."""

    class Meta:
        model = EmployerConsultation
        fields = ["project", "date", "topic", "mentor", "mentee", "notes"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own_projects = project_ids_subquery(user)
        self.projects = list(Project.objects.filter(pk__in=own_projects))
        several = len(self.projects) > 1
        if several:
            self.fields["project"].queryset = Project.objects.filter(
                pk__in=own_projects
            )
            self.fields["project"].empty_label = None
        else:
            # One project: nothing to choose, and nothing else may be posted.
            del self.fields["project"]
            if self.projects and not self.instance.project_id:
                self.instance.project = self.projects[0]
        self.fields["mentor"] = MentorChoiceField(
            label=self.fields["mentor"].label,
            queryset=User.objects.filter(memberships__project_id__in=own_projects)
            .distinct()
            .order_by("last_name", "first_name", "username"),
            empty_label=None,
        )
        self.fields["mentee"] = MenteeChoiceField(
            label=self.fields["mentee"].label,
            queryset=Mentee.objects.visible_to(user)
            .select_related("project")
            .order_by("code"),
            required=False,
            show_project=several,
            empty_label=_("no particular mentee"),
            help_text=_("Optional: the consultation was about this mentee."),
            error_messages={
                "invalid_choice": _("Please choose a mentee of your own project."),
            },
        )
        if not self.instance.pk:
            self.initial["mentor"] = user.pk
            self.initial["date"] = timezone.localdate()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        project = cleaned.get("project") or (
            self.instance.project if self.instance.project_id else None
        )
        if not self.projects:
            raise forms.ValidationError(
                _(
                    "You do not work in any project, so you cannot record a "
                    "consultation."
                )
            )
        mentor = cleaned.get("mentor")
        if (
            project
            and mentor
            and not Membership.objects.filter(user=mentor, project=project).exists()
        ):
            self.add_error("mentor", _("This person does not work in the project."))
        return cleaned
