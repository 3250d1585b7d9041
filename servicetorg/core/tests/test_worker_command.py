import pytest
from django.core.management import CommandError, call_command


def test_it_refuses_to_run_with_the_immediate_backend(settings):
    settings.TASKS_BACKEND = "immediate"
    with pytest.raises(CommandError, match="nothing for a worker to do"):
        call_command("worker")
