"""Screening many neighbourhoods (CBS buurten) at once: where is a wijkaanpak warranted?

:mod:`.blocks` derives blocks where the input has none, :mod:`.households` gives neighbourhood-level
default households, :mod:`.buurt` screens one buurt with the same model as ``evaluate``,
:mod:`.run` spreads the buurten over Dask workers (resumable), :mod:`.outputs` writes GeoPackage,
GeoParquet, CSV and a ranked HTML summary. See docs/screening.md.
"""
