"""Models of the quizapp window."""
