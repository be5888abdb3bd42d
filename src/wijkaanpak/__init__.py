"""wijkaanpak: plan the neighbourhood approach to foundation problems.

Packages
--------
model      pure, vectorised computations and data structures (no file, network or database access)
io         every read and write of files and external formats (CSV, GeoPackage, GeoJSON, BAG, YAML)
reference  the deterministic generator of the fictional reference neighbourhood "Voorbeeldwijk"
analysis   summaries and analyses built on the model
report     documents rendered from the model (schema documentation, later the council report)
cli        the ``wijkaanpak`` command line
"""

__version__ = "0.1.0.dev0"
