"""Code the apps of this example share: a local module, not an installed package."""


def normalize(text: str) -> str:
    return " ".join(text.split()).lower()
