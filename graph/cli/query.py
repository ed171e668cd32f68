"""Sub-commands of this group are registered here (filled in by the feature that owns them)."""


def register(subparsers) -> None:
    return None
