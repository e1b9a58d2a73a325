from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from imports.reader import max_upload_bytes


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet (XLSX or CSV)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than the limit of %(limit)s.")
                % {"limit": filesizeformat(limit)}
            )
        return upload


class EmployerChoiceForm(forms.Form):
    """One choice per likely employer match: the registry's employer, or new."""

    NEW = "new"

    def __init__(self, *args, matches: list[dict], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.matches = matches
        for match in matches:
            self.fields[self.field_name(match)] = forms.ChoiceField(
                label=match["name"],
                widget=forms.RadioSelect,
                choices=[
                    (
                        str(match["employer_id"]),
                        _("The same employer: %(name)s, %(city)s")
                        % {
                            "name": match["employer_name"],
                            "city": match["employer_city"],
                        },
                    ),
                    (self.NEW, _("A new employer")),
                ],
            )

    @staticmethod
    def field_name(match: dict) -> str:
        return f"employer_{match['own_id']}"

    def bound_rows(self) -> list[tuple[dict, forms.BoundField]]:
        return [(match, self[self.field_name(match)]) for match in self.matches]

    def choices(self) -> dict[str, int | None]:
        chosen = {}
        for match in self.matches:
            value = self.cleaned_data[self.field_name(match)]
            chosen[match["own_id"]] = None if value == self.NEW else int(value)
        return chosen
