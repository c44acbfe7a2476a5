"""`make run` says where the data and the logs are (issue 21)."""

from pathlib import Path

import pytest

from suitekit.supervisor import Suite, _print_banner


def test_the_banner_names_the_data_directory_and_the_log_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _print_banner(Suite(data_dir=tmp_path, client_secret="s3cret"))
    out = capsys.readouterr().out
    assert f"data           {tmp_path.resolve()}/" in out
    assert f"{tmp_path.resolve()}/<member>.log" in out
    assert str(tmp_path.resolve() / "gateway.log") in out
