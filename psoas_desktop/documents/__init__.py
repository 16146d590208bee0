"""Practice documents drawn with QtGui only (QPainter, QPdfWriter): the session report, the home
handout and the open-book figure. Never QtWidgets, so they render headless (command line, tests)."""
