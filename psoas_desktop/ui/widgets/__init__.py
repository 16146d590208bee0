"""Reusable touch widgets: one big button, one stepper card, one number row, one pacer ring."""
