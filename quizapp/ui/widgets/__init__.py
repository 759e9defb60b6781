"""Widgets of the quizapp window."""
