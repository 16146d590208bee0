"""pyqtgraph charts fed plain series from domain.analysis; they never query the database.

Import the chart modules only when the first chart is built: pyqtgraph costs about 0.4 s to import.
`charts.series` is plain Python and cheap.
"""

import os

# pyqtgraph picks its Qt binding at import; make it PySide6 whatever else is installed.
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
