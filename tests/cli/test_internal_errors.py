"""A bug inside a command is reported in one paragraph, with the traceback kept in a file."""

from __future__ import annotations


def test_an_internal_error_is_reported_without_a_traceback(runner, app, monkeypatch, isolated_home):
    import sysdesign.core.report as report

    def broken(*args, **kwargs):
        raise ValueError("synthetic failure")

    monkeypatch.setattr(report, "build_report", broken)
    result = runner.invoke(app, ["progress", "--json"])
    assert result.exit_code == 70
    assert "internal error (ValueError: synthetic failure)" in result.output
    assert "Traceback" not in result.output
    log = isolated_home / "last-error.txt"
    assert "synthetic failure" in log.read_text() and "Traceback" in log.read_text()


def test_debug_variable_shows_the_real_exception(runner, app, monkeypatch):
    import sysdesign.core.report as report

    monkeypatch.setenv("SYSDESIGN_DEBUG", "1")
    monkeypatch.setattr(report, "build_report", lambda *a, **k: (_ for _ in ()).throw(ValueError("boom")))
    result = runner.invoke(app, ["progress", "--json"])
    assert isinstance(result.exception, ValueError)
