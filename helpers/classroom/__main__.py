"""``python -m helpers.classroom``: the instructor's command line (``--help`` for the commands)."""

import argparse
import sys

from helpers.classroom import safe_write


def _student_edition(args):
    from helpers.classroom import edition

    try:
        edition.build(args.out, backup=args.backup)
    except (edition.EditionRefused, safe_write.EditedFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    print(f"student edition written to {args.out}")
    return 0


def _site(args):
    from helpers.classroom import site

    try:
        site.build(args.out, editions=args.edition, executed=args.executed, backup=args.backup,
                   progress_bar=not args.no_progress, jobs=args.jobs, save_executed=args.save_executed)
    except (site.SiteError, safe_write.EditedFileError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def _gitpuller_link(args):
    from helpers.classroom import gitpuller

    try:
        print(gitpuller.link(args.hub, args.repo, branch=args.branch, path=args.path, app=args.app,
                             targetpath=args.targetpath))
    except ValueError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


def _guide(args):
    from helpers.classroom import guide

    stale = []
    try:
        for path in guide.write(backup=args.backup, stale=stale):
            print(f"wrote {path}")
        for path, what in stale:
            print(f"page of a lesson that no longer exists: {path} ({what})")
    except (safe_write.EditedFileError, guide.GuideError, guide.notes.NotesError) as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def parser():
    """The argument parser of ``python -m helpers.classroom``."""
    top = argparse.ArgumentParser(prog="python -m helpers.classroom",
                                  description="Instructor tools for the Air Encounters kit.")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("student-edition", help="write the lessons without solutions into a folder",
                       description="Write every lesson without its solution cells into OUT. Never "
                                   "overwrites a file changed since it was written there: stops and "
                                   "lists them (or, with --backup, keeps a timestamped copy first). "
                                   "Refuses the lessons' own folder.")
    p.add_argument("out", metavar="OUT", help="output folder, e.g. build/student")
    p.add_argument("--backup", action="store_true",
                   help="keep a timestamped copy of each edited file, then write the new edition")
    p.set_defaults(run=_student_edition)

    p = sub.add_parser("site", help="build the executed lessons as a static website",
                       description="Execute every lesson and write it as HTML pages: OUT/instructor "
                                   "(solutions collapsed) and OUT/student (no solutions). Maps work "
                                   "offline; widgets show their saved state when a local copy of npm's "
                                   "@jupyter-widgets/html-manager is found (else a note); each page "
                                   "links to its notebook.")
    p.add_argument("out", metavar="OUT", help="output folder, e.g. build/site")
    p.add_argument("--edition", action="append", choices=["instructor", "student"],
                   help="build only this edition (repeatable; default both)")
    p.add_argument("--executed", metavar="DIR",
                   help="take already-executed notebooks from DIR (same names as the lessons) instead of running them")
    p.add_argument("--save-executed", metavar="DIR",
                   help="keep each executed lesson in DIR (a later build can take them with --executed DIR)")
    p.add_argument("--jobs", type=int, default=1, metavar="N",
                   help="lessons executed at once, one kernel each (default 1; at most the number of cores)")
    p.add_argument("--backup", action="store_true", help="keep a timestamped copy of each edited page first")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.set_defaults(run=_site)

    p = sub.add_parser("gitpuller-link", help="print an nbgitpuller link for a JupyterHub",
                       description="Print a link that, on a JupyterHub with nbgitpuller, pulls the kit "
                                   "into the student's home and opens a lesson.")
    p.add_argument("--hub", required=True, help="the hub's base URL, e.g. https://hub.example.edu")
    p.add_argument("--repo", required=True, help="the kit's git URL, e.g. https://github.com/you/air-encounters")
    p.add_argument("--branch", default="main", help="branch to pull (default main)")
    p.add_argument("--path", default="notebooks/00_start_here.ipynb", help="file to open (default the first lesson)")
    p.add_argument("--app", default="lab", choices=["lab", "notebook"], help="interface (default lab)")
    p.add_argument("--targetpath", help="folder name in the student's home (default: the repository's name)")
    p.set_defaults(run=_gitpuller_link)

    p = sub.add_parser("guide", help="regenerate the instructor guide's lesson pages (docs/instructor/)",
                       description="Regenerate docs/instructor/lesson-NN.md for every lesson, "
                                   "docs/instructor/misconceptions.md and the lesson table of "
                                   "docs/instructor-guide.md from the notebooks, helpers/exercises/, "
                                   "tests/exercises/, data/ and docs/instructor/notes/. Never overwrites "
                                   "a page edited since it was generated (stops and names it).")
    p.add_argument("--backup", action="store_true", help="keep a timestamped copy of each edited page first")
    p.set_defaults(run=_guide)
    return top


def main(argv=None):
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
