"""quizapp: a desktop quiz app where every answer comes with its sources."""

__version__ = "0.1.0"
