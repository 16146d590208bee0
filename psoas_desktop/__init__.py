"""Psoas Desktop: a table-side guide for the psoas-length test and thoracic open-book rotations.

The app's identity lives here, in one place: the version (read by pyproject.toml too), the names
Qt stores settings under, and the reverse-DNS id the .desktop entry, AppStream metainfo and icons
are named after.
"""

__version__ = "0.1.0"
APP_NAME = "Psoas Desktop"
ORGANIZATION_NAME = "Psoas Desktop"
ORGANIZATION_DOMAIN = "psoasdesktop.org"
# Reverse-DNS id: resources/<APP_ID>.desktop, <APP_ID>.metainfo.xml, icons/.../<APP_ID>.png
APP_ID = "org.psoasdesktop.PsoasDesktop"
