"""The `paper-digest` command line: thin wrappers around the pipeline and MkDocs.

Exit codes: 0 success, 1 the dumps have errors (or the build failed, or the check found a change
that would break a published URL or leave the record of published URLs stale), 2 bad usage.
This is the only place where domain errors become exit codes.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from datetime import date, datetime, timezone
from pathlib import Path

from . import __version__, change, pipeline, review
from .config import Settings, settings_help
from .errors import DigestError, DumpErrors, SettingsError
from .git import RevisionError
from .files import write_atomic
from .model import Problem, PublishedUrl
from .render import catalog_to_json

EXIT_OK, EXIT_DUMP_ERRORS, EXIT_USAGE = 0, 1, 2


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `paper-digest` console script."""
    args = _parser().parse_args(argv)
    try:
        return int(args.run(args))
    except (SettingsError, RevisionError) as error:
        print(f"paper-digest: {error}", file=sys.stderr)
        return EXIT_USAGE
    except DumpErrors as error:
        _print_problems(error.problems)
        return EXIT_DUMP_ERRORS
    except DigestError as error:
        print(f"paper-digest: {error}", file=sys.stderr)
        return EXIT_DUMP_ERRORS


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="paper-digest", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"paper-digest {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    catalog = commands.add_parser("catalog", help="write the catalog as JSON (no site build)")
    _add_input_options(catalog)
    catalog.add_argument("-o", "--output", type=Path, help="write here instead of standard output")
    catalog.add_argument("--strict", action="store_true", help="exit 1 when a dump has errors")
    catalog.set_defaults(run=_catalog)

    check = commands.add_parser("check", help="review a change of the dumps: what it adds,"
                                " changes and removes, and what becomes of every published URL")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE",
                       help="dump files to check as a pull request would add them")
    check.add_argument("--base", metavar="REF", help="instead of FILE...: review the change of the"
                       " dumps folder since the git revision REF (e.g. origin/main)")
    _add_input_options(check)
    check.add_argument("--markdown", action="store_true", help="print the report as Markdown")
    check.add_argument("--summary", type=Path, metavar="FILE",
                       help="also append the Markdown report to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    check.set_defaults(run=_check)

    record = commands.add_parser("record", help="bring the record of published URLs up to date"
                                 " with the dumps (commit it with them)")
    record.add_argument("--base", metavar="REF", help="the git revision the dumps changed from, for"
                        " the similar papers of removed ones (default: HEAD)")
    _add_input_options(record)
    record.set_defaults(run=_record)

    for name, help_text in (("build", "build the site with MkDocs"),
                            ("serve", "preview the site, rebuilding when a dump changes")):
        command = commands.add_parser(name, help=help_text)
        command.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"),
                             help="MkDocs configuration (default: mkdocs.yml)")
        command.set_defaults(run=_build if name == "build" else _serve)
    commands.choices["build"].add_argument("-d", "--site-dir", type=Path,
                                           help="output folder (default: site/)")
    commands.choices["build"].add_argument("--no-strict", dest="strict", action="store_false",
                                           help="do not fail on MkDocs warnings")
    commands.choices["serve"].add_argument("-a", "--dev-addr", default="127.0.0.1:8000",
                                           help="address to serve on (default: 127.0.0.1:8000)")
    return parser


def _add_input_options(command: argparse.ArgumentParser) -> None:
    defaults, help_text = Settings(), settings_help()
    command.add_argument("--dumps", type=Path, default=defaults.dumps_dir, metavar="DIR",
                         help=f"{help_text['dumps_dir']} (default: {defaults.dumps_dir})")
    command.add_argument("--taxonomy", type=Path, default=defaults.taxonomy, metavar="FILE",
                         help=f"{help_text['taxonomy']} (default: {defaults.taxonomy})")
    command.add_argument("--record", type=Path, default=defaults.url_record, metavar="FILE",
                         help=f"{help_text['url_record']} (default: {defaults.url_record})")
    command.add_argument("--quiet", action="store_true", help="no progress bars")


def _settings(args: argparse.Namespace, **overrides: object) -> Settings:
    _require_folder(args.dumps)
    return Settings(dumps_dir=args.dumps, taxonomy=args.taxonomy, url_record=args.record,
                    progress=not args.quiet, **overrides)  # type: ignore[arg-type]


