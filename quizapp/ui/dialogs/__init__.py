"""Dialogs of the quizapp window."""
