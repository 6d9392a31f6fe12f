"""Progress bars for management commands that work through the library."""

from django.core.management.base import OutputWrapper


class ProgressStream:
    """Hands tqdm's output to a command's output wrapper unchanged.

    tqdm redraws its bar in place with carriage returns; Django's OutputWrapper
    would end every write with a newline and print each redraw on its own line.
    """

    def __init__(self, output: OutputWrapper) -> None:
        self.output = output

    def write(self, text: str) -> None:
        self.output.write(text, ending="")

    def flush(self) -> None:
        self.output.flush()
