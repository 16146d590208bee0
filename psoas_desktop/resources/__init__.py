"""Bundled files (stylesheets, icons), found through importlib.resources from a checkout or a wheel."""

from importlib.resources import files
from importlib.resources.abc import Traversable


def resource(*parts: str) -> Traversable:
    return files(__name__).joinpath(*parts)
