"""The exploitation as an Excel workbook in the shape GREX analysts know: years as columns, cost and
revenue items as rows, totals and NPV as live formulas (openpyxl), so the NPV can be traced."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter

from wijkaanpak.analysis.evaluate import Result
from wijkaanpak.model.inputs import pct
from wijkaanpak.texts import Texts

_T = Texts("nl")
_KEY = {"public_space": "public_space_cost"}
FIRST_ROW = 6  # first item row
HEADER = Font(bold=True, color="FFFFFF")
FILL = PatternFill("solid", fgColor="154273")


def _sheet_name(i: int, plan: str) -> str:
    return f"{i + 1} {plan}"[:31]


def write_workbook(results: list[Result], path: Path) -> Path:
    """One sheet per plan plus an overview whose NPVs refer to the plan sheets. Returns ``path``."""
    wb = Workbook()
    overview = wb.active
    overview.title = "Overzicht"
    overview.append(
        [
            "Plan",
            "Exploitatieresultaat GREX (NCW, formule)",
            "MKBA-saldo t.o.v. nulalternatief (engine, reëel)",
        ]
    )
    for cell in overview[1]:
        cell.font, cell.fill = HEADER, FILL
    for i, result in enumerate(results):
        ws = wb.create_sheet(_sheet_name(i, result.plan.name))
        npv_cell = _plan_sheet(ws, result)
        overview.append(
            [result.plan.name, f"='{ws.title}'!{npv_cell}", round(result.societal_npv, 2)]
        )
    overview.column_dimensions["A"].width = 32
    overview.column_dimensions["B"].width = 36
    overview.column_dimensions["C"].width = 30
    wb.save(path)
    return path


def _plan_sheet(ws: Any, result: Result) -> str:
    """Fill one plan's sheet; return the address of its NPV cell."""
    inp = result.evaluation.inputs
    flows = result.exploitation
    years = list(flows.columns)
    ws.append([f"Exploitatie gemeente/WOM — plan {result.plan.name}", "", inp.label])
    ws.append(["Disconteringsvoet [1/jr]", pct(inp.assumptions.general.discount_rate)])
    ws.append(
        [
            "Peildatum",
            f"1-1-{inp.year0}",
            "bedragen in euro per jaar (nominaal); NCW = NPV() op de peildatum",
        ]
    )
    ws.append([])
    ws.append(["Post", *years, "Totaal", "NCW"])
    for cell in ws[FIRST_ROW - 1]:
        cell.font, cell.fill = HEADER, FILL
    first, last = get_column_letter(2), get_column_letter(1 + len(years))
    npv_col = get_column_letter(3 + len(years))
    row = FIRST_ROW
    for category, values in flows.iterrows():
        ws.append(
            [
                _T(_KEY.get(str(category), str(category))),
                *[round(float(v), 2) for v in values],
                f"=SUM({first}{row}:{last}{row})",
                f"=NPV($B$2,{first}{row}:{last}{row})",
            ]
        )
        row += 1
    end = row - 1
    saldo = ["Saldo"] + [
        f"=SUM({get_column_letter(c)}{FIRST_ROW}:{get_column_letter(c)}{end})"
        for c in range(2, 2 + len(years))
    ]
    ws.append([*saldo, f"=SUM({first}{row}:{last}{row})", f"=NPV($B$2,{first}{row}:{last}{row})"])
    for cell in ws[row]:
        cell.font = Font(bold=True)
    ws.column_dimensions["A"].width = 34
    for c in range(2, 4 + len(years)):
        ws.column_dimensions[get_column_letter(c)].width = 14
        for r in range(FIRST_ROW, row + 1):
            ws.cell(r, c).number_format = "#,##0"
    return f"{npv_col}{row}"
