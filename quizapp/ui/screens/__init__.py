"""Screens of the quizapp window."""
