"""`secpanel generate`'s options as the scale issue names them: `--years Y` and `--records N`
are read into the generator's `Options` (the generator itself is replaced here: its work is
tested in test_generate.py and test_bulk.py)."""

from __future__ import annotations

import datetime
import io
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from secpanel.core.management.commands import generate as command
from secpanel.generator import Options


@pytest.fixture
def asked(monkeypatch) -> list[Options]:
    seen: list[Options] = []

    def fake(opts: Options, progress: Any = None) -> Any:
        seen.append(opts)
        raise CommandError("stop here")

    monkeypatch.setattr(command, "generate", fake)
    return seen


def _run(*args: str) -> None:
    call_command("generate", *args, stdout=io.StringIO())


def test_a_decade_of_a_million_records(asked):
    with pytest.raises(CommandError, match="stop here"):
        _run("--years", "10", "--records", "1,000,000", "--seed", "7")
    (opts,) = asked
    assert opts.start == datetime.date(2019, 6, 1)
    assert opts.until == datetime.date(2029, 5, 31)
    assert opts.scale == 1_000_000
    assert opts.seed == 7


def test_records_is_scale(asked):
    with pytest.raises(CommandError, match="stop here"):
        _run("--scale", "60000", "--until", "2020-01-31")
    with pytest.raises(CommandError, match="stop here"):
        _run("--records", "60000", "--until", "2020-01-31")
    assert asked[0] == asked[1]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--years", "3", "--until", "2020-01-31"), "not both"),
        (("--years", "0"), "from 1 to 50"),
        (("--records", "demo"), "a number of records"),
        (("--records", "lots"), "a number of records"),
    ],
)
def test_bad_options_are_refused_with_the_reason(asked, args, message):
    with pytest.raises(CommandError, match=message):
        _run(*args)
    assert asked == []


def test_scale_and_records_together_are_refused():
    with pytest.raises(CommandError, match="not allowed with argument"):
        _run("--scale", "1000", "--records", "1000")
