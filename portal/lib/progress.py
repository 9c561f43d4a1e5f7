"""A progress bar for long management commands (the registry import, seed_scale)."""


class ProgressBar:
    """A one-line bar, redrawn in place with a carriage return: for terminals only. Called with
    (done, total); `label` names the step and `unit` what is counted."""

    WIDTH = 40

    def __init__(self, stream, label: str = "", unit: str = ""):
        self.stream = stream
        self.label = f"{label:<20} " if label else ""
        self.unit = f" {unit}" if unit else ""
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        filled = self.WIDTH * done // total if total else self.WIDTH
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r{self.label}[{bar}] {done:,}/{total:,}{self.unit}", ending="")
        self.stream.flush()
        self.drawn = True

    def finish(self) -> None:
        if self.drawn:
            self.stream.write("")
