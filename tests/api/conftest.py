from tests.capabilities.conftest import world  # noqa: F401