def _require_folder(folder: Path) -> None:
    if not folder.is_dir():
        raise SettingsError([f"dumps folder {str(folder)!r} does not exist"])


def _catalog(args: argparse.Namespace) -> int:
    catalog = pipeline.build_catalog(_settings(args, strict=args.strict))
    text = catalog_to_json(catalog)
    if args.output:
        write_atomic(args.output, text)
    else:
        sys.stdout.write(text)
    _print_problems(catalog.problems)
    print(f"{len(catalog.papers)} papers from {len(catalog.dumps)} dumps", file=sys.stderr)
    return EXIT_OK


def _check(args: argparse.Namespace) -> int:
    if bool(args.files) == bool(args.base):
        raise SettingsError(["give the dump files to check, or --base REF to review the change of"
                             " the dumps folder since REF (not both)"])
    missing = [str(path) for path in args.files if not path.is_file()]
    if missing:
        raise SettingsError([f"no such file: {name}" for name in missing])
    settings = _settings(args)
    result = change.review_change(settings, args.base) if args.base else \
        change.review_files(settings, tuple(args.files))
    markdown = review.format_markdown(result)
    sys.stdout.write(markdown if args.markdown else review.format_text(result))
    if args.summary:
        with args.summary.open("a", encoding="utf-8") as summary:
            summary.write(markdown)
    return EXIT_OK if result.is_clean else EXIT_DUMP_ERRORS


def _record(args: argparse.Namespace) -> int:
    update = change.update_record(_settings(args), args.base, _today())
    path = pipeline.shown_path(args.record)
    if update.after == update.before:
        print(f"{path} is up to date: {_states(update.after)}", file=sys.stderr)
        return EXIT_OK
    write_atomic(args.record, update.text)
    since = f" since {update.base}" if update.base else ""
    print(f"{path} written: {_states(update.after)}; {_differences(update)}{since}", file=sys.stderr)
    if update.without_similar:
        print(f"{len(update.without_similar)} removed paper(s) not found in git to list their similar"
              f" papers (papers/{update.without_similar[0]}/, ...): run with --base REF naming a"
              " commit that has them", file=sys.stderr)
    print(f"Commit {path} with the dumps.", file=sys.stderr)
    return EXIT_OK


def _today() -> date:
    """The day removals are recorded on: SOURCE_DATE_EPOCH's when set, for reproducible runs."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=timezone.utc).date()
    return date.today()


def _states(urls: tuple[PublishedUrl, ...]) -> str:
    count = {state: sum(url.state == state for url in urls) for state in ("live", "redirect", "removed")}
    return f"{count['live']} live, {count['redirect']} redirected, {count['removed']} removed"


def _differences(update: change.RecordUpdate) -> str:
    before = {url.slug: url for url in update.before}
    new = sum(url.slug not in before for url in update.after)
    moved = sum(url.slug in before and url.state != before[url.slug].state for url in update.after)
    edited = sum(url.slug in before and url.state == before[url.slug].state and url != before[url.slug]
                 for url in update.after)
    return f"{new} new, {moved} changed state, {edited} with a new title, keys or redirect target"


def _build(args: argparse.Namespace) -> int:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    _show_mkdocs_log()
    options = {"site_dir": str(args.site_dir)} if args.site_dir else {}
    try:
        config = load_config(str(args.config_file), strict=args.strict, **options)
        build(config)
    except (Abort, ConfigurationError) as error:
        print(f"paper-digest: build failed: {error}", file=sys.stderr)
        return EXIT_DUMP_ERRORS
    return EXIT_OK


def _show_mkdocs_log() -> None:
    """Print MkDocs' messages as `mkdocs build` would (the API alone prints nothing)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def _serve(args: argparse.Namespace) -> int:
    from mkdocs.commands.serve import serve

    _show_mkdocs_log()
    serve(config_file=str(args.config_file), dev_addr=args.dev_addr)
    return EXIT_OK


def _print_problems(problems: tuple[Problem, ...]) -> None:
    for problem in problems:
        excerpt = f" > {problem.excerpt}" if problem.excerpt else ""
        print(f"{problem.location()}: {problem.severity}: {problem.message}{excerpt}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
