"""Which Qt files may ship: Qt modules offered only under the GPL never go into a bundle.

Psoas Desktop is not GPL software, so it may ship Qt's LGPL modules (as separate shared libraries)
but none of the Qt modules offered only under the GPL or a commercial licence. PySide6-Addons
carries several of them, and PyInstaller's Qt hooks collect some even when the app never imports
them (the Qt Virtual Keyboard input-context plugin comes with QtGui), so the spec filters every
collected file by name with `is_gpl_only`, and tests/packaging checks the finished bundle with it.

The list errs on the side of leaving out: the app uses none of these modules.
"""

from __future__ import annotations

from collections.abc import Iterable
from fnmatch import fnmatch
from typing import TypeVar

# Lower-case glob patterns matched against a bundle-relative path with forward slashes.
GPL_ONLY_PATTERNS: tuple[str, ...] = (
    "*virtualkeyboard*",  # Qt Virtual Keyboard, incl. plugins/platforminputcontexts/ and qml/
    "*charts*",  # Qt Charts (libQt6Charts*, PySide6/QtCharts*, qml/QtCharts)
    "*datavisualization*",  # Qt Data Visualization
    "*qt6graphs*", "*/qtgraphs*", "qtgraphs*",  # Qt Graphs (2D/3D), Qt's successor to both
    "*quick3d*",  # Qt Quick 3D, its physics, particles, XR and asset import
    "*/plugins/assetimporters/*",  # Qt Quick 3D's asset importers
    "*lottie*",  # Qt Lottie Animation
    "*quicktimeline*",  # Qt Quick Timeline
    "*networkauth*",  # Qt Network Authorization
    "*httpserver*",  # Qt HTTP Server
    "*waylandcompositor*", "*/plugins/wayland-graphics-integration-server/*",  # Wayland Compositor
    "*protobuf*", "*grpc*",  # Qt Protobuf and Qt GRPC
    "*qt6coap*", "*qtcoap*",  # Qt CoAP
    "*qt6mqtt*", "*qtmqtt*",  # Qt MQTT
    "*opcua*",  # Qt OPC UA
    "*shadertools*",  # Qt Shader Tools
    "*qtinsight*", "*qt6insight*",  # Qt Insight
    "*applicationmanager*",  # Qt Application Manager
    "*interfaceframework*",  # Qt Interface Framework
)

# The PySide6 bindings of those modules, excluded from the analysis before any file is collected.
GPL_ONLY_PYTHON_MODULES: tuple[str, ...] = (
    "PySide6.QtCharts", "PySide6.QtDataVisualization", "PySide6.QtGraphs",
    "PySide6.QtGraphsWidgets", "PySide6.QtQuick3D", "PySide6.QtNetworkAuth",
    "PySide6.QtHttpServer", "PySide6.QtVirtualKeyboard",
)

# Where a match is not Qt at all (our own `psoas_desktop.charts` package is pure Python inside
# the archive, but keep its name safe should it ever be collected as files).
ALLOWED_PREFIXES: tuple[str, ...] = ("psoas_desktop/",)

Entry = TypeVar("Entry", bound=tuple)


def is_gpl_only(path: str) -> bool:
    """True for a file of a Qt module offered only under the GPL, by its path in the bundle."""
    name = path.replace("\\", "/").lower().lstrip("./")
    if name.startswith(ALLOWED_PREFIXES):
        return False
    return any(fnmatch(name, pattern) for pattern in GPL_ONLY_PATTERNS)


def drop_gpl_only(entries: Iterable[Entry]) -> list[Entry]:
    """PyInstaller TOC entries (destination name, source, type) minus the GPL-only Qt files."""
    return [entry for entry in entries if not is_gpl_only(str(entry[0]))]
