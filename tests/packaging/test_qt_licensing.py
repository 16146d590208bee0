"""The GPL-only Qt filter the PyInstaller spec applies: it drops those files and keeps the LGPL ones."""

from __future__ import annotations

import pytest

from tests.packaging.qt_licensing_module import load

qt_licensing = load()

GPL_ONLY = [
    "PySide6/Qt/plugins/platforminputcontexts/libqtvirtualkeyboardplugin.so",
    "PySide6/Qt/lib/libQt6VirtualKeyboard.so.6",
    "PySide6/Qt/qml/QtQuick/VirtualKeyboard/qmldir",
    "PySide6/Qt/lib/libQt6Charts.so.6",
    "PySide6/QtCharts.abi3.so",
    "PySide6/Qt/lib/libQt6DataVisualization.so.6",
    "PySide6/QtDataVisualization.abi3.so",
    "PySide6/Qt/lib/libQt6Graphs.so.6",
    "PySide6/QtGraphsWidgets.abi3.so",
    "PySide6/Qt/lib/libQt6Quick3DRuntimeRender.so.6",
    "PySide6/Qt/plugins/assetimporters/libassimp.so",
    "PySide6/Qt/lib/libQt6Lottie.so.6",
    "PySide6/Qt/lib/libQt6NetworkAuth.so.6",
    "PySide6/Qt/lib/libQt6HttpServer.so.6",
    "PySide6/Qt/lib/libQt6WaylandCompositor.so.6",
    "PySide6/Qt/lib/libQt6ShaderTools.so.6",
    "PySide6\\Qt6Charts.dll",  # Windows separators
]
LGPL = [
    "PySide6/Qt/lib/libQt6Core.so.6",
    "PySide6/Qt/lib/libQt6Gui.so.6",
    "PySide6/Qt/lib/libQt6Widgets.so.6",
    "PySide6/Qt/lib/libQt6Svg.so.6",
    "PySide6/Qt/lib/libQt6Multimedia.so.6",
    "PySide6/Qt/lib/libQt6TextToSpeech.so.6",
    "PySide6/Qt/plugins/platforms/libqxcb.so",
    "PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/platforminputcontexts/libibusplatforminputcontextplugin.so",
    "PySide6/Qt/plugins/imageformats/libqsvg.so",
    "pyqtgraph/icons/auto.png",
    "psoas_desktop/charts/session_chart.py",
    "resources/styles/app.qss",
]


@pytest.mark.parametrize("path", GPL_ONLY)
def test_gpl_only_qt_files_are_recognised(path: str) -> None:
    """Each GPL-only module's libraries, plugins, QML and bindings are caught by name."""
    assert qt_licensing.is_gpl_only(path)


@pytest.mark.parametrize("path", LGPL)
def test_lgpl_qt_files_and_the_app_are_kept(path: str) -> None:
    """Qt's LGPL modules (including Multimedia and TextToSpeech), pyqtgraph and the app stay."""
    assert not qt_licensing.is_gpl_only(path)


def test_drop_gpl_only_filters_pyinstaller_toc_entries() -> None:
    """TOC entries (destination, source, type) keep their order; GPL-only ones are gone."""
    toc = [(name, f"/src/{name}", "BINARY") for name in [LGPL[0], GPL_ONLY[0], LGPL[1]]]
    assert qt_licensing.drop_gpl_only(toc) == [toc[0], toc[2]]
