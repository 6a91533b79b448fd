#!/usr/bin/env python3
"""Reference evaluator for `auditlog check`, written from docs/compliance.md and the event
catalogue (Schemas/README.md), independently of the Swift sources.

    python3 tools/reference/check.py EXPORT.ndjson --as-of YYYY-MM-DD [--known-at RFC3339]
                                     [--utc-offset +07:00]
    python3 tools/reference/check.py EXPORT.ndjson --point YYYY-MM-DD,K [--point ...]

EXPORT.ndjson is `auditlog --db X export`. Prints the JSON of `auditlog check --format json`
(sorted keys); with `--point` (repeated; K is `latest`, a date or an RFC 3339 instant), one such
report per line for each point in turn, the export read once. Exit 1 when a requirement is
violated or late (at any point), else 0; 64 for a missing or bad argument and 65 for an export it
cannot read (one line on standard error).
"""
import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import context  # noqa: E402
import dates  # noqa: E402
import export  # noqa: E402
import findings  # noqa: E402
import plan  # noqa: E402
import templates  # noqa: E402
import verdicts  # noqa: E402
import view  # noqa: E402

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_INPUT = 0, 1, 64, 65
DEFAULT_OFFSET = "+07:00"


class Parser(argparse.ArgumentParser):
    """An argument parser whose errors raise ValueError (one line, exit 64) instead of exiting 2."""

    def error(self, message):
        raise ValueError(message)


def parse_arguments(argv):
    """The command line: (args, [(as_of, known_at)], offset); a missing or malformed argument
    raises ValueError."""
    parser = Parser(description=__doc__.splitlines()[0])
    parser.add_argument("export")
    parser.add_argument("--as-of", default=None)
    parser.add_argument("--known-at", default=None)
    parser.add_argument("--point", action="append", default=[])
    parser.add_argument("--utc-offset", default=DEFAULT_OFFSET)
    args = parser.parse_args(argv)
    offset = dates.parse_offset(args.utc_offset)
    if args.point:
        if args.as_of is not None or args.known_at is not None:
            raise ValueError("--point is instead of --as-of and --known-at")
        points = []
        for point in args.point:
            as_of, comma, known_at = point.partition(",")
            if not comma:
                raise ValueError(f"--point {point}: expected YYYY-MM-DD,K")
            try:
                points.append((dates.parse_day(as_of), parse_known_at(known_at, offset)))
            except ValueError as error:
                raise ValueError(f"--point {point}: {error}") from None
        return args, points, offset
    if args.as_of is None:
        raise ValueError("the following arguments are required: --as-of (or --point)")
    return args, [(dates.parse_day(args.as_of), parse_known_at(args.known_at, offset))], offset


def parse_known_at(text, offset):
    """K from its argument: None for latest (or no argument), else the instant to the millisecond
    (a date is the end of that local day)."""
    if text in (None, "latest"):
        return None
    known_at = dates.end_of_local_day(dates.parse_day(text), offset) if len(text) == 10 else dates.parse_instant(text)
    return known_at.replace(microsecond=known_at.microsecond // 1000 * 1000)  # milliseconds


def known_at_text(known_at):
    """K as the report names it: "latest" or the UTC instant to the millisecond."""
    if known_at is None:
        return "latest"
    return known_at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{known_at.microsecond // 1000:03d}Z"


def run(entries, lines, as_of, known_at, offset):
    """The report as a dict (the JSON contract)."""
    events = view.effective_view(entries, known_at, offset)
    ctx = context.Context.build(events, as_of, offset)
    results, found = [], []
    for requirement in plan.requirements(events, as_of):
        instances, extra = templates.evaluate(requirement, ctx)
        directive = requirement.directive.payload
        verdict = verdicts.worst(i["verdict"] for i in instances)
        if as_of < requirement.effective_from:
            verdict = verdicts.NOT_APPLICABLE
        results.append({
            "req_ref": requirement.req_ref,
            "template": requirement.template,
            "text_vi": requirement.spec.get("text_vi"),
            "verdict": verdict,
            "param_source": requirement.spec.get("param_source"),
            "source_kind": directive.get("source_kind"),
            "official_source": directive.get("source_kind") != "news_report",
            "instances": instances,
        })
        found += extra + findings.orphaned(requirement, ctx)
    found += findings.data_quality(ctx)
    summary = {}
    for r in results:
        summary[r["verdict"]] = summary.get(r["verdict"], 0) + 1
    return {
        "as_of": as_of.isoformat(),
        "known_at": known_at_text(known_at),
        "log": {"size": entries[-1].seq if entries else 0, "root": export.merkle_root(lines)},
        "requirements": results,
        "findings": findings.ordered(found),
        "summary": summary,
    }


def main(argv):
    """Entry point: prints the report, returns the exit code."""
    try:
        args, points, offset = parse_arguments(argv)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_USAGE
    try:
        entries, lines = export.read_export(args.export)
        reports = [run(entries, lines, as_of, known_at, offset) for as_of, known_at in points]
    except export.InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_INPUT
    except (KeyError, TypeError, ValueError) as error:
        print(f"error: cannot read the log: {error!r}", file=sys.stderr)
        return EXIT_INPUT
    for report in reports:
        sys.stdout.write(json.dumps(report, sort_keys=True, ensure_ascii=False, separators=(",", ":")))
        sys.stdout.write("\n")
    bad = any(r["verdict"] in (verdicts.VIOLATED, verdicts.LATE) for report in reports for r in report["requirements"])
    return EXIT_FINDINGS if bad else EXIT_OK


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
