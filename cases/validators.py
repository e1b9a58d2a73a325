"""Plausibility rules that forms, the admin and importers share.

An importer calls `Model.full_clean()`, which runs the field validators below
and each model's `clean()` (meeting within its case, next step not before
its meeting). Use the helpers here directly to check a value before a model
exists.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

# U+202A–U+202E (embeddings, overrides) and U+2066–U+2069 (isolates): they
# reorder how a name is shown, so "Ali" could display as another person's name.
BIDI_CONTROLS = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
)

# Free texts: long enough for a page of notes, short enough to stop pasted dumps.
NOTES_MAX_LENGTH = 5000


def reject_bidi_controls(value: str) -> None:
    """Refuse text direction control characters in a name."""
    if value and any(ch in BIDI_CONTROLS for ch in value):
        raise ValidationError(
            _(
                "The name contains invisible characters that change the text "
                "direction. Please type it again."
            ),
            code="bidi_control",
        )


def notes_max_length() -> MaxLengthValidator:
    """The length limit on a free text, with Django's German message."""
    return MaxLengthValidator(NOTES_MAX_LENGTH)
