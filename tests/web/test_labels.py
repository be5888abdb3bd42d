"""The web app names damage classes and tenures as the command line and the report do
(``wijkaanpak.texts``), in both languages: the map said "corporatie" where the report said
"corporatiehuur" before."""

from __future__ import annotations

import pytest
from django.utils import translation

from wijkaanpak.texts import EN, NL
from wijkaanpak.web.projects.blocktable import DAMAGE, TENURE


@pytest.mark.parametrize(("language", "texts"), [("nl", NL), ("en", EN)])
@pytest.mark.parametrize("labels", [DAMAGE, TENURE], ids=["damage", "tenure"])
def test_the_web_names_categories_as_the_report_does(
    language: str, texts: dict[str, str], labels: dict[str, object]
) -> None:
    with translation.override(language):
        shown = {key: str(label) for key, label in labels.items()}
    assert shown == {key: texts[key] for key in labels}
