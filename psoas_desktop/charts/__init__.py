"""pyqtgraph charts fed plain series from domain.analysis; they never query the database.

Import this package only when the first chart is built: pyqtgraph costs about 0.4 s to import.
"""
