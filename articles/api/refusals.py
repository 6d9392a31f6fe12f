"""The refusal every step of wire ingest raises: a sentence, the HTTP status and a code."""


class IngestRefused(Exception):
    """An item Newsroom will not take, with the HTTP status and code the API answers."""

    def __init__(self, message: str, *, status: int, code: str, problems: list[str] | None = None):
        super().__init__(message)
        self.message, self.status, self.code, self.problems = message, status, code, problems or []
