"""Domain errors. The CLI turns each into one line on stderr and exit code 3."""


class RewriteError(Exception):
    """Base of every error rewrite reports to the user (exit 3)."""


class InputError(RewriteError):
    """A file that cannot be read as text."""


class GlossaryError(RewriteError):
    """A malformed glossary file; the message names file and line."""


class ConfigError(RewriteError):
    """A bad configuration file or value."""


class GrammarUnavailable(RewriteError):
    """LanguageTool (or Java) is missing or does not answer."""
