"""The downloadable XLSX template: one sheet per kind of record.

Row 1 holds the German headers, row 2 a short explanation per column (the
import skips it when it starts with "Erläuterung"), and choice columns get a
drop-down list fed from a hidden sheet (Excel limits inline lists to 255
characters).
"""

import io

from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from cases.models import Region

from .columns import KINDS
from .reader import EXPLANATION_MARK

LISTS_SHEET = "Listen"
TEMPLATE_ROWS = 20000


def write_template() -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    lists = workbook.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    list_refs: dict[str, str] = {}

    def list_ref(name: str, values: list[str]) -> str:
        if name not in list_refs:
            column = get_column_letter(len(list_refs) + 1)
            lists[f"{column}1"] = name
            for row, value in enumerate(values, start=2):
                lists[f"{column}{row}"] = value
            last = len(values) + 1
            list_refs[name] = (
                f"{quote_sheetname(LISTS_SHEET)}!${column}$2:${column}${last}"
            )
        return list_refs[name]

    with translation.override("de"):
        for kind in KINDS:
            sheet = workbook.create_sheet(kind.sheet, len(workbook.worksheets) - 1)
            for index, column in enumerate(kind.columns, start=1):
                letter = get_column_letter(index)
                header = sheet.cell(1, index, column.header)
                header.font = Font(bold=True)
                note = column.help + (" Pflichtfeld." if column.required else "")
                explanation = sheet.cell(
                    2, index, (EXPLANATION_MARK if index == 1 else "") + note
                )
                explanation.alignment = Alignment(wrap_text=True, vertical="top")
                sheet.column_dimensions[letter].width = max(16, len(column.header) + 4)
                values = None
                if column.choices is not None:
                    values = [str(label) for label in column.choices.labels]
                    name = f"{kind.key}.{column.header}"
                elif column.header == "Landkreis":
                    values = list(Region.objects.values_list("name", flat=True))
                    name = "Landkreis"
                elif column.kind == "bool":
                    values, name = ["ja", "nein"], "ja/nein"
                if values:
                    validation = DataValidation(
                        type="list",
                        formula1=list_ref(name, values),
                        allow_blank=not column.required,
                        showErrorMessage=True,
                        errorTitle="Ungültiger Wert",
                        error="Bitte einen Wert aus der Liste wählen.",
                    )
                    validation.add(f"{letter}3:{letter}{TEMPLATE_ROWS + 2}")
                    sheet.add_data_validation(validation)
            sheet.freeze_panes = "B3"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
